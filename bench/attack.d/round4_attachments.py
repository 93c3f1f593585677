# Round four, attachments: hostile PDFs attached to a vendor's reply
# (issue 31, "Certificates attached"). Loaded by bench/attack.py into its
# namespace: `case`, `run`, `finished` come from there.
#
# Each case attaches one PDF, written here by hand, to a reply that
# `inbox` ties to a vendor, and runs `inbox --mail`: the PDF must be
# skipped with a warning naming it (or, for a table lopdf can rebuild,
# read), the run must end by itself with exit
# 0, in time and memory (the parent's; the child that reads the PDF has
# its own 1 GiB address space, 10 s of CPU and a 10 s clock), and print
# no panic.

import base64 as _b64
import zlib as _zlib

ATTACH_INVENTORY = """schema = 1

[organization]
name = "Northwind Analytics AS"
email = "privacy@northwind.example"
law = "gdpr"

[[vendor]]
id = "oldcrm"
name = "OldCRM Inc."
website = "https://oldcrm.example"
privacy_email = "privacy@oldcrm.example"
retired_on = 2026-09-01
data = ["contact.email"]

[[vendor.event]]
on = 2026-10-01
kind = "requested"
"""


def _pdf(objects, root=1, startxref=None):
    """A PDF of `objects` (bytes bodies, numbered from 1), with an xref
    table that is right unless `startxref` says otherwise."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for at in offsets:
        out += b"%010d 00000 n \n" % at
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref if startxref is None else startxref)
    return bytes(out)


def _page_with(content):
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        content,
    ]


def _stream(data, flate=True):
    body = _zlib.compress(data, 9) if flate else data
    head = b"<< /Length %d%s >>" % (len(body), b" /Filter /FlateDecode" if flate else b"")
    return head + b"\nstream\n" + body + b"\nendstream"


def _attach_case(binary, work, name, pdf, seconds=40, must_skip=True):
    with open(os.path.join(work, "vendors.toml"), "w") as f:
        f.write(ATTACH_INVENTORY)
    encoded = _b64.encodebytes(pdf).replace(b"\n", b"\r\n")
    mail = (b"From: privacy@oldcrm.example\r\nTo: privacy@northwind.example\r\n"
            b"Subject: Re: Deletion request [ref:oldcrm]\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n"
            b"Message-ID: <cert@oldcrm.example>\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
            b"Content-Type: text/plain\r\n\r\nPlease find our certificate attached.\r\n--b\r\n"
            b"Content-Type: application/pdf; name=\"" + name.encode() + b"\"\r\n"
            b"Content-Disposition: attachment; filename=\"" + name.encode() + b"\"\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n" + encoded + b"--b--\r\n")
    path = os.path.join(work, "reply.eml")
    with open(path, "wb") as f:
        f.write(mail)
    r = run(binary, ["inbox", "--mail", path, "--format", "json"], work, timeout=120)
    problems = finished(r, allowed=(0,), seconds=seconds, rss_mb=300)
    if must_skip and f"the attachment {name}" not in r.err:
        problems.append("no warning names the skipped file: " + r.err[-300:])
    return problems


@case("attachments", "a PDF whose page inflates to 1 GB (a compression bomb)")
def _(binary, work):
    bomb = _stream(b" " * (1 << 30))
    return _attach_case(binary, work, "bomb.pdf", _pdf(_page_with(bomb)))


@case("attachments", "a PDF whose object streams nest a million arrays deep")
def _(binary, work):
    deep = b"[" * 1_000_000 + b"]" * 1_000_000
    # lopdf bounds its own nesting: read as no text, or skipped.
    return _attach_case(binary, work, "deep.pdf", _pdf(_page_with(deep)), must_skip=False)


@case("attachments", "a PDF of 100,000 dictionaries nested in a page's resources")
def _(binary, work):
    deep = b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources " + b"<< /A " * 100_000 + b">> " * 100_000 + b">>"
    objects = _page_with(_stream(b"BT (x) Tj ET", flate=False))
    objects[2] = deep
    return _attach_case(binary, work, "nested.pdf", _pdf(objects), must_skip=False)


@case("attachments", "a PDF whose page tree is a loop")
def _(binary, work):
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>",
    ]
    # Read as no page, or skipped: either way it ends.
    return _attach_case(binary, work, "loop.pdf", _pdf(objects), must_skip=False)


@case("attachments", "a PDF with a broken xref table")
def _(binary, work):
    pdf = _pdf(_page_with(b"garbage"), startxref=10**9)
    pdf = pdf.replace(b"0000000000 65535 f", b"zzzzzzzzzz zzzzz q")
    # lopdf rebuilds a broken table: read or skipped, it ends.
    return _attach_case(binary, work, "xref.pdf", pdf, must_skip=False)


@case("attachments", "a PDF of 26 MB, over the 25 MB read")
def _(binary, work):
    pdf = _pdf(_page_with(_stream(os.urandom(26 << 20), flate=False)))
    return _attach_case(binary, work, "large.pdf", pdf, seconds=60)


@case("attachments", "a PDF of 500 pages, over the 100 read")
def _(binary, work):
    kids = b" ".join(b"%d 0 R" % (n + 3) for n in range(500))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count 500 >>"]
    objects += [b"<< /Type /Page /Parent 2 0 R >>"] * 500
    return _attach_case(binary, work, "pages.pdf", _pdf(objects))
