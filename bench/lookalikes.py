#!/usr/bin/env python3
"""Benchmark of the lookalike generator: names per second of `linger
lookalikes DOMAIN --names-only` (the release binary, timed as a whole
process: start-up, generation, IDNA encoding and printing the JSON) beside
dnstwist's `Fuzzer.generate()` (PyPI, timed in-process: generation and
IDNA encoding only, no printing), on the same domains, with linger's
top-level domains and built-in words given to dnstwist too.

    python3 -m pip install dnstwist==20250130
    python3 bench/lookalikes.py [--runs 5]

Prints, per domain, each tool's name count, its median time and its
names per second, and how many of dnstwist's names linger lacks (none,
or tests/dnstwist.rs fails).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOMAINS = ["northwind.com", "acme.io", "windtraders.co.uk", "acme-data.de", "blueharbor.com"]


def linger_constants(linger):
    """linger's TLDs and words, as its own code lists them (from the
    source: the binary does not print them)."""
    import re
    src = open(os.path.join(ROOT, "src/online/lookalikes/mod.rs"), encoding="utf-8").read()
    tlds = re.search(r"pub const TLDS: &\[&str\] = &\[(.*?)\];", src, re.S).group(1)
    glyphs = open(os.path.join(ROOT, "src/online/lookalikes/glyphs.rs"), encoding="utf-8").read()
    words = re.search(r"pub const WORDS: &\[&str\] = &\[(.*?)\];", glyphs, re.S).group(1)
    return re.findall(r'"([^"]+)"', tlds), re.findall(r'"([^"]+)"', words)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    try:
        import dnstwist
    except ImportError:
        sys.exit("needs dnstwist: python3 -m pip install dnstwist==20250130")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "linger"], cwd=ROOT, check=True)
    linger = os.path.join(ROOT, "target", "release", "linger")
    tlds, words = linger_constants(linger)
    print(f"{'domain':<20} {'linger names':>12} {'median s':>9} {'names/s':>10}   "
          f"{'dnstwist names':>14} {'median s':>9} {'names/s':>10}   lacking")
    for domain in DOMAINS:
        times, ours = [], None
        for _ in range(args.runs):
            start = time.perf_counter()
            out = subprocess.run([linger, "lookalikes", domain, "--names-only", "--format", "json"],
                                 capture_output=True, check=True)
            times.append(time.perf_counter() - start)
            ours = {r["ascii"] for r in json.loads(out.stdout)}
        theirs_times, theirs = [], None
        for _ in range(args.runs):
            start = time.perf_counter()
            fuzzer = dnstwist.Fuzzer(domain, dictionary=words, tld_dictionary=list(tlds))
            fuzzer.generate()
            theirs_times.append(time.perf_counter() - start)
            theirs = {p["domain"] for p in fuzzer.domains if p["fuzzer"] != "*original"}
        ours_t, theirs_t = statistics.median(times), statistics.median(theirs_times)
        print(f"{domain:<20} {len(ours):>12} {ours_t:>9.3f} {len(ours) / ours_t:>10,.0f}   "
              f"{len(theirs):>14} {theirs_t:>9.3f} {len(theirs) / theirs_t:>10,.0f}   {len(theirs - ours)}")


if __name__ == "__main__":
    main()
