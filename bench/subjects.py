#!/usr/bin/env python3
"""Benchmark of `linger subjects import`: one CSV export of N addresses into
one vendor's set, timed as a whole process.

    python3 bench/subjects.py [--count 1000000] [--runs 3]

Builds the release binary, writes a CSV (id, Email, plan) of N distinct
addresses over 500 domains, and imports it N times from scratch, printing
the median wall time, the peak memory and both against the CSV's size.
The key comes from LINGER_SUBJECTS_KEY and no keyring is touched.
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "linger"], cwd=ROOT, check=True)
    linger = os.path.join(ROOT, "target", "release", "linger")
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(ROOT, "vendors.example.toml"), os.path.join(tmp, "vendors.toml"))
        export = os.path.join(tmp, "export.csv")
        rng = random.Random(1)
        with open(export, "w") as f:
            f.write("id,Email,plan\n")
            for i in range(args.count):
                f.write(f"{i},user{i}.{rng.randint(0, 10**9)}@example{i % 500}.com,pro\n")
        env = dict(os.environ, LINGER_SUBJECTS_KEY="ab" * 32, DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent")
        times, peak = [], 0
        for _ in range(args.runs):
            shutil.rmtree(os.path.join(tmp, "subjects"), ignore_errors=True)
            start = time.perf_counter()
            proc = subprocess.Popen([linger, "-q", "subjects", "import", "mailblast", export], cwd=tmp, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
            times.append(time.perf_counter() - start)
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit("the import failed")
            peak = max(peak, usage.ru_maxrss)
        size = os.path.getsize(export) / 2**20
        hashes = os.path.getsize(os.path.join(tmp, "subjects", "mailblast.hashes")) / 2**20
        print(f"addresses {args.count}: CSV {size:.1f} MB, hash file {hashes:.1f} MB")
        print(f"import: median {statistics.median(times):.2f} s, max RSS {peak / 1024:.0f} MB "
              f"({peak / 1024 / size:.1f}x the CSV)")


if __name__ == "__main__":
    main()
