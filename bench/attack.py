#!/usr/bin/env python3
"""A repeatable attack on linger's inputs: hostile HTTP servers, mail
archives, hash files, inventories for completion.

    python3 bench/attack.py [--binary target/release/linger] [--only WORD]

Each case runs the real binary under a memory ceiling (RLIMIT_AS, as
`ulimit -v` sets it) and a time limit, then judges what it printed, its
exit status, its peak memory (max RSS) and what it left on disk. The HTTP
servers run in this process on 127.0.0.1 only; nothing leaves the machine.
Prints one line per case and `N passed, N failed` at the end; exits 1 on
any failure. Issue 18's target is 0 failures.
"""
import argparse
import glob
import http.server
import json
import os
import resource
import shutil
import socket
import socketserver
import struct
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEMORY_CEILING = 4 << 30  # address space; a Rust binary with threads needs room
TODAY = "2026-11-28"

# ---------------------------------------------------------------- servers


class Hostile(http.server.BaseHTTPRequestHandler):
    """Answers by the first matching rule of the server's `routes`:
    (substring of the request line, handler)."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.seen.append(self.path)
        for needle, handler in self.server.routes:
            if needle in self.path:
                try:
                    handler(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
        self.json(200, {"Status": 3})

    def json(self, status, body, headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(routes):
    server = Server(("127.0.0.1", 0), Hostile)
    server.routes = routes
    server.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def endless(h):
    """A chunked body of '[' that ends only when the client hangs up (or
    at 1 GB)."""
    h.send_response(200)
    h.send_header("content-type", "application/json")
    h.send_header("transfer-encoding", "chunked")
    h.end_headers()
    chunk = b"[" * 65536
    for _ in range(16384):
        h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))


def drip(h):
    """One byte a second, for ever (until the client goes)."""
    h.send_response(200)
    h.send_header("content-type", "application/dns-json")
    h.send_header("content-length", "1000")
    h.end_headers()
    for _ in range(600):
        h.wfile.write(b" ")
        h.wfile.flush()
        time.sleep(1)


def tripwire():
    """A port that counts connections; none must come."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    count = [0]

    def accept():
        while True:
            conn, _ = listener.accept()
            count[0] += 1
            conn.close()

    threading.Thread(target=accept, daemon=True).start()
    return listener.getsockname()[1], count


def bootstrap(base):
    return lambda h: h.json(200, {"version": "1.0", "services": [[["example", "com"], [base + "/rdap/"]]]})


def registered(h):
    h.json(200, {"objectClassName": "domain", "events": [{"eventAction": "registration", "eventDate": "2010-01-01T00:00:00Z"}]})


def resolves(h):
    h.json(200, {"Status": 0, "Answer": [{"type": 1, "data": "192.0.2.10"}]})


def breaches(h):
    h.json(200, [{"Name": "Leaky", "Domain": "leakycrm.example", "BreachDate": "2024-04-02", "PwnCount": 1, "DataClasses": []}])


INVENTORY = """schema = 1

[organization]
name = "Northwind Traders"
email = "privacy@northwind.example"
law = "gdpr"

[[vendor]]
id = "leaky"
name = "LeakyCRM"
website = "http://leakycrm.example"
used_from = 2020-01-01
data = ["contact.email"]

[[vendor]]
id = "fine"
name = "FineVendor"
website = "http://finevendor.example"
privacy_email = "privacy@finevendor.example"
used_from = 2018-01-01
data = ["contact.email"]
"""

# ------------------------------------------------------------------ cases


class Run:
    def __init__(self, argv, env, cwd, seconds, out, err, status, rss_kib):
        self.argv, self.env, self.cwd = argv, env, cwd
        self.seconds, self.out, self.err = seconds, out, err
        self.status, self.rss_mb = status, rss_kib / 1024


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CEILING, MEMORY_CEILING))


def run(binary, args, cwd, env=None, timeout=60):
    full = {k: v for k, v in os.environ.items() if not k.startswith("LINGER_") and "PROXY" not in k.upper()}
    full.update({"NO_COLOR": "1", "LINGER_TODAY": TODAY, "LINGER_CACHE_DIR": os.path.join(cwd, "cache")})
    for name in ("LINGER_HIBP_URL", "LINGER_RDAP_BOOTSTRAP_URL", "LINGER_DOH_URL"):
        full[name] = "http://127.0.0.1:9/"
    full.update(env or {})
    out_path, err_path = os.path.join(cwd, ".out"), os.path.join(cwd, ".err")
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen([binary, *args], cwd=cwd, env=full, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err, preexec_fn=limit_memory)
        deadline = start + timeout
        status = None
        while status is None:
            pid, raw, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(raw)
                rss = usage.ru_maxrss
                break
            if time.perf_counter() > deadline:
                proc.kill()
                _, raw, usage = os.wait4(proc.pid, 0)
                status, rss = "timeout", usage.ru_maxrss
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
    with open(out_path, "rb") as f:
        stdout = f.read().decode("utf-8", "replace")
    with open(err_path, "rb") as f:
        stderr = f.read().decode("utf-8", "replace")
    return Run(args, full, cwd, seconds, stdout, stderr, status, rss)


