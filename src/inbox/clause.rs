//! The clause reader: what one sentence of a reply says, read clause by
//! clause in one pass over its words, by the words of each language in
//! `replies.toml`. Pure.
//!
//! A sentence is cut into words (lower case; an apostrophe or a hyphen
//! between letters stays inside a word) and into clauses, at `,` `;` `:`
//! dashes, brackets and quotes, at a language's `joins` ("and", "und",
//! "og") and after `clause` words at most. Inside one clause:
//!
//! - a deletion is done when a `deleted` word (a participle or past form:
//!   "deleted", "gelöscht", "slettet") stands within `window` words of a
//!   `perfect` auxiliary ("has", "wurden", "er") or a first-person
//!   `subjects` word ("we", "wir"), before or after it, with no `between`
//!   word ("to", "request") between them or just before the auxiliary; or
//!   when a `done` word ("complete", "abgeschlossen") stands within
//!   `window` words of a `deletion` or `request` word — and the clause
//!   holds no `negation`, `future` or `condition` word. A clause that
//!   starts with a condition ("once", "sobald") taints the next one too:
//!   "Once verified, your data will be deleted" confirms nothing;
//! - a cue rule matches when its phrase's words stand in order in the
//!   clause with at most `window` words between two of them; refused and
//!   not-needed cues are not read in a condition's clause.
//!
//! Every word is looked up once (whole, then its stems and endings in
//! hash maps, a few lookups a word); every rule step looks ahead at most
//! `window` words; no rule backtracks. A text is read in time linear in
//! its length.

use std::collections::{BTreeSet, HashMap};

use super::rules::{Lexicon, Said, Words};

const SUBJECT: u16 = 1;
const PERFECT: u16 = 1 << 1;
const DELETED: u16 = 1 << 2;
const DELETION: u16 = 1 << 3;
const REQUEST: u16 = 1 << 4;
const DONE: u16 = 1 << 5;
const NEGATION: u16 = 1 << 6;
const FUTURE: u16 = 1 << 7;
const CONDITION: u16 = 1 << 8;
const BETWEEN: u16 = 1 << 9;
const JOIN: u16 = 1 << 10;
const STOP: u16 = 1 << 11;
const FINISHED: u16 = 1 << 12;

#[derive(Debug, Clone, Copy)]
enum Hit {
    /// A word of one of a language's lists.
    List(u16, u16),
    /// A word of a cue phrase.
    Atom(u32),
}

#[derive(Debug, Clone)]
struct Pattern {
    atoms: Vec<u32>,
    said: Said,
    language: u16,
    /// A cue that holds a negation itself ("no longer hold any"): the
    /// negation does not guard it.
    negated: bool,
}

/// The table compiled: every word's lists and cue words found by a few
/// hash lookups.
#[derive(Debug, Clone, Default)]
pub struct Index {
    exact: Lookup,
    prefix: Lookup,
    suffix: Lookup,
    longest_prefix: usize,
    longest_suffix: usize,
    /// Language codes, in the order of their index.
    codes: Vec<String>,
    /// Whether the tables read replies in it (else its stop words only
    /// name it).
    read: Vec<bool>,
    patterns: Vec<Pattern>,
    /// The patterns that start with an atom, by atom and language:
    /// `starts[atom * codes.len() + language]`. A clause is read once per
    /// language, so each reading looks up only its own language's
    /// patterns, with no hashing.
    starts: Vec<Vec<usize>>,
    window: usize,
    clause: usize,
}

/// One sentence, cut into words with what each word is.
/// Each word of the tables and what it is. Looked up for every word of
/// every sentence with each of its prefixes and suffixes: foldhash, not
/// the default SipHash, whose resistance to chosen keys buys nothing for
/// keys that are our own words (and cost a tenth of the reader's time).
type Lookup = HashMap<String, Vec<Hit>, foldhash::fast::FixedState>;

