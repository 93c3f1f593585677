# Round three, the merge driver (issue 28 items 14-17): it must never lose
# an event silently. Each case writes a base, ours and theirs and runs
# `linger merge-driver BASE OURS THEIRS vendors.toml` as git would; the
# result is judged by what is in OURS afterwards, by the exit status (0
# merged, 1 conflicts marked) and by whether `linger check` can load it.
# Runs in bench/attack.py's namespace (case, run, finished, TODAY).

MERGE_BASE = """schema = 1

[organization]
name = "Northwind Traders"
email = "privacy@northwind.example"

[[vendor]]
id = "mailblast"
name = "MailBlast Ltd"
used_from = 2019-01-10
retired_on = 2026-08-31

[[vendor.event]]
on = 2026-09-21
kind = "requested"

[[vendor.event]]
on = 2026-09-25
kind = "extended"
until = 2026-12-15
note = "migrating off tape backups"

[[vendor]]
id = "trackr"
name = "Trackr"
used_from = 2025-01-01
data = ["contact.email"]
"""

REFUSED = '\n[[vendor.event]]\non = 2026-11-20\nkind = "refused"\nreason = "legal hold"\n'
IMAP = '\n[imap]\nhost = "imap.example.com"\nusername = "privacy@northwind.example"\n'


def merge_driver(binary, work, base, ours, theirs, timeout=60):
    """Runs the driver as git does; returns the run and the merged text."""
    paths = {}
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        paths[name] = os.path.join(work, "." + name)
        with open(paths[name], "w", newline="") as f:
            f.write(text)
    r = run(binary, ["merge-driver", paths["base"], paths["ours"], paths["theirs"], "vendors.toml"], work,
            timeout=timeout)
    with open(paths["ours"], newline="") as f:
        return r, f.read()


def loads(binary, work, text):
    """Problems if `linger check` cannot load `text`."""
    path = os.path.join(work, "loaded.toml")
    with open(path, "w", newline="") as f:
        f.write(text)
    r = run(binary, ["-f", path, "check"], work)
    if r.status not in (0, 1):
        return [f"the merged file does not load: {r.err.strip().splitlines()[0] if r.err.strip() else r.status}"]
    return []


def conflicted(r, text):
    """Problems unless the merge is a marked conflict."""
    problems = finished(r, allowed=(1,))
    if "<<<<<<< " not in text or "\n=======" not in text or ">>>>>>> " not in text:
        problems.append("no conflict markers")
    return problems


def without_mailblast(text):
    start = text.index("[[vendor]]\nid = \"mailblast\"")
    end = text.index("[[vendor]]\nid = \"trackr\"")
    return text[:start] + text[end:]


def marked(text):
    return text.replace('note = "migrating off tape backups"\n', 'note = "migrating off tape backups"\n' + REFUSED)


@case("r3-merge", "a vendor deleted on one side and marked on the other conflicts, both ways (14)")
def merge_deleted_vs_marked(binary, work):
    problems = []
    for ours, theirs in ((without_mailblast(MERGE_BASE), marked(MERGE_BASE)),
                         (marked(MERGE_BASE), without_mailblast(MERGE_BASE))):
        r, text = merge_driver(binary, work, MERGE_BASE, ours, theirs)
        problems += conflicted(r, text)
        if 'kind = "refused"' not in text:
            problems.append("the refused event is gone")
    return sorted(set(problems))


@case("r3-merge", "an id renamed on one side and marked on the other conflicts, both ways (14)")
def merge_renamed_vs_marked(binary, work):
    renamed = MERGE_BASE.replace('id = "mailblast"', 'id = "mailblast-news"')
    problems = []
    for ours, theirs in ((renamed, marked(MERGE_BASE)), (marked(MERGE_BASE), renamed)):
        r, text = merge_driver(binary, work, MERGE_BASE, ours, theirs)
        problems += conflicted(r, text)
        if 'kind = "refused"' not in text:
            problems.append("the refused event is gone")
        if 'id = "mailblast-news"' not in text:
            problems.append("the renamed vendor is gone")
    return sorted(set(problems))


@case("r3-merge", "one event, different fields changed on each side: one event with both (15)")
def merge_same_event_two_fields(binary, work):
    ours = MERGE_BASE.replace("until = 2026-12-15", "until = 2026-12-01")
    theirs = MERGE_BASE.replace('note = "migrating off tape backups"', 'note = "tape backups: by December"')
    r, text = merge_driver(binary, work, MERGE_BASE, ours, theirs)
    problems = finished(r, allowed=(0,))
    extended = text.count('kind = "extended"')
    if extended != 1:
        problems.append(f"{extended} extended events")
    if "until = 2026-12-01" not in text or "2026-12-15" in text:
        problems.append("ours' corrected `until` lost to the stale date")
    if 'note = "tape backups: by December"' not in text:
        problems.append("theirs' note is gone")
    return problems + loads(binary, work, text)


