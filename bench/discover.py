#!/usr/bin/env python3
"""Times `linger discover --mail` over a generated mbox of about 1 GB
(200,000 messages of about 5 KB: headers from 2,000 senders over 8 years,
then a body), whole-process, with its peak memory.

    python3 bench/discover.py [--messages 200000] [--runs 3] [--keep PATH]

Targets (issue 13): under 10 s and under 100 MB on the 2-core machine.
"""
import argparse
import os
import random
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KNOWN = ["mailchimp.com", "typeform.com", "calendly.com", "zendesk.com", "stripe.com",
         "hubspot.com", "notion.so", "atlassian.net", "dropbox.com", "zoom.us"]
SUBJECTS = ["Your receipt", "Welcome aboard", "Weekly digest", "Your invoice for {m}",
            "Verify your email", "Password reset", "Team update", "Meeting notes"]
BODY = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
        "incididunt ut labore et dolore magna aliqua.\n") * 38


def generate(path, messages):
    rng = random.Random(7)
    senders = KNOWN + [f"sender{i}.example" for i in range(1990)]
    with open(path, "w") as f:
        for i in range(messages):
            domain = rng.choice(senders)
            year = 2018 + rng.randrange(8)
            month = 1 + rng.randrange(12)
            subject = rng.choice(SUBJECTS).format(m=month)
            f.write(f"From MAILER-DAEMON Mon Jan  1 00:00:00 {year}\n")
            f.write(f"Return-Path: <bounce@{domain}>\n")
            f.write(f"Received: from mail.{domain} (mail.{domain} [192.0.2.{i % 250}]) by mx.northwind.example; "
                    f"Mon, 5 Jan {year} 10:00:00 +0000\n")
            f.write(f"From: Someone <noreply@{domain}>\nTo: ops@northwind.example\n")
            f.write(f"Date: Mon, 5 {['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'][month-1]} {year} 10:00:00 +0000\n")
            f.write(f"Subject: {subject}\nMessage-ID: <{i}@{domain}>\nMIME-Version: 1.0\n")
            f.write("Content-Type: text/plain; charset=utf-8\n\n")
            f.write(BODY)
            f.write("\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="write the mbox here and keep it")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "linger")
    with tempfile.TemporaryDirectory() as work:
        mbox = args.keep or os.path.join(work, "all.mbox")
        if not os.path.exists(mbox):
            generate(mbox, args.messages)
        inventory = os.path.join(work, "vendors.toml")
        with open(inventory, "w") as f:
            f.write('schema = 1\n\n[organization]\nname = "N"\nemail = "privacy@northwind.example"\n')
        env = dict(os.environ, LINGER_TODAY="2026-11-28")
        times, peak = [], 0
        for _ in range(args.runs):
            start = time.perf_counter()
            proc = subprocess.Popen([binary, "-f", inventory, "discover", "--mail", mbox, "--format", "json"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
            times.append(time.perf_counter() - start)
            peak = max(peak, usage.ru_maxrss)
            assert os.waitstatus_to_exitcode(status) == 0
        size = os.path.getsize(mbox)
    print(f"discover --mail over {size / 1e9:.2f} GB ({args.messages} messages), median of {args.runs}:")
    print(f"  {statistics.median(times):6.2f} s   {size / 1e6 / statistics.median(times):.0f} MB/s   peak memory {peak / 1024:.0f} MB")


if __name__ == "__main__":
    main()