struct Scan {
    /// The clause break before the word: 0 none, 1 a comma, 2 another.
    breaks: Vec<u8>,
    /// `masks[word * languages + language]`: the lists the word is in.
    masks: Vec<u16>,
    /// The cue words each word is: `atoms[from[word]..from[word + 1]]`.
    atoms: Vec<u32>,
    from: Vec<usize>,
}

impl Index {
    pub fn new(table: &Lexicon) -> Index {
        let mut index = Index {
            window: table.reach.window,
            clause: table.reach.clause,
            ..Index::default()
        };
        for (code, words) in &table.languages {
            index.codes.push(code.clone());
            index.read.push(words.is_read());
        }
        for rule in &table.rules {
            if !index.codes.contains(&rule.language) {
                index.codes.push(rule.language.clone());
                index.read.push(true);
            }
        }
        for (code, words) in &table.languages {
            let at = index.language(code);
            index.add_words(at, words);
        }
        let mut atoms: HashMap<String, u32> = HashMap::new();
        for rule in &table.rules {
            let language = index.language(&rule.language);
            for phrase in &rule.phrases {
                let mut ids = Vec::new();
                for word in pattern_words(phrase) {
                    let next = atoms.len() as u32;
                    let id = *atoms.entry(word.clone()).or_insert_with(|| {
                        index.add(&word, Hit::Atom(next));
                        next
                    });
                    ids.push(id);
                }
                if let Some(first) = ids.first() {
                    let slot = *first as usize * index.codes.len() + usize::from(language);
                    if index.starts.len() <= slot {
                        index.starts.resize(slot + 1, Vec::new());
                    }
                    index.starts[slot].push(index.patterns.len());
                    index.patterns.push(Pattern {
                        atoms: ids,
                        said: rule.proposal,
                        language,
                        negated: false,
                    });
                }
            }
        }
        // Which cues hold a negation of their language.
        let mut p = 0;
        for rule in &table.rules {
            for phrase in &rule.phrases {
                if pattern_words(phrase).is_empty() {
                    continue;
                }
                let language = usize::from(index.patterns[p].language);
                let (spans, scan) = index.scan(&lower(phrase));
                index.patterns[p].negated = (0..spans.len())
                    .any(|w| scan.masks[w * index.codes.len() + language] & NEGATION != 0);
                p += 1;
            }
        }
        index
    }

    fn language(&self, code: &str) -> u16 {
        self.codes.iter().position(|c| c == code).unwrap_or(0) as u16
    }

    fn add_words(&mut self, language: u16, words: &Words) {
        let lists = [
            (SUBJECT, &words.subjects),
            (PERFECT, &words.perfect),
            (DELETED, &words.deleted),
            (DELETION, &words.deletion),
            (REQUEST, &words.request),
            (DONE, &words.done),
            (NEGATION, &words.negation),
            (FUTURE, &words.future),
            (CONDITION, &words.condition),
            (BETWEEN, &words.between),
            (JOIN, &words.joins),
            (STOP, &words.stop),
            (FINISHED, &words.finished),
        ];
        for (bit, list) in lists {
            for word in list {
                for word in pattern_words(word) {
                    self.add(&word, Hit::List(language, bit));
                }
            }
        }
    }

    /// A word of the table: `stem*`, `*ending` or whole.
    fn add(&mut self, word: &str, hit: Hit) {
        if let Some(stem) = word.strip_suffix('*') {
            self.longest_prefix = self.longest_prefix.max(stem.len());
            self.prefix.entry(stem.to_string()).or_default().push(hit);
        } else if let Some(ending) = word.strip_prefix('*') {
            self.longest_suffix = self.longest_suffix.max(ending.len());
            self.suffix.entry(ending.to_string()).or_default().push(hit);
        } else {
            self.exact.entry(word.to_string()).or_default().push(hit);
        }
    }

