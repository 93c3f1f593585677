//! The characters that pass for others: the tables the `homoglyph`,
//! `cyrillic` and `greek` fuzzers read. dnstwist's tables (version
//! 20250130) are here whole, so linger makes every name it makes; linger's
//! own additions are marked. A key is one character or a pair that reads
//! as one (`rn` for `m`).

/// ASCII for ASCII: one character for another, or for two.
pub const ASCII: &[(&str, &[&str])] = &[
    ("0", &["o"]),
    ("1", &["l", "i"]),
    ("3", &["8"]),
    ("6", &["9"]),
    ("8", &["3"]),
    ("9", &["6"]),
    ("b", &["d", "lb"]),
    ("c", &["e"]),
    ("d", &["b", "cl", "dl"]),
    ("e", &["c"]),
    ("g", &["q"]),
    ("h", &["lh"]),
    ("i", &["1", "l"]),
    ("k", &["lc"]),
    ("l", &["1", "i"]),
    ("m", &["n", "nn", "rn"]),
    ("n", &["m", "r"]),
    ("o", &["0"]),
    ("q", &["g"]),
    ("u", &["v"]),
    ("v", &["u"]),
    ("w", &["vv"]),
    ("rn", &["m"]),
    ("cl", &["d"]),
    // linger's own: the pair read back as the letter.
    ("vv", &["w"]),
];

/// Latin letters with marks, and letters of other scripts, for ASCII
/// ones: dnstwist's table, which holds every per-TLD table it has, and
/// linger's Cyrillic and Greek single letters after `|`.
pub const UNICODE: &[(&str, &str)] = &[
    ("2", "ƻ"),
    ("3", "ʒ"),
    ("5", "ƽ"),
    ("a", "ạăȧɑåąâǎáəäãāà|а"),
    ("b", "ḃḅƅʙḇɓ"),
    ("c", "čᴄċçćĉƈ|с"),
    ("d", "ďḍḋɖḏɗḓḑđ|ԁ"),
    ("e", "êẹęèḛěɇėĕéëēȩ|е"),
    ("f", "ḟƒ"),
    ("g", "ǧġǵğɡǥĝģɢ"),
    ("h", "ȟḫḩḣɦḥḧħẖⱨĥ|һ"),
    ("i", "ɩǐíɪỉȋɨïīĩịîıĭįì|і"),
    ("j", "ǰĵʝɉ|ј"),
    ("k", "ĸǩⱪḵķᴋḳ|кκ"),
    ("l", "ĺłɫļľ|ḷӏ"),
    ("m", "ᴍṁḿṃɱ"),
    ("n", "ņǹńňṅṉṇꞑñŋ|ո"),
    ("o", "öóȯỏôᴏōòŏơőõọø|оο"),
    ("p", "ṗƿƥṕ|рρ"),
    ("q", "ʠ|ԛɋ"),
    ("r", "ʀȓɍɾřṛɽȑṙŗŕɼṟ|г"),
    ("s", "ṡșŝꜱʂšśṣş|ѕ"),
    ("t", "ťƫţṭṫțŧ"),
    ("u", "ᴜųŭūűǔȕưùůʉúȗüûũụ|υ"),
    ("v", "ᶌṿᴠⱴⱱṽ|ѵν"),
    ("w", "ᴡẇẅẃẘẉⱳŵẁ|ԝ"),
    ("x", "ẋẍ|х"),
    ("y", "ŷÿʏẏɏƴȳýỿỵ|уỳ"),
    ("z", "žƶẓẕⱬᴢżźʐ"),
    ("ae", "æ"),
    ("oe", "œ"),
];

/// A whole name in Cyrillic: registries refuse labels that mix scripts,
/// so a name every letter of which has a Cyrillic twin is the one that
/// can be registered. dnstwist's table.
pub const CYRILLIC: &[(char, char)] = &[
    ('a', 'а'),
    ('b', 'ь'),
    ('c', 'с'),
    ('d', 'ԁ'),
    ('e', 'е'),
    ('g', 'ԍ'),
    ('h', 'һ'),
    ('i', 'і'),
    ('j', 'ј'),
    ('k', 'к'),
    ('l', 'ӏ'),
    ('m', 'м'),
    ('o', 'о'),
    ('p', 'р'),
    ('q', 'ԛ'),
    ('s', 'ѕ'),
    ('t', 'т'),
    ('v', 'ѵ'),
    ('w', 'ԝ'),
    ('x', 'х'),
    ('y', 'у'),
];

/// The same for Greek (linger's own).
pub const GREEK: &[(char, char)] = &[
    ('a', 'α'),
    ('i', 'ι'),
    ('k', 'κ'),
    ('n', 'η'),
    ('o', 'ο'),
    ('p', 'ρ'),
    ('t', 'τ'),
    ('u', 'υ'),
    ('v', 'ν'),
    ('x', 'χ'),
    ('y', 'γ'),
];

/// Words phishers add to a brand (`northwind-login.com`), the
/// `dictionary` fuzzer's list when no `--dictionary` is given.
pub const WORDS: &[&str] = &[
    "account", "accounts", "admin", "app", "auth", "billing", "cloud", "customer", "help",
    "helpdesk", "hr", "id", "invoice", "login", "mail", "my", "online", "password", "pay",
    "payment", "payroll", "portal", "reset", "secure", "security", "service", "signin", "sso",
    "support", "team", "update", "verify", "webmail",
];
