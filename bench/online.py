#!/usr/bin/env python3
"""Benchmark of `linger check --online` against a loopback server.

    python3 bench/online.py [--vendors 1000] [--runs 3] [--serve]

Starts one threaded HTTP/1.1 server on 127.0.0.1 that serves all the
sources in the shape of the real services (HIBP's breach list, an RDAP
bootstrap pointing back at itself, RDAP domain answers and 404s, DNS over
HTTPS JSON answers with NXDOMAIN) and acts as the HTTP proxy through which
linger reaches the vendors' websites. Generates an inventory of N vendors,
each on its own domain, then times `check --online` cold (empty cache) and
warm (second run), and counts the requests the server saw: each distinct
domain must be asked once.

Targets (issue 12): under 3 s cold and under 0.3 s warm for 1,000 vendors.
`--serve` only starts the server and prints the environment to use.
"""
import argparse
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.paths = []

    def add(self, path):
        with self.lock:
            self.paths.append(path)


def make_handler(port, counter):
    rdap = f"http://127.0.0.1:{port}/rdap/"

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; without this, Nagle and
        # delayed ACKs add 40 ms to every answer.
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def send(self, status, body, headers=()):
            data = json.dumps(body).encode() if not isinstance(body, bytes) else body
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            counter.add(self.path)
            if url.netloc and not url.netloc.startswith("127.0.0.1"):
                # A vendor's website, reached through us as the proxy.
                number = int("".join(c for c in url.netloc if c.isdigit()) or 0)
                if number % 50 == 7:
                    return self.send(301, b"", [("location", f"https://buyer{number}.example/")])
                return self.send(200, b"<html>ok</html>")
            path = url.path
            if path == "/hibp/breaches":
                return self.send(200, [
                    {"Name": f"Vendor{i}", "Title": f"Vendor {i}", "Domain": f"vendor{i}.example",
                     "BreachDate": "2024-05-01", "PwnCount": 1000 + i,
                     "DataClasses": ["Email addresses", "Passwords"]}
                    for i in range(0, 1000, 40)
                ])
            if path == "/rdap/dns.json":
                return self.send(200, {"version": "1.0", "services": [[["example"], [rdap]]]})
            if path.startswith("/rdap/domain/"):
                domain = path.rsplit("/", 1)[1]
                number = int("".join(c for c in domain if c.isdigit()) or 0)
                if number % 100 == 3:
                    return self.send(404, {"errorCode": 404})
                on = "2025-06-01" if number % 100 == 5 else "2010-01-01"
                return self.send(200, {
                    "objectClassName": "domain", "ldhName": domain,
                    "events": [{"eventAction": "registration", "eventDate": on + "T00:00:00Z"}],
                    "entities": [{"roles": ["registrar"],
                                  "vcardArray": ["vcard", [["fn", {}, "text", "Bench Registrar"]]]}],
                })
            if path == "/dns-query":
                query = urllib.parse.parse_qs(url.query)
                name = query.get("name", [""])[0]
                number = int("".join(c for c in name if c.isdigit()) or 0)
                if number % 100 == 9:
                    return self.send(200, {"Status": 3})
                return self.send(200, {"Status": 0, "Answer": [
                    {"name": name + ".", "type": 1, "TTL": 300, "data": "192.0.2.1"}]})
            return self.send(404, {})

    return Handler


def start(counter):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)
    port = server.server_address[1]
    server.RequestHandlerClass = make_handler(port, counter)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, port


def inventory(vendors):
    out = ['schema = 1\n\n[organization]\nname = "Bench"\nemail = "privacy@bench.example"\nlaw = "gdpr"\n']
    for i in range(vendors):
        out.append(
            f'\n[[vendor]]\nid = "vendor{i}"\nname = "Vendor {i}"\n'
            f'website = "http://vendor{i}.example"\nprivacy_email = "privacy@vendor{i}.example"\n'
            f'used_from = 2019-01-01\ndata = ["contact.email"]\n'
        )
    return "".join(out)


def environment(port, cache):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINGER_")}
    env.update({
        "LINGER_HIBP_URL": f"http://127.0.0.1:{port}/hibp",
        "LINGER_RDAP_BOOTSTRAP_URL": f"http://127.0.0.1:{port}/rdap/dns.json",
        "LINGER_DOH_URL": f"http://127.0.0.1:{port}/dns-query",
        "LINGER_CACHE_DIR": cache,
        "LINGER_TODAY": "2026-11-28",
        "HTTP_PROXY": f"http://127.0.0.1:{port}",
        "NO_PROXY": "127.0.0.1",
    })
    return env


def timed(argv, env):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{argv} exited {code}: {proc.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendors", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args()

    counter = Counter()
    server, port = start(counter)
    if args.serve:
        with tempfile.TemporaryDirectory() as cache:
            for name, value in environment(port, cache).items():
                if name.startswith("LINGER_") or name.endswith("PROXY"):
                    print(f"export {name}={value}")
            print("# serving; Ctrl-C stops", flush=True)
            threading.Event().wait()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "linger")
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "vendors.toml")
        with open(path, "w") as f:
            f.write(inventory(args.vendors))
        argv = [binary, "-f", path, "check", "--online", "--format", "json"]
        colds, warms, rss = [], [], 0
        for run in range(args.runs):
            cache = os.path.join(work, f"cache{run}")
            env = environment(port, cache)
            before = len(counter.paths)
            seconds, peak = timed(argv, env)
            asked = len(counter.paths) - before
            colds.append(seconds)
            rss = max(rss, peak)
            before = len(counter.paths)
            seconds, peak = timed(argv, env)
            warms.append(seconds)
            rss = max(rss, peak)
            again = len(counter.paths) - before
        print(f"check --online, {args.vendors} vendors against 127.0.0.1 ({args.runs} runs, median):")
        print(f"  cold  {statistics.median(colds):6.3f} s   {asked} requests")
        print(f"  warm  {statistics.median(warms):6.3f} s   {again} requests (cache)")
        print(f"  peak memory {rss / 1024:.0f} MB")
        distinct = len(set(counter.paths))
        print(f"  distinct requests over all runs: {distinct} (each run asked {asked})")
    server.shutdown()


if __name__ == "__main__":
    main()
