# Round three, inbox at scale (issue 28 items 5, 6, 7): ten thousand
# matched replies applied in one write, a mailbox of hard links to one
# 60 MB reply read in bounded memory, evidence written only into real
# folders inside the inventory's, and `check` hashing no file outside it.
# Loaded by bench/attack.py into its namespace (case, run, finished).

SCALE_TODAY = "2026-11-30"


def scale_inventory(work, vendors, path="vendors.toml"):
    lines = ["schema = 1", "", "[organization]", 'name = "Northwind Analytics AS"',
             'email = "privacy@northwind.example"', ""]
    for n in range(vendors):
        lines += ["[[vendor]]", f'id = "vendor{n}"', f'name = "Vendor {n}"',
                  f'website = "https://vendor{n}.example"', f'privacy_email = "dpo@vendor{n}.example"',
                  "retired_on = 2026-09-01", 'data = ["contact.email"]', "",
                  "[[vendor.event]]", "on = 2026-10-01", 'kind = "requested"',
                  f'message_id = "<request.vendor{n}@northwind.example>"', ""]
    full = os.path.join(work, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write("\n".join(lines))
    return full


def scale_reply(vendor, day, ident, pad=b""):
    head = (
        f"From: Privacy <dpo@vendor{vendor}.example>\nTo: privacy@northwind.example\n"
        f"Subject: Re: Deletion request: Northwind Analytics AS [ref:vendor{vendor}]\n"
        f"Date: {day:02d} Nov 2026 10:00:00 +0000\nMessage-ID: <{ident}@vendor{vendor}.example>\n\n"
        f"Thank you for your request. We have received it and opened ticket #{ident}.\n"
    ).encode()
    return head + pad


def scale_mbox(path, replies):
    with open(path, "wb") as f:
        for vendor, day, ident in replies:
            f.write(f"From dpo@vendor{vendor}.example Mon Nov {day:2d} 10:00:00 2026\n".encode())
            f.write(scale_reply(vendor, day, ident))
            f.write(b"\n")


def scale_apply(binary, work, vendors, replies, seconds=2):
    toml = scale_inventory(work, vendors)
    box = os.path.join(work, "replies.mbox")
    scale_mbox(box, replies)
    r = run(binary, ["--today", SCALE_TODAY, "inbox", "--mail", box, "--apply", "--format", "json"],
            work, timeout=120)
    problems = finished(r, allowed=(0,), seconds=seconds, rss_mb=100)
    with open(toml) as f:
        text = f.read()
    return problems, r, text


@case("r3-scale", "10,000 acknowledgements to 20 vendors applied: one event a request, under 2 s")
def _(binary, work):
    replies = [(i % 20, 1 + (i * 7) % 28, f"r{i}") for i in range(10_000)]
    problems, r, text = scale_apply(binary, work, 20, replies)
    acks = text.count('kind = "acknowledged"')
    if acks != 20:
        problems.append(f"{acks} acknowledged events for 20 requests")
    left = [n for n in os.listdir(work) if n.startswith(".linger-evidence")]
    if left:
        problems.append(f"{len(left)} copies left behind")
    return problems


def scale_bounce(vendor, day, ident):
    return (
        f"From MAILER-DAEMON Mon Nov {day:2d} 10:00:00 2026\n"
        f"From: Mail Delivery System <MAILER-DAEMON@mx.northwind.example>\nTo: privacy@northwind.example\n"
        f"Subject: Undelivered Mail Returned to Sender\nDate: {day:02d} Nov 2026 10:00:00 +0000\n"
        f"Message-ID: <{ident}@mx.northwind.example>\nX-Failed-Recipients: dpo@vendor{vendor}.example\n\n"
        f"Your message could not be delivered to dpo@vendor{vendor}.example.\n\n"
        # The returned letter's headers: a bounce counts only when it
        # returns a letter recorded on the vendor (issue 28 item 1).
        f"Message-ID: <request.vendor{vendor}@northwind.example>\n\n"
    ).encode()


@case("r3-scale", "10,000 bounces to 200 vendors applied: 10,000 events and evidence files in one run, under 5 s")
def _(binary, work):
    # Each bounce is an event of its own: nothing folds them together, and
    # each keeps its message in a new file (creating 10,000 files alone
    # takes 1-2 s on a loaded VM's disk).
    toml = scale_inventory(work, 200)
    box = os.path.join(work, "bounces.mbox")
    with open(box, "wb") as f:
        for i in range(10_000):
            f.write(scale_bounce(i % 200, 2 + (i // 200) % 27, f"b{i}"))
    r = run(binary, ["--today", SCALE_TODAY, "inbox", "--mail", box, "--apply", "--format", "json"],
            work, timeout=120)
    problems = finished(r, allowed=(0,), seconds=5, rss_mb=100)
    with open(toml) as f:
        text = f.read()
    bounced = text.count('kind = "bounced"')
    if bounced != 10_000:
        problems.append(f"{bounced} of 10000 events recorded")
    kept = sum(len(files) for _, _, files in os.walk(os.path.join(work, "evidence")))
    if kept != bounced:
        problems.append(f"{kept} evidence files for {bounced} events")
    return problems


@case("r3-scale", "60 hard links to one 60 MB reply: under 100 MB, a look and --apply")
def _(binary, work):
    scale_inventory(work, 1)
    mail = os.path.join(work, "mail")
    os.makedirs(mail)
    line = b"pasted inline by a ticket tool " * 33 + b"\n"
    first = os.path.join(mail, "reply.eml")
    with open(first, "wb") as f:
        f.write(scale_reply(0, 3, "big"))
        written = 0
        while written < 60 << 20:
            f.write(line)
            written += len(line)
    for n in range(59):
        os.link(first, os.path.join(mail, f"link{n:02d}.eml"))
    problems = []
    for args in (["--format", "json"], ["--apply", "--format", "json"]):
        r = run(binary, ["--today", SCALE_TODAY, "inbox", "--mail", mail, *args], work, timeout=180)
        problems += [f"{' '.join(args)}: {p}" for p in finished(r, allowed=(0,), seconds=180, rss_mb=100)]
    kept = os.path.join(work, "evidence", "vendor0", "2026-11-03-acknowledged.eml")
    if not os.path.exists(kept) or os.path.getsize(kept) != os.path.getsize(first):
        problems.append("the evidence is not the whole message")
    left = [n for n in os.listdir(work) if n.startswith(".linger-evidence")]
    if left:
        problems.append(f"{len(left)} copies left behind")
    return problems


@case("r3-scale", "a linked evidence/ID folder is refused; nothing is written where it points")
def _(binary, work):
    scale_inventory(work, 1)
    outside = os.path.join(work, "outside")
    os.makedirs(outside)
    os.makedirs(os.path.join(work, "evidence"))
    os.symlink(outside, os.path.join(work, "evidence", "vendor0"))
    box = os.path.join(work, "replies.mbox")
    scale_mbox(box, [(0, 3, "a")])
    with open(os.path.join(work, "vendors.toml"), "rb") as f:
        before = f.read()
    r = run(binary, ["--today", SCALE_TODAY, "inbox", "--mail", box, "--apply"], work)
    problems = finished(r, allowed=(1, 2))
    if os.listdir(outside):
        problems.append(f"written outside: {os.listdir(outside)}")
    with open(os.path.join(work, "vendors.toml"), "rb") as f:
        if f.read() != before:
            problems.append("vendors.toml changed")
    if "evidence/vendor0" not in r.err:
        problems.append("the error does not name the link")
    return problems


@case("r3-scale", "check hashes no file outside the inventory's folder (../secret.txt, a link)")
def _(binary, work):
    import hashlib
    secret = b"the API key of another project\n"
    with open(os.path.join(work, "secret.txt"), "wb") as f:
        f.write(secret)
    digest = hashlib.sha256(secret).hexdigest()
    problems = []
    for evidence in ("../secret.txt", "evidence/link.txt"):
        inv = os.path.join(work, "inv-" + evidence.replace("/", "_").replace(".", "_"))
        toml = scale_inventory(inv, 1)
        os.makedirs(os.path.join(inv, "evidence"), exist_ok=True)
        os.symlink(os.path.join(work, "secret.txt"), os.path.join(inv, "evidence", "link.txt"))
        with open(toml, "a") as f:
            f.write(f'\n[[vendor.event]]\non = 2026-10-20\nkind = "acknowledged"\n'
                    f'evidence = "{evidence}"\nevidence_sha256 = "{"0" * 64}"\n')
        r = run(binary, ["--today", SCALE_TODAY, "check", "--format", "json"], inv)
        problems += [f"{evidence}: {p}" for p in finished(r, allowed=(0, 1))]
        if digest in r.out or digest in r.err:
            problems.append(f"{evidence}: printed the secret's SHA-256")
    return problems
