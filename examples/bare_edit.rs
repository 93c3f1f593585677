//! Benchmark baseline for editing: read a file, parse it with `toml_edit`
//! into a `DocumentMut`, print it back and write it to a second path, nothing
//! else. `bench/run.py` times `linger mark` against it.

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        panic!("usage: bare_edit INPUT OUTPUT");
    };
    let text = std::fs::read_to_string(&input).expect("readable UTF-8 file");
    let doc: toml_edit::DocumentMut = text.parse().expect("valid TOML");
    std::fs::write(&output, doc.to_string()).expect("writable output");
}
