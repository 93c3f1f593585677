# Round four, the clause reader (issue 31): a reply's words are read in
# linear time. `inbox` reads at most 256 KB of each body, so the reader's
# share of 25 MB of text is 100 replies of 256 KB; a line of 10 MB is one
# reply; 100,000 sentences are 40 replies of 2,500 sentences. Each text is
# the reader's worst: words that are all cues and auxiliaries, no break.
# Loaded by bench/attack.py into its namespace (case, run, finished).

READER_TODAY = "2026-11-30"


def reader_box(work, bodies, headers=""):
    toml = scale_inventory(work, 20)
    box = os.path.join(work, "reader.mbox")
    with open(box, "wb") as f:
        for i, body in enumerate(bodies):
            vendor = i % 20
            f.write(f"From dpo@vendor{vendor}.example Mon Nov 2 10:00:00 2026\n".encode())
            f.write(
                f"From: Privacy <dpo@vendor{vendor}.example>\nTo: privacy@northwind.example\n"
                f"Subject: Re: Deletion request: Northwind Analytics AS [ref:vendor{vendor}]\n"
                f"Date: 02 Nov 2026 10:00:00 +0000\nMessage-ID: <reader{i}@vendor{vendor}.example>\n{headers}\n".encode()
            )
            f.write(body)
            f.write(b"\n\n")
    return toml, box


def reader_run(binary, work, bodies, want, headers=""):
    toml, box = reader_box(work, bodies, headers)
    r = run(binary, ["--today", READER_TODAY, "inbox", "--mail", box, "--format", "json"], work, timeout=60)
    problems = finished(r, allowed=(0,), seconds=2, rss_mb=100)
    try:
        report = json.loads(r.out)
        got = [x["proposal"] for x in report["replies"]]
        if len(got) != len(bodies) or any(p != want for p in got):
            problems.append(f"proposed {sorted(set(map(str, got)))}, not {want} for each")
    except (ValueError, KeyError) as err:
        problems.append(f"no JSON report: {err}")
    return problems


@case("r4-reader", "25 MB of cue words with no break (100 replies of 256 KB): read in under 2 s")
def _(binary, work):
    body = (b"we have by now wiped and permanently purged all of it " * 6000)[: 256 << 10]
    return reader_run(binary, work, [body] * 100, "confirmed")


@case("r4-reader", "a line of 10 MB in one reply, base64 as mail carries it: read in under 2 s")
def _(binary, work):
    # A raw line over 1 MB is no mail (RFC 5322 allows 998 characters):
    # the mail reader skips such a message with a warning. A line of
    # 10 MB reaches the reader encoded, in lines of 76.
    import base64
    line = b"Your data has been deleted " + b"x" * (10 << 20)
    body = base64.encodebytes(line)
    headers = "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n"
    return reader_run(binary, work, [body], "confirmed", headers)


@case("r4-reader", "a raw line of 10 MB: skipped by the mail reader, at once")
def _(binary, work):
    body = b"Your data has been deleted " + b"x" * (10 << 20)
    toml, box = reader_box(work, [body])
    r = run(binary, ["--today", READER_TODAY, "inbox", "--mail", box, "--format", "json"], work, timeout=60)
    problems = finished(r, allowed=(0,), seconds=2, rss_mb=100)
    if "a line over 1 MB" not in r.err:
        problems.append("no warning that the message was skipped")
    return problems


@case("r4-reader", "100,000 sentences (40 replies of 2,500): read in under 2 s")
def _(binary, work):
    body = b"Your data will not be deleted yet, sobald wir es pruefen. " * 2500
    return reader_run(binary, work, [body] * 40, "refused")


@case("r4-reader", "a sentence of 30,000 abbreviations that do not end it ('no. '), 40 replies: under 2 s")
def _(binary, work):
    body = b"Your data has been deleted. See ticket no. " + b"no. " * 60000
    return reader_run(binary, work, [body] * 40, "confirmed")