CASES = []


def case(group, name):
    def register(fn):
        CASES.append((group, name, fn))
        return fn
    return register


def finished(r, allowed=(0, 1, 2), seconds=60, rss_mb=300):
    """The common judgement: it ended by itself, with a status linger
    uses, in time and memory, and printed no raw escape."""
    problems = []
    if r.status == "timeout":
        problems.append(f"hung (killed after {r.seconds:.0f} s)")
    elif r.status not in allowed:
        problems.append(f"exit {r.status}")
    if r.seconds > seconds:
        problems.append(f"took {r.seconds:.1f} s")
    if r.rss_mb > rss_mb:
        problems.append(f"{r.rss_mb:.0f} MB")
    if "\x1b" in r.out or "\x1b" in r.err:
        problems.append("an escape reached the terminal")
    if "panicked" in r.err:
        problems.append("panicked")
    return problems


def online_env(base, proxy=None):
    env = {"LINGER_HIBP_URL": base + "/hibp", "LINGER_RDAP_BOOTSTRAP_URL": base + "/rdap/dns.json",
           "LINGER_DOH_URL": base + "/dns-query", "NO_PROXY": "127.0.0.1"}
    if proxy:
        env["HTTP_PROXY"] = proxy
    return env


def online_case(binary, work, routes, args=("check", "--online"), extra_env=None):
    with open(os.path.join(work, "vendors.toml"), "w") as f:
        f.write(INVENTORY)
    server, base = serve([])
    server.routes = routes(base)
    env = online_env(base, proxy=base)
    env.update(extra_env or {})
    r = run(binary, list(args), work, env)
    server.shutdown()
    return r, server


def default_routes(base):
    return [("/hibp/breaches", breaches), ("dns.json", bootstrap(base)), ("/rdap/domain/", registered),
            ("/dns-query", resolves)]


@case("network", "a 1 GB breach list is cut at its limit")
def _(binary, work):
    r, _ = online_case(binary, work, lambda b: [("/hibp/breaches", endless)] + default_routes(b))
    problems = finished(r)
    if "larger than 16 MB" not in r.out:
        problems.append("no size error")
    cache = os.path.join(work, "cache", "answers.json")
    if os.path.exists(cache) and os.path.getsize(cache) > 1 << 20:
        problems.append("the cache grew")
    return problems


@case("network", "a 1 GB RDAP answer is cut at its limit")
def _(binary, work):
    r, _ = online_case(binary, work, lambda b: [("/rdap/domain/", endless)] + default_routes(b))
    return finished(r) + ([] if "larger than 256 KB" in r.out else ["no size error"])


@case("network", "a 1 GB bootstrap is cut at its limit")
def _(binary, work):
    r, _ = online_case(binary, work, lambda b: [("dns.json", endless)] + default_routes(b))
    return finished(r) + ([] if "larger than 1 MB" in r.out else ["no size error"])


@case("network", "a 1 GB website body is never read")
def _(binary, work):
    r, _ = online_case(binary, work, lambda b: default_routes(b) + [("http://", endless)])
    return finished(r, rss_mb=100)


@case("network", "a captive portal is not cached")
def _(binary, work):
    portal = lambda h: (h.send_response(200), h.send_header("content-length", "20"), h.end_headers(), h.wfile.write(b"<html>log in</html>!"))
    r, server = online_case(binary, work, lambda b: [("/hibp/breaches", portal)] + default_routes(b))
    problems = finished(r)
    r2, server2 = online_case(binary, work, default_routes)
    problems += finished(r2)
    if not any("/hibp/breaches" in p for p in server2.seen):
        problems.append("the portal's page was reused from the cache")
    return problems


def damaged_cache(binary, work, make):
    os.makedirs(os.path.join(work, "cache"), exist_ok=True)
    make(os.path.join(work, "cache", "answers.json"))
    r, _ = online_case(binary, work, default_routes)
    problems = finished(r, rss_mb=150)
    if "answer cache" not in r.err:
        problems.append("no warning")
    return problems


