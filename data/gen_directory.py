#!/usr/bin/env python3
"""Writes data/directory.json, the privacy contacts linger compiles in, from
the datenanfragen.de company database as reduced in
../shared/data/directory/companies.json (CC0 1.0, commit 0a29c3d6).

    python3 data/gen_directory.py [PATH/TO/companies.json]

Keeps what `linger add --lookup` and `linger discover` use: slug, name, web,
the privacy address, the brands and sites each company runs, and the
quality of the entry. Sorted by slug, one entry per line, so that a new
version gives a readable diff.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "..", "shared", "data", "directory", "companies.json")


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    with open(source, encoding="utf-8") as f:
        companies = json.load(f)
    rows = []
    for c in sorted(companies, key=lambda c: c["slug"]):
        row = {"slug": c["slug"], "name": c["name"]}
        for key in ("web", "email", "quality"):
            if c.get(key):
                row[key] = c[key]
        if c.get("runs"):
            row["runs"] = c["runs"]
        rows.append(json.dumps(row, ensure_ascii=False, sort_keys=True))
    with open(os.path.join(HERE, "directory.json"), "w", encoding="utf-8") as f:
        f.write("[\n" + ",\n".join(rows) + "\n]\n")
    print(f"wrote {len(rows)} companies to data/directory.json")


if __name__ == "__main__":
    main()