    fn scan(&self, lower: &str) -> (Vec<(usize, usize)>, Scan) {
        let words = words(lower);
        let languages = self.codes.len();
        let mut scan = Scan {
            breaks: Vec::with_capacity(words.len()),
            masks: vec![0; words.len() * languages],
            atoms: Vec::new(),
            from: Vec::with_capacity(words.len() + 1),
        };
        for (n, &(start, end, brk)) in words.iter().enumerate() {
            scan.breaks.push(brk);
            scan.from.push(scan.atoms.len());
            let word = &lower[start..end];
            let mut apply = |hits: &Vec<Hit>| {
                for hit in hits {
                    match *hit {
                        Hit::List(language, bit) => {
                            scan.masks[n * languages + usize::from(language)] |= bit;
                        }
                        Hit::Atom(id) => scan.atoms.push(id),
                    }
                }
            };
            if let Some(hits) = self.exact.get(word) {
                apply(hits);
            }
            for (at, _) in word.char_indices().skip(1) {
                if at > self.longest_prefix {
                    break;
                }
                if let Some(hits) = self.prefix.get(&word[..at]) {
                    apply(hits);
                }
            }
            if word.len() <= self.longest_prefix
                && let Some(hits) = self.prefix.get(word)
            {
                apply(hits);
            }
            for (at, _) in word.char_indices() {
                if word.len() - at > self.longest_suffix {
                    continue;
                }
                if let Some(hits) = self.suffix.get(&word[at..]) {
                    apply(hits);
                }
            }
        }
        scan.from.push(scan.atoms.len());
        let spans = words.iter().map(|&(s, e, _)| (s, e)).collect();
        (spans, scan)
    }

    /// What one sentence says, by every language's words.
    pub fn read(&self, sentence: &str) -> BTreeSet<Said> {
        self.read_as(sentence, None).0
    }

    /// What one sentence says by every language's words, and by the words
    /// of the language `code` alone (`None` for a language the tables do
    /// not know), in one scan. A word can mean one thing in one language
    /// and another in the next (Spanish "no" is a negation, Portuguese
    /// "no" is "in the"): a confirmation must hold in the language the
    /// reply is written in.
    pub fn read_in(&self, sentence: &str, code: &str) -> (BTreeSet<Said>, Option<BTreeSet<Said>>) {
        self.read_as(sentence, self.codes.iter().position(|c| c == code))
    }

