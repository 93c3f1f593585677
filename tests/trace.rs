//! Tracing a leak: the hypergeometric tail against SciPy's, and a thousand
//! made-up leaks, each drawn from one of 30 vendors with overlapping
//! customers, which `trace` must put first at least 99% of the time,
//! never calling a vendor `certain` without a canary hit.

use linger::subjects::{Key, SubjectSet};
use linger::trace::{Candidate, Verdict, ln_tail, trace};
use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestRng};

const REFERENCE: &str = include_str!("data/hypergeom.tsv");

#[test]
fn the_tail_matches_scipy() {
    let mut cases = 0;
    for line in REFERENCE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("population"))
    {
        let f: Vec<&str> = line.split('\t').collect();
        let n = |i: usize| f[i].parse::<u64>().unwrap();
        let expected: f64 = f[4].parse().unwrap();
        let actual = ln_tail(n(0), n(1), n(2), n(3));
        // ln_binomial of numbers in the millions loses a few digits: 1e-6
        // in ln is a relative error of a millionth in the probability.
        let tolerance = (1e-9 * expected.abs()).max(1e-6);
        assert!(
            (actual - expected).abs() <= tolerance,
            "{line}: {actual} vs {expected}"
        );
        cases += 1;
    }
    assert!(cases >= 15);
}

const POOL: u32 = 200_000;

fn customer(i: u32) -> String {
    format!("c{i}@example.com")
}

/// A made-up world: 30 vendors whose customers come from one pool of
/// 200,000, so that they overlap, with 100 to 50,000 customers each (as
/// indices into the pool), the vendor a leak came from, and the leak: some
/// of its customers plus noise that no vendor held.
fn scenario(rng: &mut TestRng) -> (Vec<Vec<u32>>, usize, Vec<String>) {
    let vendors: Vec<Vec<u32>> = (0..30)
        .map(|_| {
            let size = rng.random_range(100..=50_000);
            let mut ids: Vec<u32> = (0..size).map(|_| rng.random_range(0..POOL)).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    let source = rng.random_range(0..30);
    let customers = &vendors[source];
    let size = rng.random_range(20..=customers.len().clamp(20, 2_000));
    let mut leaked: Vec<String> = (0..size)
        .map(|_| customer(customers[rng.random_range(0..customers.len())]))
        .collect();
    let noise = rng.random_range(0..size / 4 + 1);
    leaked.extend((0..noise).map(|i| format!("stranger{i}@elsewhere.example")));
    (vendors, source, leaked)
}

// About ten minutes unoptimised: `.ci/run` runs it in release, where it
// takes under a minute (`cargo test --release --test trace -- --ignored`).
#[test]
#[ignore = "slow unoptimised; .ci/run runs it with --release"]
fn a_thousand_leaks_are_traced_to_their_source() {
    let key = Key::from_bytes([3; 32]);
    let mut rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    // Every customer hashed once; the sets are made of these.
    let pool: Vec<u64> = (0..POOL).map(|i| key.hash(&customer(i))).collect();
    let mut first = 0;
    let mut total = 0;
    for _ in 0..1000 {
        let (vendors, source, leaked) = scenario(&mut rng);
        let mut distinct = leaked.clone();
        distinct.sort();
        distinct.dedup();
        if distinct.iter().filter(|a| !a.contains("stranger")).count() < 20 {
            continue;
        }
        let sets: Vec<SubjectSet> = vendors
            .iter()
            .map(|v| SubjectSet::from_hashes(v.iter().map(|i| pool[*i as usize]).collect()))
            .collect();
        let ids: Vec<String> = (0..vendors.len()).map(|i| format!("v{i}")).collect();
        let candidates: Vec<Candidate<'_>> = (0..vendors.len())
            .map(|i| Candidate {
                id: &ids[i],
                name: &ids[i],
                subjects: Some(&sets[i]),
                canaries: Vec::new(),
            })
            .collect();
        let report = trace(&leaked, Some(&key), &candidates, "northwind.example");
        total += 1;
        if report.vendors.first().is_some_and(|s| s.id == ids[source]) {
            first += 1;
        }
        assert!(report.vendors.iter().all(|s| s.verdict != Verdict::Certain));
    }
    eprintln!("the source came first in {first} of {total} scenarios");
    assert!(
        total >= 900,
        "only {total} scenarios had 20 leaked customers"
    );
    assert!(
        first * 100 >= total * 99,
        "the source came first in {first} of {total}"
    );
}

#[test]
fn a_canary_makes_it_certain_and_own_addresses_are_set_aside() {
    let key = Key::from_bytes([3; 32]);
    let held: Vec<String> = (0..50).map(|i| format!("c{i}@example.com")).collect();
    let set = SubjectSet::from_hashes(held.iter().map(|a| key.hash(a)).collect());
    let candidates = [
        Candidate {
            id: "crm",
            name: "CRM",
            subjects: Some(&set),
            canaries: vec![],
        },
        Candidate {
            id: "survey",
            name: "Survey",
            subjects: None,
            canaries: vec!["privacy+survey.abcdefgh@northwind.example".into()],
        },
    ];
    let leaked = vec![
        "c1@example.com".to_string(),
        "c2@example.com".into(),
        "privacy+survey.abcdefgh@northwind.example".into(),
        "kari@northwind.example".into(),
        "stranger@else.example".into(),
    ];
    let report = trace(&leaked, Some(&key), &candidates, "northwind.example");
    assert_eq!((report.leaked, report.own, report.unknown), (4, 1, 1));
    assert_eq!(report.vendors[0].id, "survey");
    assert_eq!(report.vendors[0].verdict, Verdict::Certain);
    assert_eq!(report.vendors[0].chance, None);
    assert_eq!(report.vendors[1].id, "crm");
    assert_eq!(report.vendors[1].hits, 2);
    assert_eq!(report.vendors[1].exclusive, 2);
}

proptest! {
    #[test]
    fn the_tail_is_a_probability_and_falls_as_k_grows(
        population in 1u64..5_000, marked in 0u64..5_000, draws in 0u64..5_000, k in 0u64..5_000,
    ) {
        let marked = marked.min(population);
        let draws = draws.min(population);
        let a = ln_tail(population, marked, draws, k);
        let b = ln_tail(population, marked, draws, k + 1);
        prop_assert!(a <= 0.0 && b <= a + 1e-12, "{a} {b}");
    }
}