@case("network", "a cache dated at u64::MAX")
def _(binary, work):
    def make(path):
        with open(path, "w") as f:
            json.dump({"x": {"fetched": 18446744073709551615, "status": 200, "body": "[]"}}, f)
    return damaged_cache(binary, work, make)


@case("network", "a cache that is a FIFO")
def _(binary, work):
    return damaged_cache(binary, work, os.mkfifo)


@case("network", "a cache linked to /dev/zero")
def _(binary, work):
    return damaged_cache(binary, work, lambda p: os.symlink("/dev/zero", p))


@case("network", "a redirect to a loopback metadata path")
def _(binary, work):
    port, count = tripwire()
    redirect = lambda h: (h.send_response(302), h.send_header("location", f"http://127.0.0.1:{port}/latest/meta-data/"),
                          h.send_header("content-length", "0"), h.end_headers())
    r, _ = online_case(binary, work, lambda b: [("http://finevendor.example", redirect)] + default_routes(b))
    problems = finished(r)
    if count[0]:
        problems.append(f"{count[0]} connections inward")
    if "internal address" not in r.out:
        problems.append("not reported")
    return problems


@case("network", "a redirect to 169.254.169.254")
def _(binary, work):
    redirect = lambda h: (h.send_response(302), h.send_header("location", "http://169.254.169.254/latest/meta-data/"),
                          h.send_header("content-length", "0"), h.end_headers())
    r, _ = online_case(binary, work, lambda b: [("http://finevendor.example", redirect)] + default_routes(b))
    return finished(r) + ([] if "internal address" in r.out else ["not reported"])


@case("network", "a dripping resolver against lookalikes --timeout 2")
def _(binary, work):
    r, _ = online_case(binary, work, lambda b: [("/dns-query", drip), ("dns.json", bootstrap(b))],
                       args=("lookalikes", "northwind.example", "--ascii", "--timeout", "2", "--deadline", "10"))
    return finished(r, seconds=25) + ([] if "not checked" in r.err else ["unchecked names not reported: " + r.err[-300:]])


@case("network", "Retry-After: 3600 inside a 10 s deadline")
def _(binary, work):
    busy = lambda h: h.json(429, {}, headers=[("retry-after", "50")])
    r, _ = online_case(binary, work, lambda b: [("/hibp/breaches", busy)] + default_routes(b),
                       args=("check", "--online", "--deadline", "10"))
    return finished(r, seconds=15)


@case("network", "escape codes and newlines in a breach")
def _(binary, work):
    evil = lambda h: h.json(200, [{"Name": "E\x1b]52;c;b3duZWQ=\x07", "Title": "T\nerror[vendor-breached]: forged",
                                   "Domain": "leakycrm.example", "BreachDate": "\x1b[2J2024", "PwnCount": 1}])
    r, _ = online_case(binary, work, lambda b: [("/hibp/breaches", evil)] + default_routes(b))
    problems = finished(r)
    if any(line.startswith("error[vendor-breached]: forged") for line in (r.out + r.err).splitlines()):
        problems.append("a forged finding")
    return problems


@case("network", "bidi overrides in a lookalike's records")
def _(binary, work):
    mx = lambda h: h.json(200, {"Status": 0, "Answer": [{"type": 1, "data": "192.0.2.1"}, {"type": 15, "data": "10 m\u202eail.example."}]})
    r, _ = online_case(binary, work, lambda b: [("northwlnd", mx), ("dns.json", bootstrap(b)), ("/rdap/", registered)],
                       args=("lookalikes", "northwind.example", "--ascii"))
    return finished(r) + (["a bidi override reached the table"] if "\u202e" in r.out else [])


@case("network", "lookalikes of a URL, a space, ESC")
def _(binary, work):
    problems = []
    for bad in ("https://northwind.example/x", "north wind.example", "north\x1bwind.example"):
        r = run(binary, ["lookalikes", bad, "--names-only"], work)
        problems += finished(r, allowed=(2,))
        if r.out:
            problems.append(f"names for {bad!r}")
    return problems


# --------------------------------------------------------------- archives

MESSAGE = "From: billing@typeform.com\nTo: ops@northwind.example\nDate: Tue, 3 Mar 2020 10:00:00 +0000\nSubject: Your receipt\n\nHi.\n"


def inventory(work):
    shutil.copy(os.path.join(ROOT, "vendors.example.toml"), os.path.join(work, "vendors.toml"))