    fn read_as(
        &self,
        sentence: &str,
        own: Option<usize>,
    ) -> (BTreeSet<Said>, Option<BTreeSet<Said>>) {
        let lower = lower(sentence);
        let (spans, scan) = self.scan(&lower);
        let mut all = BTreeSet::new();
        let mut in_own = None;
        let count = spans.len();
        let languages = self.codes.len();
        // A language whose tables only name it (stop words, no rules)
        // says nothing in a sentence: it is not read. Nor is one with no
        // word of a deletion or a completion in the sentence and no word
        // that begins one of its cues: every reading below needs one, and
        // most sentences hold words of one language only.
        let mut wide = vec![0u16; languages];
        for (at, mask) in scan.masks.iter().enumerate() {
            wide[at % languages] |= mask;
        }
        let cued = |language: usize| {
            scan.atoms.iter().any(|&atom| {
                self.starts
                    .get(atom as usize * languages + language)
                    .is_some_and(|patterns| !patterns.is_empty())
            })
        };
        let may_say = |language: usize| {
            wide[language] & (DELETED | DELETION | FINISHED | DONE) != 0 || cued(language)
        };
        for language in (0..languages).filter(|l| self.read[*l] && may_say(*l)) {
            let mut said = BTreeSet::new();
            let mask = |word: usize| scan.masks[word * languages + language];
            let mut start = 0;
            let mut carry = false;
            // Where the clause's sentence part began: a participle may
            // find its auxiliary across a join or a comma ("I've gone
            // ahead and removed", "har vi nå, som avtalt, slettet"), never
            // across other punctuation.
            let mut reach = 0;
            while start < count {
                if scan.breaks[start] == 2 || start - reach >= self.clause {
                    reach = start;
                }
                // The clause: to the next break or join, `clause` words at most.
                let mut end = start + 1;
                while end < count
                    && end - start < self.clause
                    && scan.breaks[end] == 0
                    && mask(end) & JOIN == 0
                {
                    end += 1;
                }
                let first = if mask(start) & JOIN != 0 {
                    start + 1
                } else {
                    start
                };
                if first < end {
                    let clause = Clause {
                        scan: &scan,
                        languages,
                        language,
                        start: first,
                        reach: reach.min(first),
                        end,
                        window: self.window,
                        condition: (first..end).find(|&w| mask(w) & CONDITION != 0),
                    };
                    let union = clause.union();
                    let doubtful = carry || union & (NEGATION | FUTURE) != 0;
                    if self.read[language] {
                        match clause.done() {
                            // A condition after the deed ("were purged
                            // last week when we closed…") is its time.
                            Some(at) if !doubtful && !clause.conditioned_before(at) => {
                                said.insert(Said::Confirmed);
                            }
                            // A deletion not done yet, or to be done: the
                            // request is being worked on.
                            Some(_) => {
                                said.insert(Said::Acknowledged);
                            }
                            None if union & (DELETION | DELETED) != 0 && doubtful => {
                                said.insert(Said::Acknowledged);
                            }
                            None => {}
                        }
                    }
                    for (cue, at, negated) in clause.cues(self) {
                        let conditioned = carry || clause.conditioned_before(at);
                        let guarded = match cue {
                            Said::Confirmed => {
                                conditioned
                                    || union & FUTURE != 0
                                    || (!negated && union & NEGATION != 0)
                            }
                            Said::Refused | Said::NotNeeded | Said::Retention => conditioned,
                            _ => false,
                        };
                        if !guarded {
                            said.insert(cue);
                        }
                    }
                    // "Once we have verified …, we will delete": a deletion
                    // that waits for something of ours. The condition opens
                    // the sentence part (to a stop other than a comma), the
                    // future may stand anywhere in it.
                    let part = (reach.min(first)..end).fold(0, |all, w| all | mask(w));
                    let opens = carry
                        || (first..(first + 2).min(end)).any(|w| mask(w) & CONDITION != 0)
                        || (reach..(reach + 2).min(end)).any(|w| mask(w) & CONDITION != 0);
                    if self.read[language]
                        && opens
                        && part & FUTURE != 0
                        && let Some(at) =
                            (first..end).find(|&w| mask(w) & (DELETION | DELETED) != 0)
                        && !(first..at).any(|w| mask(w) & NEGATION != 0)
                    {
                        said.insert(Said::Question);
                    }
                    // "Wij verwijderen geen gegevens", "we do not delete":
                    // a first person refusing in the present.
                    if self.read[language]
                        && union & (SUBJECT | PERFECT) != 0
                        && union & CONDITION == 0
                        && !carry
                        && (first..end).any(|w| {
                            mask(w) & DELETION != 0
                                && mask(w) & DELETED == 0
                                && (w.saturating_sub(1).max(first)..(w + 2).min(end))
                                    .any(|n| n != w && mask(n) & NEGATION != 0)
                        })
                        && (first..end).any(|w| mask(w) & SUBJECT != 0)
                    {
                        said.insert(Said::Refused);
                    }
                    // "will not be deleted", "werden nicht gelöscht": a
                    // deletion refused, unless a condition comes first.
                    if self.read[language]
                        && union & NEGATION != 0
                        && union & FUTURE != 0
                        && union & CONDITION == 0
                        && let Some(at) = (first..end).find(|&w| {
                            mask(w) & (DELETION | DELETED) != 0
                                && (w.saturating_sub(self.window + 1).max(first)..w)
                                    .any(|n| mask(n) & NEGATION != 0)
                        })
                        && !carry
                        && !clause.conditioned_before(at)
                    {
                        said.insert(Said::Refused);
                    }
                    carry = (first..(first + 2).min(end)).any(|w| mask(w) & CONDITION != 0);
                }
                start = end;
            }
            if own == Some(language) {
                in_own = Some(said.clone());
            }
            all.append(&mut said);
        }
        (all, in_own)
    }

