#!/usr/bin/env python3
"""Benchmark of `linger inbox --mail`: one mbox of about 1 GB holding
200,000 messages (newsletters, receipts and mail of every kind, 5 KB
each), 200 of them replies to the inventory's vendors, read as a user
would, timed as a whole process.

    python3 bench/inbox.py [--messages 200000] [--replies 200] [--size 5000]
                           [--binary PATH]

`--binary` times a linger built elsewhere (another branch's, to compare
before and after a change) instead of building this tree's.

Prints the median wall time over three runs, the peak memory, and what
the run matched (the 200 replies, nothing else). The target (issue 21):
under 5 s and 100 MB on 2 cores.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_mbox(path, messages, replies, size, vendors):
    rng = random.Random(7)
    filler = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 200)[: size]
    reply_at = set(rng.sample(range(messages), replies))
    with open(path, "wb") as f:
        for i in range(messages):
            day = 1 + i % 28
            if i in reply_at:
                vendor, domain = vendors[i % len(vendors)]
                head = (
                    f"From dpo@{domain} Mon Nov {day:2d} 10:00:00 2026\n"
                    f"From: Privacy <dpo@{domain}>\nTo: privacy@northwind.example\n"
                    f"Subject: Re: Deletion request: Northwind Analytics AS [ref:{vendor}]\n"
                    f"Date: Mon, {day:02d} Nov 2026 10:00:00 +0000\nMessage-ID: <r{i}@{domain}>\n\n"
                    "Thank you for your request. We have received it and opened ticket #"
                    f"{10000 + i}.\n\n"
                )
            else:
                head = (
                    f"From news@shop{i % 997}.example Mon Nov {day:2d} 10:00:00 2026\n"
                    f"From: Shop <news@shop{i % 997}.example>\nTo: team@northwind.example\n"
                    f"Subject: Offer {i}\nDate: Mon, {day:02d} Nov 2026 10:00:00 +0000\n"
                    f"Message-ID: <m{i}@shop.example>\nList-Unsubscribe: <mailto:u@shop.example>\n\n"
                )
            f.write(head.encode())
            f.write(filler.encode())
            f.write(b"\n\n")
    return reply_at


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--replies", type=int, default=200)
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--binary", help="a built linger to time instead of this tree's")
    args = parser.parse_args()
    if args.binary:
        linger = os.path.abspath(args.binary)
    else:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "linger"], cwd=ROOT, check=True)
        linger = os.path.join(ROOT, "target", "release", "linger")
    vendors = [(f"vendor{n}", f"vendor{n}.example") for n in range(20)]
    with tempfile.TemporaryDirectory() as work:
        inventory = ["schema = 1", "", "[organization]", 'name = "Northwind Analytics AS"',
                     'email = "privacy@northwind.example"', ""]
        for vendor, domain in vendors:
            inventory += ["[[vendor]]", f'id = "{vendor}"', f'name = "{vendor}"',
                          f'website = "https://{domain}"', f'privacy_email = "dpo@{domain}"',
                          "retired_on = 2026-09-01", 'data = ["contact.email"]', "",
                          "[[vendor.event]]", "on = 2026-10-01", 'kind = "requested"', ""]
        with open(os.path.join(work, "vendors.toml"), "w") as f:
            f.write("\n".join(inventory))
        mbox = os.path.join(work, "archive.mbox")
        write_mbox(mbox, args.messages, args.replies, args.size, vendors)
        size = os.path.getsize(mbox)
        argv = [linger, "--today", "2026-11-30", "inbox", "--mail", mbox, "--format", "json"]
        times, peaks = [], []
        report = None
        for _ in range(3):
            start = time.perf_counter()
            proc = subprocess.Popen(argv, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            out = proc.stdout.read()
            _, status, usage = os.wait4(proc.pid, 0)
            times.append(time.perf_counter() - start)
            peaks.append(usage.ru_maxrss / 1024)
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit("linger inbox failed")
            report = json.loads(out)
        matched = len(report["replies"])
        print(f"mbox: {size / 1e9:.2f} GB, {args.messages} messages, {args.replies} replies")
        print(f"inbox: median {statistics.median(times):.2f} s, peak {max(peaks):.0f} MB")
        print(f"read {report['read']}, matched {matched}, unmatched {report['unmatched']}")
        if matched != args.replies or report["read"] != args.messages:
            sys.exit("the run did not find exactly the replies")


if __name__ == "__main__":
    main()