@case("archives", "a 512 MB header line")
def _(binary, work):
    inventory(work)
    path = os.path.join(work, "big.mbox")
    with open(path, "wb") as f:
        f.write(b"From a@b Tue Mar  3 10:00:00 2020\nSubject: ")
        block = b"A" * (1 << 20)
        for _ in range(512):
            f.write(block)
        f.write(b"\n\n\nFrom a@b Tue Mar  3 10:00:00 2020\n" + MESSAGE.encode())
    r = run(binary, ["discover", "--mail", path], work)
    problems = finished(r, rss_mb=100)
    if "line over 1 MB" not in r.err:
        problems.append("not counted")
    return problems


@case("archives", "a Maildir of devices, FIFOs, loops and links out")
def _(binary, work):
    inventory(work)
    cur = os.path.join(work, "Maildir", "cur")
    os.makedirs(cur)
    with open(os.path.join(cur, "1"), "w") as f:
        f.write(MESSAGE)
    os.symlink("/dev/zero", os.path.join(cur, "zero"))
    os.symlink("/dev/urandom", os.path.join(cur, "random"))
    os.symlink(os.path.join(cur, "loop"), os.path.join(cur, "loop"))
    os.symlink("/etc/passwd", os.path.join(cur, "passwd"))
    os.mkfifo(os.path.join(cur, "fifo"))
    r = run(binary, ["discover", "--mail", os.path.join(work, "Maildir")], work)
    problems = finished(r, rss_mb=100)
    if "Skipped 5 entries" not in r.err:
        problems.append("not all skipped")
    return problems


@case("archives", "an IP-literal sender beside real ones, --add")
def _(binary, work):
    inventory(work)
    box = os.path.join(work, "box.mbox")
    with open(box, "w") as f:
        for sender in ("<billing@[127.0.0.1]>", "billing@typeform.com"):
            f.write("From a@b Tue Mar  3 10:00:00 2020\n" + MESSAGE.replace("billing@typeform.com", sender) + "\n")
    r = run(binary, ["discover", "--mail", box, "--add"], work)
    problems = finished(r)
    with open(os.path.join(work, "vendors.toml")) as f:
        if 'id = "typeform"' not in f.read():
            problems.append("typeform not added")
    return problems


def abuse_letter(binary, work, message):
    inventory(work)
    with open(os.path.join(work, "leaked.txt"), "w") as f:
        f.write("anna@example.com\n")
    return run(binary, ["letter", "mailblast", "--kind", "abuse-report", "--to", "abuse@bulk.example",
                        "--phishing-domain", "northwind-login.example", "--addresses", "leaked.txt",
                        "--message", message], work)


@case("archives", "letter --message with 200,000 links")
def _(binary, work):
    path = os.path.join(work, "links.eml")
    with open(path, "w") as f:
        f.write("From: x@evil.example\nTo: a@example.com\nSubject: s\n\n" + "http://a " * 200_000 + "https://x.example/\u202egpj\n")
    r = abuse_letter(binary, work, path)
    problems = finished(r, allowed=(0,), seconds=10)
    if "\u202e" in r.out:
        problems.append("a bidi override in a link")
    return problems


@case("archives", "letter --message of a FIFO, /dev/zero and 2 GB")
def _(binary, work):
    fifo = os.path.join(work, "fifo.eml")
    os.mkfifo(fifo)
    big = os.path.join(work, "big.eml")
    with open(big, "wb") as f:
        f.truncate(2 << 30)
    problems = []
    for path in (fifo, "/dev/zero", big):
        r = abuse_letter(binary, work, path)
        problems += finished(r, allowed=(2,), rss_mb=100)
    return problems


@case("archives", "trace of a gzip file, import of UTF-16")
def _(binary, work):
    inventory(work)
    gz = os.path.join(work, "phish.mbox.gz")
    with open(gz, "wb") as f:
        f.write(b"\x1f\x8b\x08\x00" + os.urandom(1000))
    r = run(binary, ["trace", gz], work)
    problems = finished(r, allowed=(2,))
    if "gzip" not in r.err:
        problems.append("gzip not named")
    csv = os.path.join(work, "export.csv")
    with open(csv, "wb") as f:
        f.write("\ufeffemail\nanna@example.com\n".encode("utf-16-le"))
    r = run(binary, ["subjects", "import", "mailblast", csv], work, {"LINGER_SUBJECTS_KEY": "ab" * 32})
    problems += finished(r, allowed=(2,))
    if "UTF-16" not in r.err:
        problems.append("UTF-16 not named")
    return problems


# ------------------------------------------------------------ hash files

KEY = "ab" * 32