    /// Whether a text (a subject) names a deletion or a request in any
    /// language the tables read: "Your erasure request is complete", "Din
    /// begäran har slutförts".
    pub fn names_request(&self, text: &str) -> bool {
        let lower = lower(text);
        let (spans, scan) = self.scan(&lower[..floor(&lower, 1000)]);
        let languages = self.codes.len();
        (0..spans.len() * languages).any(|at| {
            self.read[at % languages] && scan.masks[at] & (DELETION | DELETED | REQUEST) != 0
        })
    }

    /// The language a text seems to be in, by its stop words: its code,
    /// and whether the tables read it. `None` when too few words tell.
    pub fn guess(&self, text: &str) -> Option<(&str, bool)> {
        let lower = lower(text);
        let (spans, scan) = self.scan(&lower[..floor(&lower, 64 << 10)]);
        let languages = self.codes.len();
        let mut counts = vec![0usize; languages];
        for word in 0..spans.len() {
            for (language, count) in counts.iter_mut().enumerate() {
                if scan.masks[word * languages + language] & STOP != 0 {
                    *count += 1;
                }
            }
        }
        let (best, &count) = counts.iter().enumerate().max_by_key(|(_, c)| **c)?;
        (count >= 3).then(|| (self.codes[best].as_str(), self.read[best]))
    }
}

struct Clause<'a> {
    scan: &'a Scan,
    languages: usize,
    language: usize,
    start: usize,
    /// Where an auxiliary of this clause's participle may stand from.
    reach: usize,
    end: usize,
    window: usize,
    /// The clause's first condition word, found once: a cue at every
    /// word would otherwise look back over the clause for each.
    condition: Option<usize>,
}

impl Clause<'_> {
    fn mask(&self, word: usize) -> u16 {
        self.scan.masks[word * self.languages + self.language]
    }

    fn union(&self) -> u16 {
        (self.start..self.end).fold(0, |all, w| all | self.mask(w))
    }

    fn near(&self, word: usize) -> std::ops::Range<usize> {
        word.saturating_sub(self.window + 1).max(self.start)..(word + self.window + 2).min(self.end)
    }

    /// Whether a condition word stands before `word` in the clause.
    fn conditioned_before(&self, word: usize) -> bool {
        self.condition.is_some_and(|at| at < word)
    }

    /// Where a deletion is said to be done: a participle by an auxiliary
    /// or a first-person subject, or a completion word by a deletion or a
    /// request.
    fn done(&self) -> Option<usize> {
        (self.start..self.end).find(|&w| {
            let mask = self.mask(w);
            // A finite past that says it alone ("raderades", "apagámos").
            if mask & FINISHED != 0 {
                return true;
            }
            let back = w.saturating_sub(self.window + 1).max(self.reach);
            if mask & DELETED != 0
                && (back..self.near(w).end).any(|q| {
                    if q == w || self.mask(q) & (PERFECT | SUBJECT) == 0 {
                        return false;
                    }
                    let (low, high) = (q.min(w), q.max(w));
                    let blocked = (low + 1..high).any(|b| self.mask(b) & BETWEEN != 0)
                        || (q > self.reach && self.mask(q - 1) & BETWEEN != 0);
                    !blocked
                })
            {
                return true;
            }
            // The verb bracket of German and Dutch: "Wir haben … (und) …
            // gelöscht": an auxiliary among the first words of the
            // sentence part, no `between` word up to the participle.
            if mask & DELETED != 0
                && (self.reach..(self.reach + 3).min(w)).any(|q| {
                    self.mask(q) & PERFECT != 0 && (q + 1..w).all(|b| self.mask(b) & BETWEEN == 0)
                })
            {
                return true;
            }
            mask & DONE != 0
                && self
                    .near(w)
                    .any(|q| q != w && self.mask(q) & (DELETION | REQUEST) != 0)
        })
    }

    fn atoms(&self, word: usize) -> &[u32] {
        &self.scan.atoms[self.scan.from[word]..self.scan.from[word + 1]]
    }

    /// The cues of this clause's language that match in it: what each
    /// says, where it starts, whether it holds its own negation.
    fn cues(&self, index: &Index) -> Vec<(Said, usize, bool)> {
        let mut out = Vec::new();
        // The cue words of the whole clause: a cue with a word the clause
        // lacks is passed over without a walk through the window ("no.
        // no. no. …" begins dozens of cues at every word, each of which
        // walked the window for its second word).
        let mut present: Vec<u32> = (self.start..self.end)
            .flat_map(|w| self.atoms(w).iter().copied())
            .collect();
        present.sort_unstable();
        present.dedup();
        for w in self.start..self.end {
            for &atom in self.atoms(w) {
                let slot = atom as usize * self.languages + self.language;
                let Some(patterns) = index.starts.get(slot) else {
                    continue;
                };
                for &p in patterns {
                    let rest = &index.patterns[p].atoms[1..];
                    if !rest.iter().all(|a| present.binary_search(a).is_ok()) {
                        continue;
                    }
                    let pattern = &index.patterns[p];
                    if self.follows(w, rest) {
                        out.push((pattern.said, w, pattern.negated));
                    }
                }
            }
        }
        out
    }

    /// Whether `rest` follow `word` in order, each within `window` words
    /// of the one before: the first that fits is taken, never undone.
    fn follows(&self, word: usize, rest: &[u32]) -> bool {
        let mut at = word;
        for atom in rest {
            let last = (at + self.window + 2).min(self.end);
            match (at + 1..last).find(|&k| self.atoms(k).contains(atom)) {
                Some(k) => at = k,
                None => return false,
            }
        }
        true
    }
}

