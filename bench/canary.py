#!/usr/bin/env python3
"""Benchmark of `linger canary watch --mail`: one mbox of about 1 GB holding
200,000 messages (5 KB each), 10,000 canaries in the inventory (1,000
vendors with 10 each), and 600 messages to canaries: bulk phishing that
names its canary only in `Delivered-To` and `Received: ... for`, and the
vendors' own newsletters, DKIM-aligned. Read as a user would, timed as a
whole process.

    python3 bench/canary.py [--messages 200000] [--vendors 1000] [--per 10] [--hits 600]

Prints the median wall time over three runs, the peak memory, and what the
run found. The target (issue 32): under 5 s and 100 MB on 2 cores.
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
CANARY_DOMAIN = "canary.northwind.example"


def canary(vendor, n):
    return f"v{vendor}.c{n:07d}@{CANARY_DOMAIN}"


def write_inventory(path, vendors, per):
    lines = ["schema = 1", "", "[organization]", 'name = "Northwind Analytics AS"',
             'email = "privacy@northwind.example"', f'canary_domain = "{CANARY_DOMAIN}"', ""]
    for v in range(vendors):
        addresses = ", ".join(f'"{canary(v, n)}"' for n in range(per))
        lines += ["[[vendor]]", f'id = "v{v}"', f'name = "Vendor {v}"',
                  f'website = "https://vendor{v}.example"', 'data = ["contact.email"]',
                  f"canaries = [{addresses}]", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def write_mbox(path, messages, hits, size, vendors, per):
    rng = random.Random(32)
    filler = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 200)[:size]
    hit_at = set(rng.sample(range(messages), hits))
    with open(path, "wb") as f:
        for i in range(messages):
            day = 1 + i % 28
            if i in hit_at:
                v = rng.randrange(vendors)
                to = canary(v, rng.randrange(per))
                if i % 2:
                    head = (
                        f"From MAILER-DAEMON Mon Nov {day:2d} 10:00:00 2026\n"
                        f"Delivered-To: {to}\n"
                        f"Received: from mx.northwind.example by imap.northwind.example with LMTP\n"
                        f"\tfor <{to}>; Mon, {day:02d} Nov 2026 10:00:00 +0000\n"
                        "Authentication-Results: mx.northwind.example; dkim=none; spf=softfail smtp.mailfrom=bad.example; dmarc=none\n"
                        f"Received: from mail.bad.example (mail.bad.example [203.0.113.{i % 250}])\n"
                        f"\tby mx.northwind.example with ESMTP; Mon, {day:02d} Nov 2026 09:59:00 +0000\n"
                        "From: IT <it@northwlnd-login.example>\nTo: undisclosed-recipients:;\n"
                        f"Subject: Verify your mailbox {i}\nDate: Mon, {day:02d} Nov 2026 09:58:00 +0000\n"
                        f"Message-ID: <p{i}@bad.example>\n\n"
                        "Verify at https://northwlnd-login.example/v\n\n"
                    )
                else:
                    head = (
                        f"From MAILER-DAEMON Mon Nov {day:2d} 10:00:00 2026\n"
                        f"Delivered-To: {to}\n"
                        f"Authentication-Results: mx.northwind.example; dkim=pass header.d=vendor{v}.example; dmarc=pass header.from=vendor{v}.example\n"
                        f"From: News <news@vendor{v}.example>\nTo: {to}\n"
                        f"Subject: News {i}\nDate: Mon, {day:02d} Nov 2026 10:00:00 +0000\n"
                        f"Message-ID: <n{i}@vendor{v}.example>\n\n"
                    )
            else:
                head = (
                    f"From news@shop{i % 997}.example Mon Nov {day:2d} 10:00:00 2026\n"
                    f"Delivered-To: team{i % 50}@northwind.example\n"
                    f"From: Shop <news@shop{i % 997}.example>\nTo: team@northwind.example\n"
                    f"Subject: Offer {i}\nDate: Mon, {day:02d} Nov 2026 10:00:00 +0000\n"
                    f"Message-ID: <m{i}@shop.example>\n\n"
                )
            f.write(head.encode())
            f.write(filler.encode())
            f.write(b"\n\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--vendors", type=int, default=1000)
    parser.add_argument("--per", type=int, default=10)
    parser.add_argument("--hits", type=int, default=600)
    parser.add_argument("--size", type=int, default=5000)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "linger"], cwd=ROOT, check=True)
    linger = os.path.join(ROOT, "target", "release", "linger")
    with tempfile.TemporaryDirectory() as work:
        write_inventory(os.path.join(work, "vendors.toml"), args.vendors, args.per)
        mbox = os.path.join(work, "canary.mbox")
        write_mbox(mbox, args.messages, args.hits, args.size, args.vendors, args.per)
        size = os.path.getsize(mbox)
        argv = [linger, "--today", "2026-12-07", "canary", "watch", "--mail", mbox, "--format", "json"]
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
                sys.exit("linger canary watch failed")
            report = json.loads(out)
        found = len(report["observations"])
        leaked = sum(1 for o in report["observations"] if o["meaning"] == "leaked")
        print(f"mbox: {size / 1e9:.2f} GB, {args.messages} messages, "
              f"{report['canaries']} canaries, {args.hits} to canaries")
        print(f"canary watch: median {statistics.median(times):.2f} s, peak {max(peaks):.0f} MB")
        print(f"read {report['read']}, observations {found} ({leaked} leaked)")
        if found != args.hits or report["read"] != args.messages:
            sys.exit("the run did not find exactly the messages to canaries")


if __name__ == "__main__":
    main()
