#!/usr/bin/env python3
"""Times `linger report` of a 1,000-vendor inventory, and its rendering in
headless Chromium (the issue's target: under 2 s to render).

    python3 bench/report.py [--vendors 1000] [--runs 5]

Builds the release binary, writes an inventory in which one vendor in three
is overdue and one in three has a confirmed deletion with evidence, then
times, as the median of the runs:
- `linger report -o report.html` (whole process);
- Chromium loading the page and dumping its DOM (`--dump-dom`), which
  includes Chromium's own start-up; and, for comparison, Chromium on an
  empty page, so the difference is the page's own cost.
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync"]


def inventory(n):
    out = ['schema = 1\n\n[organization]\nname = "Big Co"\nemail = "privacy@big.example"\nlaw = "gdpr"\n']
    for i in range(n):
        out.append(f'\n[[vendor]]\nid = "v{i}"\nname = "Vendor {i}"\nprivacy_email = "privacy@v{i}.example"\n'
                   f'used_from = 2015-01-01\ndata = ["contact.email"]\n')
        if i % 3 == 0:
            out.append("retired_on = 2020-01-01\n")
        elif i % 3 == 1:
            out.append('retired_on = 2025-01-01\n\n[[vendor.event]]\non = 2025-02-01\nkind = "requested"\n\n'
                       '[[vendor.event]]\non = 2025-03-01\nkind = "confirmed"\nevidence = "https://files.example/v.pdf"\n')
    return "".join(out)


def timed(argv, env=None):
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vendors", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "linger")
    env = dict(os.environ, LINGER_TODAY="2026-11-28", DBUS_SESSION_BUS_ADDRESS="disabled:")
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "vendors.toml")
        with open(path, "w") as f:
            f.write(inventory(args.vendors))
        page = os.path.join(work, "report.html")
        empty = os.path.join(work, "empty.html")
        with open(empty, "w") as f:
            f.write("<!DOCTYPE html><title>empty</title>")
        made = [timed([binary, "-f", path, "report", "-o", page, "-q"], env) for _ in range(args.runs)]

        def chromium(target):
            profile = tempfile.mkdtemp(dir=work)
            return timed(CHROMIUM + [f"--user-data-dir={profile}", "--dump-dom", f"file://{target}"], env)

        rendered = [chromium(page) for _ in range(args.runs)]
        baseline = [chromium(empty) for _ in range(args.runs)]
        size = os.path.getsize(page)
    print(f"report of {args.vendors} vendors ({size / 1e6:.1f} MB of HTML), median of {args.runs}:")
    print(f"  linger report            {statistics.median(made):6.3f} s")
    print(f"  chromium, the report     {statistics.median(rendered):6.3f} s")
    print(f"  chromium, an empty page  {statistics.median(baseline):6.3f} s")
    print(f"  the page's own cost      {statistics.median(rendered) - statistics.median(baseline):6.3f} s")


if __name__ == "__main__":
    main()
