#!/usr/bin/env python3
"""Two linger binaries side by side on the same inputs: `check` of 10,000
vendors, `discover --mail` over a generated mbox, and `trace` of a leak
against subject sets, each run alternately so that a busy machine slows
both alike.

    python3 bench/compare.py --before OLD --after NEW [--runs 7]
        [--vendors 10000] [--messages 100000] [--subjects 300000] [--only WORD]

For a refactor that must not cost speed (issue 29: within 5%): build the
old commit's release binary to a path of its own, then the new one, and
give both. Prints each command's median wall time per binary, the
change in percent, and the fastest run's CPU time (user + system) of
each: on a shared or virtual machine the fastest run is the one least
disturbed, so a real change shows in both columns and noise in one.
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import discover  # noqa: E402
import generate  # noqa: E402

TODAY = "2026-11-28"


def timed(argv, cwd, env):
    """Runs argv once; returns (wall seconds, CPU seconds)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(argv)} exited with {code}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def trace_inputs(tmp, linger, env, vendors, subjects, leaked):
    """Subject sets of `vendors` vendors and a leak from one of them."""
    rng = random.Random(5)
    inventory = open(os.path.join(ROOT, "vendors.example.toml")).read()
    starts = []
    for v in range(vendors):
        inventory += f'\n[[vendor]]\nid = "bench{v}"\nname = "Bench {v}"\ndata = ["contact.email"]\n'
        start = rng.randint(0, 2 * subjects)
        starts.append(start)
        with open(os.path.join(tmp, f"bench{v}.txt"), "w") as f:
            f.write("\n".join(f"u{i}@example.com" for i in range(start, start + subjects)))
    with open(os.path.join(tmp, "vendors.toml"), "w") as f:
        f.write(inventory)
    for v in range(vendors):
        timed([linger, "-q", "subjects", "import", f"bench{v}", f"bench{v}.txt"], tmp, env)
    source = starts[vendors // 2]
    with open(os.path.join(tmp, "leak.txt"), "w") as f:
        f.write("\n".join(f"u{rng.randint(source, source + subjects - 1)}@example.com" for _ in range(leaked)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--vendors", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--subjects", type=int, default=300_000)
    parser.add_argument("--only", help="time only the commands whose name holds this word")
    args = parser.parse_args()
    binaries = {"before": os.path.abspath(args.before), "after": os.path.abspath(args.after)}
    env = dict(os.environ, LINGER_TODAY=TODAY, LINGER_SUBJECTS_KEY="cd" * 32,
               DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent")
    with tempfile.TemporaryDirectory() as tmp:
        inventory = os.path.join(tmp, "inventory.toml")
        with open(inventory, "w") as out:
            generate.write_inventory(out, args.vendors)
        mbox = os.path.join(tmp, "all.mbox")
        discover.generate(mbox, args.messages)
        small = os.path.join(tmp, "small.toml")
        with open(small, "w") as f:
            f.write('schema = 1\n\n[organization]\nname = "N"\nemail = "privacy@northwind.example"\n')
        trace_dir = os.path.join(tmp, "trace")
        os.mkdir(trace_dir)
        trace_inputs(trace_dir, binaries["before"], env, 5, args.subjects, args.subjects // 10)
        print(f"inputs ready; {args.runs} runs of each binary, alternately", file=sys.stderr)

        commands = {
            f"check ({args.vendors} vendors)": (lambda b: [b, "-f", inventory, "check"], tmp),
            f"discover --mail ({args.messages} messages)":
                (lambda b: [b, "-f", small, "discover", "--mail", mbox, "--format", "json"], tmp),
            f"trace ({args.subjects // 10} leaked, 5 x {args.subjects})": (lambda b: [b, "trace", "leak.txt"], trace_dir),
        }
        print(f"{'command':<44} {'before ms':>10} {'after ms':>10} {'change':>8}"
              f" {'CPU min before':>15} {'after':>8} {'change':>8}")
        for name, (argv, cwd) in commands.items():
            if args.only and args.only not in name:
                continue
            wall = {"before": [], "after": []}
            cpu = {"before": [], "after": []}
            for _ in range(args.runs):
                for which, binary in binaries.items():
                    seconds, used = timed(argv(binary), cwd, env)
                    wall[which].append(seconds * 1000)
                    cpu[which].append(used * 1000)
            before, after = statistics.median(wall["before"]), statistics.median(wall["after"])
            least_before, least_after = min(cpu["before"]), min(cpu["after"])
            print(f"{name:<44} {before:>10.1f} {after:>10.1f} {100 * (after - before) / before:>+7.1f}%"
                  f" {least_before:>15.1f} {least_after:>8.1f} {100 * (least_after - least_before) / least_before:>+7.1f}%")


if __name__ == "__main__":
    main()
