//! The addresses a vendor held, from what people export: a CSV with a header
//! row (the e-mail column found by its name or by its content, or named
//! with `--column`), or a plain list, one address a line. Pure: the text in,
//! the normalised addresses and the lines that held none out.

use super::normalise;

/// Header names that mean "e-mail address", compared without case, spaces,
/// hyphens and underscores.
const EMAIL_HEADERS: &[&str] = &[
    "email",
    "emailaddress",
    "mail",
    "mailaddress",
    "epost",
    "epostadresse",
    "emailadresse",
    "courriel",
    "correo",
    "correoelectronico",
];

/// What a file gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressList {
    /// Normalised, in file order, repeats kept (the set removes them).
    pub addresses: Vec<String>,
    /// 1-based lines that held something but no valid address.
    pub bad_lines: Vec<usize>,
    /// The CSV column the addresses came from; `None` for a plain list.
    pub column: Option<String>,
}

/// The longest line read: a CSV row of a real export is a few hundred
/// bytes; a megabyte of one line is an attack or a file that is not CSV.
pub const MAX_LINE: usize = 1 << 20;
/// The most columns a CSV header may have.
pub const MAX_COLUMNS: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    #[error("line {line} is longer than {} MB; linger reads lines of at most that", MAX_LINE >> 20)]
    LineTooLong { line: usize },
    #[error("its header has {columns} columns; linger reads at most {MAX_COLUMNS}")]
    TooManyColumns { columns: usize },
    #[error("it is empty")]
    Empty,
    #[error("it holds no e-mail address")]
    NoAddress,
    #[error("it has no column `{wanted}` (its columns: {columns})")]
    NoSuchColumn { wanted: String, columns: String },
    #[error("it is not CSV that linger can read: {0}")]
    Csv(String),
}

fn squeeze(header: &str) -> String {
    header
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The separator of a CSV header line, or `None` for a line that is not one.
fn delimiter(first_line: &str) -> Option<u8> {
    [b',', b';', b'\t']
        .into_iter()
        .map(|d| (first_line.bytes().filter(|b| *b == d).count(), d))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map(|(_, d)| d)
}

/// Reads an address list or CSV export. `column` names the CSV column to
/// use; without it a header that means "e-mail" is taken, else the column
/// most of whose values are addresses.
pub fn read_list(text: &str, column: Option<&str>) -> Result<AddressList, ListError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Bounds before the CSV reader sees the text: its memory grows with
    // the fields of a row, and a row can be the whole file.
    if let Some(line) = text.split('\n').position(|l| l.len() > MAX_LINE) {
        return Err(ListError::LineTooLong { line: line + 1 });
    }
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let Some(first) = first else {
        return Err(ListError::Empty);
    };
    let is_csv = column.is_some() || (normalise(first).is_none() && delimiter(first).is_some());
    if is_csv {
        let separator = delimiter(first).unwrap_or(b',');
        let columns = first.bytes().filter(|b| *b == separator).count() + 1;
        if columns > MAX_COLUMNS {
            return Err(ListError::TooManyColumns { columns });
        }
    }
    let list = if is_csv {
        read_csv(text, delimiter(first).unwrap_or(b','), column)?
    } else {
        read_plain(text)
    };
    if list.addresses.is_empty() {
        return Err(ListError::NoAddress);
    }
    Ok(list)
}

fn read_plain(text: &str) -> AddressList {
    let mut list = AddressList {
        addresses: Vec::new(),
        bad_lines: Vec::new(),
        column: None,
    };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match normalise(line) {
            Some(address) => list.addresses.push(address),
            None => list.bad_lines.push(i + 1),
        }
    }
    list
}

fn read_csv(text: &str, delimiter: u8, wanted: Option<&str>) -> Result<AddressList, ListError> {
    let reader = || {
        csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.as_bytes())
    };
    let csv_error = |e: csv::Error| ListError::Csv(e.to_string());
    let headers: Vec<String> = reader()
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(str::to_string)
        .collect();
    let index = match wanted {
        Some(wanted) => headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(wanted.trim()))
            .ok_or_else(|| ListError::NoSuchColumn {
                wanted: wanted.to_string(),
                columns: headers.join(", "),
            })?,
        None => match headers
            .iter()
            .position(|h| EMAIL_HEADERS.contains(&squeeze(h).as_str()))
        {
            Some(i) => i,
            // No header says so: the column most of whose first thousand
            // values are addresses.
            None => {
                let mut votes = vec![0usize; headers.len()];
                for record in reader().records().take(1000) {
                    let record = record.map_err(csv_error)?;
                    for (i, value) in record.iter().enumerate().take(votes.len()) {
                        if normalise(value).is_some() {
                            votes[i] += 1;
                        }
                    }
                }
                (0..votes.len())
                    .max_by_key(|i| votes[*i])
                    .ok_or(ListError::NoAddress)?
            }
        },
    };
    let mut list = AddressList {
        addresses: Vec::new(),
        bad_lines: Vec::new(),
        column: headers.get(index).cloned(),
    };
    let mut reader = reader();
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(csv_error)? {
        match record.get(index).and_then(normalise) {
            Some(address) => list.addresses.push(address),
            None => list
                .bad_lines
                .push(record.position().map_or(0, |p| p.line() as usize)),
        }
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_list_skips_comments_and_blank_lines_and_counts_the_rest() {
        let list = read_list(
            "# export\nA@X.example\n\nnot an address\n<b@x.example>\n",
            None,
        )
        .unwrap();
        assert_eq!(list.addresses, ["a@x.example", "b@x.example"]);
        assert_eq!(list.bad_lines, [4]);
        assert_eq!(list.column, None);
    }

    #[test]
    fn a_csv_column_is_found_by_its_header_or_its_content() {
        let by_name = read_list(
            "Name;E-Mail;City\nAnna;anna@x.example;Oslo\nBo;;Bergen\n",
            None,
        )
        .unwrap();
        assert_eq!(by_name.addresses, ["anna@x.example"]);
        assert_eq!(by_name.column.as_deref(), Some("E-Mail"));
        assert_eq!(by_name.bad_lines, [3]);
        let by_content = read_list(
            "id,contact,plan\n1,anna@x.example,pro\n2,bo@x.example,free\n",
            None,
        )
        .unwrap();
        assert_eq!(by_content.column.as_deref(), Some("contact"));
        assert_eq!(by_content.addresses.len(), 2);
        let named = read_list("a,b\nx@x.example,y@y.example\n", Some("B")).unwrap();
        assert_eq!(named.addresses, ["y@y.example"]);
        assert!(matches!(
            read_list("a,b\n1,2\n", Some("mail")),
            Err(ListError::NoSuchColumn { .. })
        ));
    }

    #[test]
    fn empty_or_addressless_files_are_errors() {
        assert_eq!(read_list("", None), Err(ListError::Empty));
        assert_eq!(
            read_list("# only a comment\n\n", None),
            Err(ListError::Empty)
        );
        assert_eq!(
            read_list("nothing\nhere\n", None),
            Err(ListError::NoAddress)
        );
        assert_eq!(read_list("a,b\n1,2\n", None), Err(ListError::NoAddress));
    }
}