/// A text in lower case, with typographic apostrophes made plain.
fn lower(text: &str) -> String {
    text.to_lowercase().replace(['’', '‘', '´'], "'")
}

/// The largest char boundary of `text` at or before `at`.
fn floor(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// The words of a lower-case text: (start, end, the clause break before
/// it: 0 none, 1 a comma, 2 any other).
fn words(text: &str) -> Vec<(usize, usize, u8)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut brk = 0;
    let mut chars = text.char_indices().peekable();
    let mut previous_alnum = false;
    while let Some((at, c)) = chars.next() {
        let next_alnum = chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        let inner = matches!(c, '\'' | '-') && previous_alnum && next_alnum;
        if c.is_alphanumeric() || inner {
            if start.is_none() {
                start = Some(at);
            }
        } else {
            if let Some(s) = start.take() {
                out.push((s, at, brk));
                brk = 0;
            }
            if c == ',' {
                brk = brk.max(1);
            } else if matches!(
                c,
                ';' | ':'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '–'
                    | '—'
                    | '-'
                    | '"'
                    | '«'
                    | '»'
                    | '“'
                    | '”'
                    | '!'
                    | '?'
                    | '/'
                    | '|'
                    | '•'
            ) {
                brk = 2;
            }
        }
        previous_alnum = c.is_alphanumeric();
    }
    if let Some(s) = start {
        out.push((s, text.len(), brk));
    }
    out
}

