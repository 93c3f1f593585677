//! Benchmark baseline: read a file and parse it with the `toml` crate into
//! a `toml::Table`, nothing else. `bench/run.py` times linger against it.

fn main() {
    let path = std::env::args().nth(1).expect("usage: bare_parse FILE");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let table: toml::Table = toml::from_str(&text).expect("valid TOML");
    // Print something that depends on the parse so it cannot be skipped.
    println!("{}", table.len());
}
