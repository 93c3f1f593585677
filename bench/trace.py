#!/usr/bin/env python3
"""Benchmark of `linger trace`: 20 vendors with a million subjects each,
and a leak of 100,000 addresses from one of them, timed as whole
processes (the imports, then the trace).

    python3 bench/trace.py [--vendors 20] [--subjects 1000000] [--leaked 100000]

Prints the trace's median wall time over three runs and its peak memory
against the hash files' total size. The key comes from LINGER_SUBJECTS_KEY;
no keyring is touched.
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


def timed(argv, cwd, env):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed")
    return time.perf_counter() - start, usage.ru_maxrss


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendors", type=int, default=20)
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--leaked", type=int, default=100_000)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "linger"], cwd=ROOT, check=True)
    linger = os.path.join(ROOT, "target", "release", "linger")
    rng = random.Random(5)
    env = dict(os.environ, LINGER_SUBJECTS_KEY="cd" * 32, DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent")
    with tempfile.TemporaryDirectory() as tmp:
        inventory = open(os.path.join(ROOT, "vendors.example.toml")).read()
        pool = 3 * args.subjects
        ranges = []
        for v in range(args.vendors):
            inventory += f'\n[[vendor]]\nid = "bench{v}"\nname = "Bench {v}"\ndata = ["contact.email"]\n'
            start = rng.randint(0, pool - args.subjects)
            ranges.append(start)
            with open(os.path.join(tmp, f"bench{v}.txt"), "w") as f:
                f.write("\n".join(f"u{i}@example.com" for i in range(start, start + args.subjects)))
        with open(os.path.join(tmp, "vendors.toml"), "w") as f:
            f.write(inventory)
        source = ranges[7 % args.vendors]
        with open(os.path.join(tmp, "leak.txt"), "w") as f:
            f.write("\n".join(f"u{rng.randint(source, source + args.subjects - 1)}@example.com"
                              for _ in range(args.leaked)))
        imports = [timed([linger, "-q", "subjects", "import", f"bench{v}", f"bench{v}.txt"], tmp, env)[0]
                   for v in range(args.vendors)]
        size = sum(os.path.getsize(os.path.join(tmp, "subjects", n))
                   for n in os.listdir(os.path.join(tmp, "subjects"))) / 2**20
        runs = [timed([linger, "trace", "leak.txt"], tmp, env) for _ in range(3)]
        median = statistics.median(t for t, _ in runs)
        peak = max(r for _, r in runs) / 1024
        print(f"import: median {statistics.median(imports):.2f} s per vendor of {args.subjects} subjects")
        print(f"trace {args.leaked} leaked against {args.vendors} x {args.subjects}: median {median:.2f} s, "
              f"max RSS {peak:.0f} MB ({peak / size:.2f}x the {size:.0f} MB of hash files)")
        shutil.rmtree(os.path.join(tmp, "subjects"), ignore_errors=True)


if __name__ == "__main__":
    main()