@case("hash files", "a FIFO where a subject set goes")
def _(binary, work):
    inventory(work)
    os.makedirs(os.path.join(work, "subjects"))
    os.mkfifo(os.path.join(work, "subjects", "mailblast.hashes"))
    with open(os.path.join(work, "a.txt"), "w") as f:
        f.write("anna@example.com\n")
    r = run(binary, ["subjects", "import", "mailblast", "a.txt"], work, {"LINGER_SUBJECTS_KEY": KEY})
    problems = finished(r, allowed=(2,))
    r = run(binary, ["check"], work)
    problems += finished(r, allowed=(1,))
    if "subjects-damaged" not in r.out:
        problems.append("check does not report it")
    return problems


@case("hash files", "a truncated set and a lying count")
def _(binary, work):
    inventory(work)
    with open(os.path.join(work, "a.txt"), "w") as f:
        f.write("anna@example.com\nbo@example.com\n")
    run(binary, ["subjects", "import", "mailblast", "a.txt"], work, {"LINGER_SUBJECTS_KEY": KEY})
    path = os.path.join(work, "subjects", "mailblast.hashes")
    with open(path, "rb") as f:
        data = bytearray(f.read())
    data[18:26] = struct.pack(">Q", 2**63)
    with open(path, "wb") as f:
        f.write(data)
    r = run(binary, ["trace", "a.txt"], work, {"LINGER_SUBJECTS_KEY": KEY})
    problems = finished(r, allowed=(2,), rss_mb=100)
    r = run(binary, ["check"], work)
    if "subjects-damaged" not in r.out:
        problems.append("check does not report it")
    return problems


@case("hash files", "a 250 MB CSV of commas")
def _(binary, work):
    inventory(work)
    path = os.path.join(work, "commas.csv")
    with open(path, "wb") as f:
        f.write(b"," * (250 << 20))
    r = run(binary, ["subjects", "import", "mailblast", path], work, {"LINGER_SUBJECTS_KEY": KEY})
    return finished(r, allowed=(2,), rss_mb=600)


# ------------------------------------------------------------ completions


def complete(binary, work, inventory_text):
    with open(os.path.join(work, "vendors.toml"), "w") as f:
        f.write(inventory_text)
    return run(binary, ["--", "linger", "show", ""], work, {"COMPLETE": "fish"}, timeout=20)


@case("completions", "ids with ESC and a vertical tab")
def _(binary, work):
    with open(os.path.join(ROOT, "vendors.example.toml")) as f:
        text = f.read()
    text += '\n[[vendor]]\nid = "evil\\u001b]0;owned\\u0007"\nname = "x"\n\n[[vendor]]\nid = "a\\u000bb"\nname = "y"\n'
    r = complete(binary, work, text)
    problems = finished(r, allowed=(0,))
    if "\x0b" in r.out or "evil" in r.out:
        problems.append("a hostile id was offered")
    if "mailblast" not in r.out:
        problems.append("the real ids are missing")
    return problems


@case("completions", "a million vendors")
def _(binary, work):
    text = "schema = 1\n[organization]\nname = \"N\"\nemail = \"p@n.example\"\n" + "".join(
        f'[[vendor]]\nid = "v{i}"\nname = "Vendor {i}"\nused_from = 2020-01-01\n' for i in range(1_000_000))
    r = complete(binary, work, text)
    return finished(r, allowed=(0,), seconds=3, rss_mb=200)


# ------------------------------------------------------------ round three
# Round three's cases (issue 28) live one file per surface in
# bench/attack.d/: inbox trust, inbox scale, the merge driver, the network,
# defanging. Each file runs in this module's namespace and registers its
# cases with `case`, like the ones above, so `--only` and the closing line
# count them all.
for _path in sorted(glob.glob(os.path.join(ROOT, "bench", "attack.d", "*.py"))):
    with open(_path) as _file:
        exec(compile(_file.read(), _path, "exec"), globals())


# ------------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "linger"))
    parser.add_argument("--only", default="", help="run only the cases whose group or name holds this")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    passed = failed = 0
    for group, name, fn in CASES:
        if args.only and args.only not in group and args.only not in name:
            continue
        with tempfile.TemporaryDirectory() as work:
            started = time.perf_counter()
            try:
                problems = fn(args.binary, work)
            except Exception as err:  # a broken case is a failure, not a crash
                problems = [f"the case itself failed: {err!r}"]
            took = time.perf_counter() - started
        verdict = "ok  " if not problems else "FAIL"
        print(f"{verdict} {group:12} {name} ({took:.1f} s){': ' + '; '.join(problems) if problems else ''}")
        if problems:
            failed += 1
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
