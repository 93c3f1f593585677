#!/usr/bin/env python3
"""Whole-process benchmark of linger against a bare TOML parse.

    python3 bench/run.py [--sizes 1000,10000,100000] [--runs 5]

Builds the release binary and the `bare_parse` and `bare_edit` examples,
generates inventories of realistic vendors (bench/generate.py), then runs each
command several times per size and prints the median wall time, the peak
memory (max RSS) and the ratio to its baseline on the same file: the read-only
commands against a bare `toml` parse, `linger mark` against a bare `toml_edit`
parse and print (written to a second file). Every `mark` run starts from a
fresh copy of the inventory.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import generate  # noqa: E402

TODAY = "2026-11-28"


def run(argv):
    """Runs argv once; returns (seconds, max RSS in KiB, exit status)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def measure(argv, runs, allowed, setup=None):
    times, peak = [], 0
    for _ in range(runs):
        if setup:
            setup()
        seconds, rss, code = run(argv)
        if code not in allowed:
            sys.exit(f"{' '.join(argv)} exited with {code}")
        times.append(seconds)
        peak = max(peak, rss)
    return statistics.median(times), peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bin", "linger", "--example", "bare_parse", "--example", "bare_edit"],
        cwd=ROOT,
        check=True,
    )
    linger = os.path.join(ROOT, "target", "release", "linger")
    bare = os.path.join(ROOT, "target", "release", "examples", "bare_parse")
    bare_edit = os.path.join(ROOT, "target", "release", "examples", "bare_edit")

    print(f"{'vendors':>8} {'file MB':>8} {'command':<28} {'median ms':>10} {'max RSS MB':>11} {'x parse':>8} {'RSS/file':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            path = os.path.join(tmp, f"vendors-{size}.toml")
            with open(path, "w") as out:
                generate.write_inventory(out, size)
            file_mb = os.path.getsize(path) / 1e6
            commands = [
                ("bare toml parse", [bare, path], {0}),
                ("linger check", [linger, "-f", path, "--today", TODAY, "check"], {0, 1}),
                ("linger check --format json", [linger, "-f", path, "--today", TODAY, "check", "--format", "json"], {0, 1}),
                ("linger overdue --format json", [linger, "-f", path, "--today", TODAY, "overdue", "--format", "json"], {0}),
            ]
            baseline = None
            for name, argv, allowed in commands:
                seconds, rss = measure(argv, args.runs, allowed)
                baseline = baseline or seconds
                report(size, file_mb, name, seconds, rss, baseline)

            # Editing: each run marks a vendor in the middle of a fresh copy.
            copy = os.path.join(tmp, f"edit-{size}.toml")
            printed = os.path.join(tmp, f"printed-{size}.toml")
            with open(path, "rb") as f:
                original = f.read()

            def fresh_copy():
                with open(copy, "wb") as f:
                    f.write(original)

            vendor = f"vendor-{size // 2}"
            edits = [
                ("bare toml_edit parse+print", [bare_edit, copy, printed], {0}),
                ("linger mark", [linger, "-f", copy, "--today", TODAY, "mark", vendor, "requested"], {0}),
            ]
            baseline = None
            for name, argv, allowed in edits:
                seconds, rss = measure(argv, args.runs, allowed, setup=fresh_copy)
                baseline = baseline or seconds
                report(size, file_mb, name, seconds, rss, baseline)


def report(size, file_mb, name, seconds, rss, baseline):
    rss_mb = rss / 1024
    print(
        f"{size:>8} {file_mb:>8.1f} {name:<28} {seconds * 1000:>10.1f} {rss_mb:>11.1f}"
        f" {seconds / baseline:>8.2f} {rss_mb / file_mb:>9.1f}"
    )


if __name__ == "__main__":
    main()
