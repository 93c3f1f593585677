//! Tracing a leak: which vendor held the addresses that were phished.
//! Pure: the leaked addresses (normalised), each vendor's subject set and
//! canaries, and the organization's own domain in; a ranked report out.
//!
//! For each vendor: `hits`, the leaked addresses it held; `coverage`, hits
//! over the leaked addresses; `exclusive`, hits no other vendor held;
//! `canary_hits`, its canaries among them; and `chance`, the probability of
//! at least that many hits in its subject set if the leak had come from
//! elsewhere. That is the hypergeometric tail: the population is the union
//! of all subject sets, the draws the leaked addresses found in it.
//! docs/trace.md gives the verdicts' thresholds.

mod input;
mod next;

use statrs::function::factorial::ln_binomial;

pub use input::recipients_of_message;
pub use next::{next_steps, unprepared_steps};

use crate::subjects::{Key, SubjectSet};
use crate::terms::keyword_enum;

keyword_enum! {
    /// How sure the report is that a vendor is the source.
    Verdict {
        Certain = "certain",
        VeryLikely = "very likely",
        Possible = "possible",
        Unlikely = "unlikely",
    }
}

/// Below this `chance`, with at least `VERY_LIKELY_COVERAGE`, a vendor is
/// `very likely` the source.
pub const VERY_LIKELY_CHANCE: f64 = 1e-6;
pub const VERY_LIKELY_COVERAGE: f64 = 0.5;
/// Below this `chance`, a vendor is a `possible` source.
pub const POSSIBLE_CHANCE: f64 = 0.01;

/// What linger knows of one vendor.
pub struct Candidate<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Its subject set, when one was imported.
    pub subjects: Option<&'a SubjectSet>,
    /// Its canary addresses, normalised.
    pub canaries: Vec<String>,
}

/// One vendor in the report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suspect {
    pub id: String,
    pub name: String,
    pub hits: usize,
    pub coverage: f64,
    pub exclusive: usize,
    pub canary_hits: usize,
    /// `null` for a vendor with canaries only (no subject set to compare).
    pub chance: Option<f64>,
    pub verdict: Verdict,
    /// ln(chance), which keeps its order where `chance` underflows to 0.
    #[serde(skip)]
    pub ln_chance: f64,
}

/// The whole trace: the vendors ranked by how likely each held the leaked
/// addresses, with what was counted.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Ranking {
    /// Distinct leaked addresses considered.
    pub leaked: usize,
    /// Addresses of the organization's own domain that are no canary,
    /// left out (staff who received or forwarded the mails).
    pub own: usize,
    /// Leaked addresses no vendor held: the inventory's sets are
    /// incomplete, or the leak came from somewhere not in it.
    pub unknown: usize,
    /// Best first.
    pub vendors: Vec<Suspect>,
    /// The leaked addresses considered, sorted, each once: what
    /// `--write-addresses` writes for the letters. Never in the JSON.
    #[serde(skip)]
    pub addresses: Vec<String>,
}

/// A vendor that could hold the leaked addresses, for when nothing can be
/// ranked by evidence (no vendor has canaries or a subject set): a guess
/// from what the inventory records, never a verdict.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Guess {
    pub id: String,
    pub name: String,
    /// Its `records`, when recorded.
    pub records: Option<u64>,
    /// Whether it confirmed the deletion (a weaker guess, not none: a
    /// deletion can be claimed and not done).
    pub deleted: bool,
}

/// The vendors whose recorded `data` holds e-mail addresses, most likely
/// first: not confirmed deleted before confirmed, then by `records`.
pub fn could_hold(vendors: &[crate::inventory::Vendor]) -> Vec<Guess> {
    let mut guesses: Vec<Guess> = vendors
        .iter()
        .filter(|v| v.data.iter().flatten().any(|c| c.value == "contact.email"))
        .map(|v| Guess {
            id: v.id.value.clone(),
            name: v.name.clone(),
            records: v.records,
            deleted: v.last_event().is_some_and(|e| e.kind.is_done()),
        })
        .collect();
    guesses.sort_by(|a, b| {
        (a.deleted, std::cmp::Reverse(a.records), &a.id).cmp(&(
            b.deleted,
            std::cmp::Reverse(b.records),
            &b.id,
        ))
    });
    guesses
}

