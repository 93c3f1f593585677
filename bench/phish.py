#!/usr/bin/env python3
"""Benchmark and measure `linger phish` on a folder of real phishing mails,
such as the samples of github.com/rf-peixoto/phishing_pot (fetch them
yourself; they are not committed):

    git clone --depth 1 https://github.com/rf-peixoto/phishing_pot
    python3 bench/phish.py phishing_pot/email

Runs the release binary once over the whole folder, offline, timed as a
whole process with its peak memory, and prints how many messages got a
sending hop (from the `Received:` chain, or the SPF check when the chain
runs inside one provider), how many a named service, the services, and
the phishing domains by role.
"""
import collections
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "linger"], cwd=ROOT, check=True)
    linger = os.path.join(ROOT, "target", "release", "linger")
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull, subprocess.Popen(
        [linger, "phish", "--domain", "northwind.example", "--format", "json", folder],
        stdout=subprocess.PIPE, stderr=devnull,
    ) as child:
        stdout = child.stdout.read()
        # This child's own peak, not cargo's.
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    took = time.perf_counter() - start
    if child.returncode != 0:
        sys.exit(f"linger phish exited {child.returncode}")
    peak = usage.ru_maxrss / 1024
    report = json.loads(stdout)
    senders = report["senders"]
    messages = report["messages"]
    hop = sum(s["messages"] for s in senders if s["ip"])
    spf = sum(s["messages"] for s in senders if any("SPF check" in e for e in s["evidence"]))
    named = sum(s["messages"] for s in senders if s["service"])
    services = collections.Counter()
    for s in senders:
        services[s["service"] or "(none known)"] += s["messages"]
    print(f"{messages} messages in {took:.2f} s ({messages / took:,.0f}/s), peak {peak:.0f} MB")
    print(f"sending hop: {hop} ({100 * hop / messages:.1f}%), {spf} of them from the SPF check")
    print(f"named service: {named} ({100 * named / messages:.1f}%)")
    print("services:", ", ".join(f"{k} {v}" for k, v in services.most_common(12)))
    roles = collections.Counter(d["role"] for d in report["domains"])
    print(f"phishing domains: {len(report['domains'])} ({dict(roles)})")


if __name__ == "__main__":
    main()
