#!/usr/bin/env python3
"""Times `linger discover --logins` over 1,000,000 generated events (about
1 GB), whole-process, with its peak memory, beside a Python reader of the
same file (`json.loads` per line, the same summing up per application).

    python3 bench/logins.py [--events 1000000] [--shape google|okta|entra-csv] [--runs 3] [--keep PATH]

`google`: Reports API pages of 1,000 activities (`applicationName=token`),
one page a line, as a paging script writes them. `okta`: System Log
events, one a line (NDJSON). `entra-csv`: the Entra admin center's
sign-in log download (CSV, the columns of tests/logins.rs). Each event
carries the fields a real export has. Targets (issue 33): under 10 s and
under 100 MB on two cores.
"""
import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APPS = [f"App {i}" for i in range(400)] + ["Calendly", "Miro", "Trello", "Google Chrome"]
SCOPES = ["https://www.googleapis.com/auth/userinfo.email", "https://www.googleapis.com/auth/gmail.readonly",
          "https://www.googleapis.com/auth/drive.readonly", "https://www.googleapis.com/auth/calendar"]


def google_item(rng, i):
    app = rng.choice(APPS)
    name = rng.choice(["authorize", "activity", "activity", "activity", "revoke"])
    return {
        "kind": "admin#reports#activity",
        "id": {"time": f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}T10:{i % 60:02d}:00.000Z",
               "uniqueQualifier": str(-4416815389573417842 + i), "applicationName": "token", "customerId": "C03az79cb"},
        "etag": "\"JDMC8884sebSctZ17CIssbQ/-xn6R9YD3nuLV7O-mK3C7Vvbhgg\"",
        "actor": {"callerType": "USER", "email": f"person{rng.randrange(5000)}@northwind.example", "profileId": "114238530211485398753"},
        "ipAddress": f"198.51.100.{i % 250}",
        "ownerDomain": "northwind.example",
        "events": [{"type": "auth", "name": name, "parameters": [
            {"name": "client_id", "value": f"{APPS.index(app)}-abc.apps.googleusercontent.com"},
            {"name": "app_name", "value": app},
            {"name": "client_type", "value": "WEB"},
            {"name": "api_name", "value": "gmail"},
            {"name": "method_name", "value": "gmail.users.messages.list"},
            {"name": "num_response_bytes", "intValue": "5231"},
            {"name": "product_bucket", "value": "GMAIL"},
            {"name": "scope_data", "multiMessageValue": [{"parameter": [
                {"name": "scope_name", "value": SCOPES[1]}, {"name": "product_bucket", "multiValue": ["GMAIL"]}]}]},
            {"name": "scope", "multiValue": rng.sample(SCOPES, 2)},
        ]}],
    }


def okta_event(rng, i):
    app = rng.choice(APPS)
    who = f"person{rng.randrange(5000)}@northwind.example"
    return {
        "actor": {"id": "00u1qw1mqitPHM8AJ0g7", "type": "User", "alternateId": who, "displayName": "A Person", "detailEntry": None},
        "client": {"userAgent": {"rawUserAgent": "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
                                 "os": "Linux", "browser": "FIREFOX"},
                   "zone": "null", "device": "Computer", "id": None, "ipAddress": f"198.51.100.{i % 250}",
                   "geographicalContext": {"city": "Oslo", "state": "Oslo", "country": "Norway", "postalCode": None,
                                           "geolocation": {"lat": 59.9, "lon": 10.7}}},
        "authenticationContext": {"authenticationProvider": None, "credentialProvider": None, "credentialType": None,
                                  "issuer": None, "interface": None, "authenticationStep": 0,
                                  "externalSessionId": "102bZDNFfWaQSyEZQuDgWt-uQ"},
        "displayMessage": "User single sign on to app",
        "eventType": "user.authentication.sso",
        "outcome": {"result": "SUCCESS", "reason": None},
        "published": f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}T10:{i % 60:02d}:00.000Z",
        "securityContext": {"asNumber": 64500, "asOrg": "example", "isp": "example", "domain": "example.net", "isProxy": False},
        "severity": "INFO",
        "debugContext": {"debugData": {"requestId": "Y-7oYyuQGCRtMyQz5DAKOgAAAmA", "requestUri": "/app/x/sso/saml",
                                       "url": "/app/x/sso/saml?"}},
        "legacyEventType": "app.auth.sso",
        "transaction": {"type": "WEB", "id": "Y-7oYyuQGCRtMyQz5DAKOgAAAmA", "detail": {}},
        "uuid": f"5b8a1c9e-7f2d-11ed-9c5e-{i:012d}",
        "version": "0",
        "request": {"ipChain": [{"ip": f"198.51.100.{i % 250}", "geographicalContext": None, "version": "V4", "source": None}]},
        "target": [{"id": f"0oa{APPS.index(app)}", "type": "AppInstance", "alternateId": app, "displayName": app,
                    "detailEntry": {"signOnModeType": "SAML_2_0"}},
                   {"id": "0ua1gjh63g214q0Hq0g4", "type": "AppUser", "alternateId": who, "displayName": "A Person",
                    "detailEntry": None}],
    }