/// Ranks the candidates for the leaked `addresses` (normalised). `key`
/// hashes them for the subject sets; `own_domain` is the organization's
/// e-mail domain.
pub fn trace(
    addresses: &[String],
    key: Option<&Key>,
    candidates: &[Candidate<'_>],
    own_domain: &str,
) -> Ranking {
    let is_canary = |a: &str| candidates.iter().any(|c| c.canaries.iter().any(|x| x == a));
    let own_suffix = format!("@{}", own_domain.to_ascii_lowercase());
    let mut leaked: Vec<&String> = Vec::with_capacity(addresses.len());
    let mut own = 0;
    let mut seen = std::collections::HashSet::new();
    for address in addresses {
        if !seen.insert(address) {
            continue;
        }
        if address.ends_with(&own_suffix) && !is_canary(address) {
            own += 1;
        } else {
            leaked.push(address);
        }
    }
    let hashes: Vec<Option<u64>> = leaked.iter().map(|a| key.map(|k| k.hash(a))).collect();

    // Which candidates held each leaked address, in their sets or canaries.
    // The leaked hashes, sorted, are walked alongside each sorted set: a
    // sequential read, where a binary search per address would miss the
    // cache at every step of a million-entry set.
    let mut sorted: Vec<(u64, usize)> = hashes
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.map(|h| (h, i)))
        .collect();
    sorted.sort_unstable();
    let mut in_set = vec![vec![false; leaked.len()]; candidates.len()];
    let mut in_canaries = vec![vec![false; leaked.len()]; candidates.len()];
    // Each candidate's walk is independent of the others': spread over a
    // few threads (the machine's cores do them at once; pure work, no I/O).
    let per_thread = candidates.len().div_ceil(PARTS).max(1);
    std::thread::scope(|scope| {
        for ((part, sets), canaries) in candidates
            .chunks(per_thread)
            .zip(in_set.chunks_mut(per_thread))
            .zip(in_canaries.chunks_mut(per_thread))
        {
            let (sorted, leaked) = (&sorted, &leaked);
            scope.spawn(move || {
                for ((candidate, in_set), in_canaries) in part.iter().zip(sets).zip(canaries) {
                    if let Some(set) = candidate.subjects {
                        let set = set.hashes();
                        let mut at = 0;
                        for (hash, i) in sorted {
                            at = gallop(set, at, *hash);
                            if set.get(at) == Some(hash) {
                                in_set[*i] = true;
                            }
                        }
                    }
                    if !candidate.canaries.is_empty() {
                        for (i, address) in leaked.iter().enumerate() {
                            in_canaries[i] = candidate.canaries.iter().any(|c| c == *address);
                        }
                    }
                }
            });
        }
    });
    let holders: Vec<usize> = (0..leaked.len())
        .map(|i| {
            (0..candidates.len())
                .filter(|v| in_set[*v][i] || in_canaries[*v][i])
                .count()
        })
        .collect();
    let unknown = holders.iter().filter(|h| **h == 0).count();

    let sets: Vec<&SubjectSet> = candidates.iter().filter_map(|c| c.subjects).collect();
    let population = union_size(&sets) as u64;
    let drawn = (0..leaked.len())
        .filter(|i| (0..candidates.len()).any(|v| in_set[v][*i]))
        .count() as u64;

    let mut vendors: Vec<Suspect> = candidates
        .iter()
        .enumerate()
        .map(|(v, candidate)| {
            let held = |i: &usize| in_set[v][*i] || in_canaries[v][*i];
            let hits = (0..leaked.len()).filter(held).count();
            let exclusive = (0..leaked.len())
                .filter(|i| held(i) && holders[*i] == 1)
                .count();
            let canary_hits = (0..leaked.len()).filter(|i| in_canaries[v][*i]).count();
            let set_hits = (0..leaked.len()).filter(|i| in_set[v][*i]).count() as u64;
            let ln_chance = match candidate.subjects {
                Some(set) => ln_tail(population, set.len() as u64, drawn, set_hits),
                None => 0.0,
            };
            let coverage = if leaked.is_empty() {
                0.0
            } else {
                hits as f64 / leaked.len() as f64
            };
            let chance = candidate.subjects.map(|_| ln_chance.exp());
            let verdict = if canary_hits > 0 {
                Verdict::Certain
            } else if candidate.subjects.is_some()
                && ln_chance < VERY_LIKELY_CHANCE.ln()
                && coverage >= VERY_LIKELY_COVERAGE
            {
                Verdict::VeryLikely
            } else if candidate.subjects.is_some() && ln_chance < POSSIBLE_CHANCE.ln() {
                Verdict::Possible
            } else {
                Verdict::Unlikely
            };
            Suspect {
                id: candidate.id.to_string(),
                name: candidate.name.to_string(),
                hits,
                coverage,
                exclusive,
                canary_hits,
                chance,
                verdict,
                ln_chance,
            }
        })
        .filter(|s| s.hits > 0 || s.canary_hits > 0)
        .collect();
    // Canaries first, then the least likely by chance, then the most hits.
    vendors.sort_by(|a, b| {
        b.canary_hits
            .cmp(&a.canary_hits)
            .then(a.ln_chance.total_cmp(&b.ln_chance))
            .then(b.hits.cmp(&a.hits))
            .then(a.id.cmp(&b.id))
    });
    let mut addresses: Vec<String> = leaked.into_iter().cloned().collect();
    addresses.sort();
    Ranking {
        leaked: addresses.len(),
        own,
        unknown,
        vendors,
        addresses,
    }
}

/// How many threads the ranking's independent parts are spread over.
const PARTS: usize = 4;

