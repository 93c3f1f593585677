#!/usr/bin/env python3
"""Writes holidays.tsv: every public holiday that falls on a weekday, 2000 to
2060, for the twelve countries linger models and for each subdivision it
knows (the subdivision's `public` holidays, under its ISO 3166-2 code), as
Python's `holidays` package computes them. tests/holidays.rs checks
src/holidays/ against this file: a country's calendar, and the country's
united with each of its subdivisions'.

Run once, by hand, when a rule changes (not in CI: it needs the package):

    python3 -m venv /tmp/hv && /tmp/hv/bin/pip install holidays==0.109
    /tmp/hv/bin/python tests/data/gen_holidays.py > tests/data/holidays.tsv

Weekend holidays are left out: a deadline on a weekend moves anyway.
"""

import datetime
import sys

import holidays
from importlib.metadata import version

YEARS = range(2000, 2061)

# How each of linger's calendars maps onto the package.
CALENDARS = {
    "NO": {},
    "DE": {},  # no subdivision: the nationwide holidays
    "GB": {"subdiv": "ENG"},  # England and Wales bank holidays
    "IE": {},
    "FR": {},  # metropolitan France
    "NL": {},
    "SE": {},
    "DK": {},
    "US": {},  # federal
    "CA": {"categories": ("government",)},  # Canada Labour Code s. 166
    "BR": {},  # national
    "AU": {},  # national
}

# The subdivisions linger knows: every one the package has for these
# countries, but Augsburg (a city).
SUBDIVISIONS = {
    "CA": ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"),
    "DE": ("BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH"),
    "GB": ("ENG", "NIR", "SCT", "WLS"),
}

# Where the package is wrong, linger follows the official record.
CORRECTIONS = {
    # Ireland's National Day of Mourning after 11 September was Friday
    # 14 September 2001; the package (0.109) files it under 2011.
    ("IE", datetime.date(2011, 9, 14)): None,
    ("IE", datetime.date(2001, 9, 14)): "National Day of Mourning",
}


def main():
    out = sys.stdout
    out.write(f"# holidays {version('holidays')}, weekdays only, 2000-2060\n")
    out.write("country\tdate\tname\n")
    for country, options in CALENDARS.items():
        days = dict(holidays.country_holidays(country, years=YEARS, **options))
        for (code, date), name in CORRECTIONS.items():
            if code != country:
                continue
            if name is None:
                days.pop(date, None)
            else:
                days[date] = name
        write(out, country, days)
    for country, codes in SUBDIVISIONS.items():
        for code in codes:
            days = holidays.country_holidays(
                country, subdiv=code, years=YEARS, categories=("public",)
            )
            write(out, f"{country}-{code}", dict(days))


def write(out, code, days):
    for date in sorted(days):
        if date.weekday() < 5 and date.year in YEARS:
            out.write(f"{code}\t{date.isoformat()}\t{days[date]}\n")


if __name__ == "__main__":
    main()