@case("r3-merge", "one event, the same field changed differently: a conflict (15)")
def merge_same_event_same_field(binary, work):
    ours = MERGE_BASE.replace("until = 2026-12-15", "until = 2026-12-01")
    theirs = MERGE_BASE.replace("until = 2026-12-15", "until = 2026-12-10")
    r, text = merge_driver(binary, work, MERGE_BASE, ours, theirs)
    problems = conflicted(r, text)
    if "until = 2026-12-01" not in text or "until = 2026-12-10" not in text:
        problems.append("a side's `until` is gone")
    return problems


@case("r3-merge", "[imap] after the vendors: marked on one side, a vendor added on the other (16)")
def merge_table_after_vendors(binary, work):
    base = MERGE_BASE + IMAP
    ours = base.replace('data = ["contact.email"]\n',
                        'data = ["contact.email"]\n\n[[vendor.event]]\non = 2026-11-21\nkind = "requested"\n')
    theirs = base.replace(IMAP, '\n[[vendor]]\nid = "toolone"\nname = "Tool One"\nused_from = 2026-01-05\n' + IMAP)
    r, text = merge_driver(binary, work, base, ours, theirs)
    problems = finished(r, allowed=(0, 1))
    if r.status == 0:
        problems += loads(binary, work, text)
        if text.count("[imap]") != 1:
            problems.append(f"{text.count('[imap]')} [imap] tables")
    elif "<<<<<<< " not in text:
        problems.append("exit 1 without conflict markers")
    for must in ('id = "toolone"', "on = 2026-11-21"):
        if must not in text:
            problems.append(f"`{must}` is gone")
    return problems


@case("r3-merge", "a merge that would not load falls back to git's line merge with markers (16)")
def merge_would_not_load(binary, work):
    # Each side loads; merged field by field, trackr would be retired
    # before it was used.
    ours = MERGE_BASE.replace("used_from = 2025-01-01", "used_from = 2026-11-01")
    theirs = MERGE_BASE.replace('data = ["contact.email"]\n', 'data = ["contact.email"]\nretired_on = 2026-10-01\n')
    r, text = merge_driver(binary, work, MERGE_BASE, ours, theirs)
    problems = finished(r, allowed=(0, 1))
    if r.status == 0:
        problems += loads(binary, work, text)
    elif "<<<<<<< " not in text:
        problems.append("exit 1 without conflict markers")
    if "used_from = 2026-11-01" not in text or "retired_on = 2026-10-01" not in text:
        problems.append("a side's change is gone")
    return problems


@case("r3-merge", "a [[vendor]] inside a multi-line note is not cut as a vendor")
def merge_header_in_string(binary, work):
    trick = 'note = """\n[[vendor]]\nid = "ghost"\n[imap]\nhost = "x"\n"""\n'
    base = MERGE_BASE.replace('kind = "requested"\n', 'kind = "requested"\n' + trick, 1)
    ours = base.replace("until = 2026-12-15", "until = 2026-12-01")
    theirs = base.replace('kind = "requested"\n' + trick, 'kind = "requested"\n' + trick.replace("ghost", "spook"))
    r, text = merge_driver(binary, work, base, ours, theirs)
    problems = finished(r, allowed=(0, 1))
    if r.status == 0:
        problems += loads(binary, work, text)
        if "until = 2026-12-01" not in text or 'id = "spook"' not in text:
            problems.append("a side's change is gone")
    elif "<<<<<<< " not in text:
        problems.append("exit 1 without conflict markers")
    return problems


def big_inventory(vendors):
    parts = ['schema = 1\n\n[organization]\nname = "Northwind Traders"\nemail = "privacy@northwind.example"\n']
    for i in range(vendors):
        parts.append(f'\n[[vendor]]\nid = "v{i:05d}"\nname = "Vendor {i}"\nwebsite = "https://v{i}.example"\n'
                     f'used_from = 2020-01-01\ndata = ["contact.email"]\n')
    return "".join(parts)


def mark_vendor(text, i, on):
    anchor = f'id = "v{i:05d}"\nname = "Vendor {i}"\nwebsite = "https://v{i}.example"\nused_from = 2020-01-01\ndata = ["contact.email"]\n'
    return text.replace(anchor, anchor + f'\n[[vendor.event]]\non = {on}\nkind = "requested"\n', 1)


@case("r3-merge", "60,000 vendors (7 MB), vendors added and marked on both sides: under 2 s (17)")
def merge_sixty_thousand(binary, work):
    base = big_inventory(60000)
    ours = mark_vendor(base, 100, "2026-11-02") + '\n[[vendor]]\nid = "ours-new"\nname = "Ours"\n'
    theirs = mark_vendor(base, 50000, "2026-11-03") + '\n[[vendor]]\nid = "theirs-new"\nname = "Theirs"\n'
    theirs = mark_vendor(theirs, 100, "2026-11-04")
    r, text = merge_driver(binary, work, base, ours, theirs, timeout=60)
    problems = finished(r, allowed=(0,), seconds=2, rss_mb=300)
    for must in ('id = "ours-new"', 'id = "theirs-new"', "on = 2026-11-02", "on = 2026-11-03", "on = 2026-11-04"):
        if must not in text:
            problems.append(f"`{must}` is gone")
    return problems