/// The first index from `from` on whose entry is not below `target`:
/// exponential steps from `from`, then a binary search in the last step, so
/// a walk through a sorted list reads near where it already is.
fn gallop(sorted: &[u64], from: usize, target: u64) -> usize {
    let mut low = from;
    let mut step = 1;
    while low + step < sorted.len() && sorted[low + step] < target {
        low += step;
        step *= 2;
    }
    let high = (low + step + 1).min(sorted.len());
    low + sorted[low..high].partition_point(|h| *h < target)
}

/// How many distinct hashes the sets hold together. The hashes are
/// uniform, so the sets are cut into 4,096 buckets by their top bits; each
/// bucket's pieces (a few thousand hashes) are sorted together in cache and
/// counted, without ever copying whole sets.
fn union_size(sets: &[&SubjectSet]) -> usize {
    const BITS: u32 = 12;
    // The buckets are independent: `PARTS` threads take a range each.
    let per_part = (1u64 << BITS) / PARTS as u64;
    std::thread::scope(|scope| {
        let parts: Vec<_> = (0..PARTS as u64)
            .map(|p| {
                let buckets = p * per_part..(p + 1) * per_part;
                scope.spawn(move || union_in(sets, buckets, BITS))
            })
            .collect();
        parts
            .into_iter()
            .map(|part| part.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .sum()
    })
}

/// The distinct hashes of `sets` in `buckets` (of 2^`bits`).
fn union_in(sets: &[&SubjectSet], buckets: std::ops::Range<u64>, bits: u32) -> usize {
    let first = buckets.start << (64 - bits);
    let mut starts: Vec<usize> = sets
        .iter()
        .map(|set| {
            if buckets.start == 0 {
                0
            } else {
                set.hashes().partition_point(|h| *h < first)
            }
        })
        .collect();
    let mut buffer: Vec<u64> = Vec::new();
    let mut count = 0;
    for bucket in buckets {
        let end = if bucket + 1 == 1 << bits {
            None
        } else {
            Some((bucket + 1) << (64 - bits))
        };
        buffer.clear();
        for (s, set) in sets.iter().enumerate() {
            let hashes = &set.hashes()[starts[s]..];
            let len = end.map_or(hashes.len(), |end| hashes.partition_point(|h| *h < end));
            buffer.extend_from_slice(&hashes[..len]);
            starts[s] += len;
        }
        // A stable sort finds the sorted pieces and merges them.
        buffer.sort();
        buffer.dedup();
        count += buffer.len();
    }
    count
}

/// ln P(X ≥ k) for X hypergeometric: `n` draws without replacement from a
/// population of `population`, of which `successes` are marked. Summed in
/// log space, stopping once the terms are too small to matter.
pub fn ln_tail(population: u64, successes: u64, n: u64, k: u64) -> f64 {
    let successes = successes.min(population);
    let n = n.min(population);
    let low = n.saturating_sub(population - successes);
    let high = n.min(successes);
    if k <= low {
        return 0.0;
    }
    if k > high {
        return f64::NEG_INFINITY;
    }
    let denominator = ln_binomial(population, n);
    let term = |i: u64| {
        ln_binomial(successes, i) + ln_binomial(population - successes, n - i) - denominator
    };
    // log-sum-exp over i = k..=high, with the running maximum as pivot.
    let mut max = f64::NEG_INFINITY;
    let mut sum = 0.0;
    for i in k..=high {
        let t = term(i);
        if t > max {
            sum = sum * (max - t).exp() + 1.0;
            max = t;
        } else {
            sum += (t - max).exp();
            // Past the peak, terms only shrink: stop when they no longer count.
            if t < max - 40.0 {
                break;
            }
        }
    }
    (max + sum.ln()).min(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_union_counts_each_hash_once() {
        let a = SubjectSet::from_hashes(vec![1, 5, u64::MAX, 1 << 63]);
        let b = SubjectSet::from_hashes(vec![5, 6, u64::MAX]);
        let empty = SubjectSet::default();
        assert_eq!(union_size(&[&a, &b, &empty]), 5);
        assert_eq!(union_size(&[]), 0);
    }

    #[test]
    fn gallop_finds_the_first_entry_not_below() {
        let list = [1, 3, 5, 7, 9, 11, 13];
        for target in 0..16 {
            for from in 0..list.len() {
                let expected = from + list[from..].partition_point(|h| *h < target);
                assert_eq!(
                    gallop(&list, from, target),
                    expected,
                    "{target} from {from}"
                );
            }
        }
    }

    #[test]
    fn the_tail_at_its_ends() {
        assert_eq!(ln_tail(100, 10, 5, 0), 0.0);
        assert_eq!(ln_tail(100, 10, 5, 6), f64::NEG_INFINITY);
        // All 5 draws from the 10 marked: C(10,5)/C(100,5).
        let exact = (252.0f64 / 75_287_520.0).ln();
        assert!((ln_tail(100, 10, 5, 5) - exact).abs() < 1e-9);
    }
}