/// The words of a phrase or word of the table: a piece with a `*` is
/// one word as written (`n'*`, `*n't`), any other is cut as a text is.
fn pattern_words(phrase: &str) -> Vec<String> {
    let lower = lower(phrase);
    let mut out = Vec::new();
    for piece in lower.split_whitespace() {
        if piece.contains('*') {
            out.push(piece.to_string());
            continue;
        }
        out.extend(
            words(piece)
                .iter()
                .map(|&(s, e, _)| piece[s..e].to_string()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn says(text: &str) -> BTreeSet<Said> {
        Lexicon::builtin().index.read(text)
    }

    fn confirms(text: &str) -> bool {
        says(text).contains(&Said::Confirmed)
    }

    #[test]
    fn words_keep_apostrophes_and_hyphens_inside_and_break_at_commas() {
        let text = "we haven't, by now - e-mail";
        let got: Vec<(&str, u8)> = words(text)
            .into_iter()
            .map(|(s, e, b)| (&text[s..e], b))
            .collect();
        assert_eq!(
            got,
            [
                ("we", 0),
                ("haven't", 0),
                ("by", 1),
                ("now", 0),
                ("e-mail", 2)
            ]
        );
        assert_eq!(pattern_words("dass wir* *n't"), ["dass", "wir*", "*n't"]);
    }

    #[test]
    fn active_voice_inserted_words_and_verb_final_clauses_confirm() {
        for text in [
            "We have by now wiped all of your records.",
            "We hebben vandaag uw winkelaccount en de gegevens van uw klanten definitief gewist.",
            "I've gone ahead and permanently removed the workspace.",
            "All your records were permanently purged last week when we closed the profile.",
            "All your records were permanently purged last week.",
            "Vi har i dag fjernet alle opplysningene om dere.",
            "Wir haben die Konten inzwischen restlos gelöscht.",
            "Hiermit bestätigen wir, dass wir Ihre Daten vollständig entfernt haben.",
            "Wij bevestigen dat wij uw gegevens hebben verwijderd.",
            "Your erasure request is now complete.",
            "Nous avons définitivement supprimé votre compte.",
            "Hemos eliminado todos sus datos personales.",
            "Abbiamo cancellato tutti i suoi dati.",
            "Os seus dados foram excluídos.",
            "Vi har raderat alla uppgifter.",
            "Vi har nu slettet jeres konto.",
        ] {
            assert!(confirms(text), "{text}: {:?}", says(text));
        }
    }

    #[test]
    fn requests_negations_futures_and_conditions_never_confirm() {
        for text in [
            "We have received your request to have your data deleted.",
            "Your data has not been deleted yet.",
            "Once we have verified your identity, your data will be deleted.",
            "Sobald wir Ihre Identität geprüft haben, werden Ihre Daten gelöscht.",
            "Ihre Daten wurden noch nicht gelöscht.",
            "Your deletion request is being processed.",
            "We will let you know once your request is complete.",
            "Uw gegevens worden binnen 30 dagen verwijderd.",
            "Opplysningene vil bli slettet når vi har bekreftet identiteten din.",
        ] {
            assert!(!confirms(text), "{text}: {:?}", says(text));
        }
    }

    #[test]
    fn a_huge_text_is_read_in_linear_time_without_a_panic() {
        let table = Lexicon::builtin();
        // One 2 MB line of words with no break, and 20,000 sentences:
        // each word is looked at a bounded number of times.
        let line = "we have by now really deleted ".repeat(70_000);
        let said = table.index.read(&line);
        assert!(said.contains(&Said::Confirmed));
        let many = "Your data will be deleted. ".repeat(20_000);
        let sentences = super::super::text::sentences(&many);
        assert_eq!(sentences.len(), 20_000);
        assert_eq!(
            table.classify(&sentences).map(|f| f.said),
            Some(Said::Acknowledged)
        );
        assert!(table.index.read(&"\u{FFFF}'-".repeat(10_000)).is_empty());
    }

    #[test]
    fn a_language_is_guessed_by_its_stop_words() {
        let table = Lexicon::builtin();
        assert_eq!(
            table.index.guess(
                "Vi har mottatt din henvendelse og kommer tilbake til deg så snart som mulig."
            ),
            Some(("nb", true))
        );
        assert_eq!(
            table.index.guess(
                "Kiitos viestistäsi. Olemme vastaanottaneet pyyntösi ja käsittelemme sen mahdollisimman pian."
            ),
            Some(("fi", false))
        );
        assert_eq!(table.index.guess("OK"), None);
    }
}
