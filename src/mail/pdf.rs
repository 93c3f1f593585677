//! The text of a PDF (a certificate of deletion attached to a reply), by
//! `lopdf`, bounded: at most `MAX_BYTES` in, `MAX_PAGES` pages, each
//! page's content inflated to at most `MAX_INFLATED`, and `MAX_TEXT` of
//! text out. Pure: bytes in, text or why not out.
//!
//! A parser we do not control can still loop, recurse until the stack is
//! gone, or allocate without end on a hostile file; so linger never calls
//! this in its own process while reading mail. `linger pdf-text` (hidden)
//! runs it in a child with a memory limit and a clock
//! (`commands::attachments`).

/// The largest PDF read.
pub const MAX_BYTES: usize = 25 << 20;
/// The most pages a PDF may have to be read.
pub const MAX_PAGES: usize = 100;
/// The most a page's content may inflate to.
const MAX_INFLATED: usize = 16 << 20;
/// The most text kept of one PDF: a certificate says what it says early.
pub const MAX_TEXT: usize = 256 << 10;

/// The text of the PDF `bytes`, its pages in order, or why it cannot be
/// read.
pub fn text(bytes: &[u8]) -> Result<String, String> {
    if bytes.len() > MAX_BYTES {
        return Err(format!(
            "{} bytes, more than the {} read",
            bytes.len(),
            MAX_BYTES
        ));
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err("not a PDF (no %PDF- header)".into());
    }
    let document =
        lopdf::Document::load_mem(bytes).map_err(|err| format!("not a readable PDF: {err}"))?;
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    if pages.is_empty() {
        return Err("no page could be found in it".into());
    }
    if pages.len() > MAX_PAGES {
        return Err(format!(
            "{} pages, more than the {MAX_PAGES} read",
            pages.len()
        ));
    }
    let mut text = String::new();
    for page in pages {
        let page_text = document
            .extract_text_with_limit(&[page], MAX_INFLATED)
            .map_err(|err| format!("page {page} cannot be read: {err}"))?;
        text.push_str(&page_text);
        text.push('\n');
        if text.len() >= MAX_TEXT {
            let mut end = MAX_TEXT;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
            break;
        }
    }
    Ok(text)
}

/// A small PDF of `lines` of text on one page each `per_page` lines, for
/// tests: written by `lopdf`'s own API, so that no binary is committed.
pub fn written(lines: &[&str], per_page: usize) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut kids = Vec::new();
    for chunk in lines.chunks(per_page.max(1)) {
        let mut operations = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 720.into()]),
        ];
        for line in chunk {
            operations.push(Operation::new("Tj", vec![Object::string_literal(*line)]));
            operations.push(Operation::new("Td", vec![0.into(), (-16).into()]));
        }
        operations.push(Operation::new("ET", vec![]));
        let content = Content { operations };
        let content_id = doc.add_object(Stream::new(
            dictionary! {},
            content.encode().unwrap_or_default(),
        ));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    doc.compress();
    let mut out = Vec::new();
    let _ = doc.save_to(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_certificate_reads_back_page_by_page() {
        let pdf = written(
            &[
                "Certificate of Deletion",
                "All personal data of Northwind has been permanently deleted.",
                "Page two.",
            ],
            2,
        );
        let text = text(&pdf).unwrap();
        assert!(text.contains("Certificate of Deletion"), "{text}");
        assert!(text.contains("has been permanently deleted"), "{text}");
        assert!(text.find("Certificate").unwrap() < text.find("Page two").unwrap());
    }

    #[test]
    fn what_is_not_a_pdf_or_too_long_is_refused_with_why() {
        assert!(text(b"hello").unwrap_err().contains("not a PDF"));
        assert!(
            text(b"%PDF-1.5\n1 0 obj <<")
                .unwrap_err()
                .contains("not a readable PDF")
        );
        let lines: Vec<String> = (0..101).map(|n| format!("line {n}")).collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let long = written(&lines, 1);
        assert!(text(&long).unwrap_err().contains("101 pages"));
    }
}
