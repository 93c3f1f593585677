#!/usr/bin/env python3
"""Writes hypergeom.tsv: ln P(X >= k) for hypergeometric X, as SciPy
computes it (scipy.stats.hypergeom.logsf(k - 1, N, K, n)), for the cases
tests/trace.rs checks src/trace.rs against. Run once, by hand:

    /tmp/hv/bin/pip install scipy==1.17.1
    /tmp/hv/bin/python tests/data/gen_hypergeom.py > tests/data/hypergeom.tsv
"""
from importlib.metadata import version

from scipy.stats import hypergeom

CASES = [
    # population, marked, draws, at least
    (100, 10, 5, 1), (100, 10, 5, 3), (100, 50, 20, 10), (100, 50, 20, 15),
    (1_000, 100, 50, 5), (1_000, 100, 50, 20), (1_000, 900, 50, 50),
    (10_000, 500, 200, 10), (10_000, 500, 200, 30), (10_000, 500, 200, 200),
    (100_000, 1_000, 1_000, 10), (100_000, 1_000, 1_000, 25), (100_000, 50_000, 1_000, 520),
    (1_000_000, 50_000, 20, 20), (1_000_000, 50_000, 100, 40), (1_000_000, 100, 10_000, 5),
    (20_000_000, 1_000_000, 100_000, 5_200), (20_000_000, 1_000_000, 100_000, 90_000),
    (20_000_000, 1_000_000, 100_000, 4_990),
]


def main():
    print(f"# scipy {version('scipy')}: ln P(X >= k), X ~ hypergeom(population, marked, draws)")
    print("population\tmarked\tdraws\tat_least\tln_tail")
    for population, marked, draws, k in CASES:
        value = hypergeom.logsf(k - 1, population, marked, draws)
        print(f"{population}\t{marked}\t{draws}\t{k}\t{float(value)!r}")


if __name__ == "__main__":
    main()