ENTRA_COLUMNS = ["Date (UTC)", "Request ID", "User agent", "Correlation ID", "User ID", "User", "Username",
                 "User type", "Cross tenant access type", "Unique token identifier", "Client credential type",
                 "Application", "Application ID", "Resource", "Resource ID", "Resource tenant ID", "IP address",
                 "Location", "Status", "Sign-in error code", "Failure reason", "Client app", "Device ID", "Browser",
                 "Operating System", "Compliant", "Managed", "Join Type", "Multifactor authentication result",
                 "Authentication requirement", "Sign-in identifier", "Session ID", "Conditional Access"]


def entra_row(rng, i):
    app = rng.choice(APPS)
    who = f"person{rng.randrange(5000)}@northwind.example"
    failed = i % 20 == 0
    return [f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}T10:{i % 60:02d}:00Z", f"9d1c3c0e-6e05-4e52-a3a4-{i:012d}",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0",
            "d79f5bee-5860-4832-928f-3133e22ae912", "26be570a-ae82-4189-b4e2-a37c6808512d", "A Person", who,
            "Member", "none", "Tk9UX0FfUkVBTF9UT0tFTg", "none", app, f"5d1c2b3a-4e5f-4a6b-8c7d-{APPS.index(app):012d}",
            "Microsoft Graph", "00000003-0000-0000-c000-000000000000", "5b2a8f4e-6c1d-4e3f-9a0b-7c8d9e0f1a2b",
            f"198.51.100.{i % 250}", "Bergen, Vestland, NO", "Failure" if failed else "Success",
            "50126" if failed else "0", "Invalid username or password." if failed else "Other.", "Browser", "",
            "Edge 120.0.0", "Windows10", "No", "No", "", "", "Single-factor authentication", who,
            "0c6a1b8e-4f3d-4b2a-9e1c-2d3f4a5b6c7d", "Not Applied"]


def generate(path, events, shape):
    rng = random.Random(7)
    if shape == "entra-csv":
        with open(path, "w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow(ENTRA_COLUMNS)
            for i in range(events):
                w.writerow(entra_row(rng, i))
        return
    with open(path, "w") as f:
        if shape == "okta":
            for i in range(events):
                f.write(json.dumps(okta_event(rng, i)) + "\n")
        else:
            for start in range(0, events, 1000):
                items = [google_item(rng, i) for i in range(start, min(events, start + 1000))]
                page = {"kind": "admin#reports#activities", "etag": "\"x\"", "items": items,
                        "nextPageToken": f"A:{start}"}
                f.write(json.dumps(page) + "\n")


def python_reader(path, shape):
    """The same work in Python: parse each line, sum up per application."""
    apps = {}
    if shape == "entra-csv":
        with open(path, newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                if row["Sign-in error code"] not in ("0", "", "None"):
                    continue
                app, who, when = row["Application"], row["Username"], row["Date (UTC)"]
                a = apps.setdefault(app, [when, when, set()])
                a[0], a[1] = min(a[0], when), max(a[1], when)
                a[2].add(who)
        return len(apps)
    with open(path) as f:
        for line in f:
            value = json.loads(line)
            events = [value] if shape == "okta" else value.get("items", [])
            for e in events:
                if shape == "okta":
                    app = next((t["displayName"] for t in e["target"] if t["type"] == "AppInstance"), None)
                    who, when = e["actor"]["alternateId"], e["published"]
                else:
                    params = {p["name"]: p for p in e["events"][0]["parameters"]}
                    app, who, when = params["app_name"]["value"], e["actor"]["email"], e["id"]["time"]
                a = apps.setdefault(app, [when, when, set()])
                a[0], a[1] = min(a[0], when), max(a[1], when)
                a[2].add(who)
    return len(apps)


def run(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=dict(os.environ, LINGER_TODAY="2026-11-28"))
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    return took, usage.ru_maxrss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--shape", choices=["google", "okta", "entra-csv"], default="google")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="write the export here and keep it")
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "linger"))
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as work:
        export = args.keep or os.path.join(work, f"{args.shape}.json")
        if not os.path.exists(export):
            generate(export, args.events, args.shape)
        inventory = os.path.join(work, "vendors.toml")
        with open(inventory, "w") as f:
            f.write('schema = 1\n\n[organization]\nname = "N"\nemail = "privacy@northwind.example"\n')
        size = os.path.getsize(export)
        rust = [run([args.binary, "-f", inventory, "discover", "--logins", export, "--format", "json"])
                for _ in range(args.runs)]
        start = time.perf_counter()
        python_reader(export, args.shape)
        python = time.perf_counter() - start
        py_peak = __import__("resource").getrusage(__import__("resource").RUSAGE_SELF).ru_maxrss
    median = statistics.median(t for t, _ in rust)
    peak = max(m for _, m in rust)
    print(f"discover --logins over {size / 1e9:.2f} GB ({args.events} {args.shape} events), median of {args.runs}:")
    print(f"  linger  {median:6.2f} s   {size / 1e6 / median:.0f} MB/s   peak memory {peak / 1024:.0f} MB")
    how = "csv.DictReader" if args.shape == "entra-csv" else "json.loads per line"
    print(f"  python  {python:6.2f} s   {size / 1e6 / python:.0f} MB/s   peak memory {py_peak / 1024:.0f} MB ({how})")


if __name__ == "__main__":
    main()
