# Round three, defanging (issue 28 items 12-13): no output of `phish` and
# no abuse or registrar letter prints a phishing link or name live. One
# hostile mail hides them every way the issue lists; each case judges the
# output with `live_forms`, the same rule as tests/defang/check.rs.
# Runs in bench/attack.py's namespace (case, run, finished, serve, ...).

DEFANG_MAIL = (
    "Received: from mta7.northwind-secure-login.example (mta7.northwind-secure-login.example [203.0.113.9])\r\n"
    "\tby mx1.northwind.example; Fri, 27 Nov 2026 09:14:03 +0100\r\n"
    "Return-Path: <bounce@bounce-nw.example>\r\n"
    "DKIM-Signature: v=1; a=rsa-sha256; d=signer-nw\u3002example; s=s1; h=from; bh=x; b=y\r\n"
    "From: Northwind Billing <billing@northwind-secure-login.example>\r\n"
    "To: anna@example.com\r\n"
    "Date: Fri, 27 Nov 2026 08:10:00 +0000\r\n"
    "Subject: Your invoice\r\n"
    "MIME-Version: 1.0\r\n"
    'Content-Type: multipart/alternative; boundary="b"\r\n'
    "\r\n"
    "--b\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "\r\n"
    "Pay now: https://pay.northwind-secure-login.example/r?u=https://second-stage.example/login\r\n"
    "Or HTTPS://CAPS.NORTHWIND-CAPS.EXAMPLE/Login\r\n"
    "Or https://ideo\u3002northwind-ideo\u3002example/login\r\n"
    "Or www.wwwlink.example/pay\r\n"
    "--b\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "\r\n"
    '<p><a href="//slashes.example/login">here</a>\r\n'
    '<a href="https://entity&#46;example/x">x</a>\r\n'
    '<a href="https&colon;//named&period;example/y">y</a></p>\r\n'
    "--b--\r\n"
)

# Every name of the phisher's in DEFANG_MAIL.
DEFANG_NAMES = [
    "northwind-secure-login.example", "second-stage.example", "northwind-caps.example",
    "northwind-ideo.example", "wwwlink.example", "slashes.example", "entity.example",
    "named.example", "bounce-nw.example", "signer-nw.example",
]


def live_forms(text, names):
    """Each live scheme, and each name written so a client could open it
    (any case, any spelling of its dots); `evil[.]example` is not live."""
    opened = text.lower()
    for spelled, plain in (("\u3002", "."), ("\uff0e", "."), ("\uff61", "."), ("%2e", "."), ("&#46;", "."),
                           ("&#x2e;", "."), ("&period;", "."), ("%3a", ":"), ("&colon;", ":")):
        opened = opened.replace(spelled, plain)
    found = []
    for scheme in ("http://", "https://"):
        at = opened.find(scheme)
        if at >= 0:
            found.append("live " + opened[at:at + 50])
    word = lambda c: c.isascii() and (c.isalnum() or c == "-")
    for name in names:
        start = 0
        while True:
            at = opened.find(name, start)
            if at < 0:
                break
            start = at + 1
            before = opened[at - 1] if at else ""
            after = opened[at + len(name):at + len(name) + 2]
            if before and word(before):
                continue
            if after[:1] and (word(after[0]) or (after[0] == "." and len(after) > 1 and word(after[1]))):
                continue
            found.append("live " + name)
            break
    return found


def defang_work(work):
    with open(os.path.join(work, "vendors.toml"), "w") as f:
        f.write(INVENTORY)
    path = os.path.join(work, "invoice.eml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(DEFANG_MAIL)
    with open(os.path.join(work, "leaked.txt"), "w") as f:
        f.write("anna@example.com\n")
    return path


@case("r3-defang", "phish as table and Markdown: no live name, Senders host included")
def _(binary, work):
    mail = defang_work(work)
    problems = []
    for fmt in ("table", "markdown"):
        r = run(binary, ["phish", "--format", fmt, mail], work)
        problems += finished(r, allowed=(0,), seconds=10)
        problems += [f"{fmt}: {p}" for p in live_forms(r.out, DEFANG_NAMES)]
        for shown in ("mta7[.]northwind-secure-login[.]example", "wwwlink[.]example", "slashes[.]example",
                      "entity[.]example", "bounce-nw[.]example", "signer-nw[.]example"):
            if shown not in r.out:
                problems.append(f"{fmt}: {shown} not shown")
    return problems


@case("r3-defang", "phish --format json: real domain/host with defanged beside")
def _(binary, work):
    mail = defang_work(work)
    r = run(binary, ["phish", "--format", "json", mail], work)
    problems = finished(r, allowed=(0,), seconds=10)
    if problems:
        return problems
    report = json.loads(r.out)
    domains = {d["domain"]: d for d in report["domains"]}
    for name in DEFANG_NAMES[:8]:
        if name not in domains:
            problems.append(f"{name} not found")
        elif domains[name].get("defanged") != name.replace(".", "[.]"):
            problems.append(f"{name}: defanged is {domains[name].get('defanged')!r}")
    sender = report["senders"][0]
    if sender.get("host") != "mta7.northwind-secure-login.example" or "[.]" not in str(sender.get("defanged")):
        problems.append(f"sender host {sender.get('host')!r} / {sender.get('defanged')!r}")

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("domain", "host")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    problems += live_forms(json.dumps(strip(report), ensure_ascii=False), DEFANG_NAMES)
    return problems


@case("r3-defang", "abuse and registrar reports in en/de/nb: every link defanged")
def _(binary, work):
    mail = defang_work(work)
    problems = []
    others = [n for n in DEFANG_NAMES if n != "northwind-secure-login.example"] + [
        "pay.northwind-secure-login.example"]
    for kind in ("abuse-report", "registrar-report"):
        for lang in ("en", "de", "nb"):
            r = run(binary, ["letter", "leaky", "--kind", kind, "--lang", lang, "--to", "abuse@bulk.example",
                             "--phishing-domain", "northwind-secure-login.example", "--addresses", "leaked.txt",
                             "--message", mail], work)
            problems += finished(r, allowed=(0,), seconds=10)
            problems += [f"{kind} {lang}: {p}" for p in live_forms(r.out, others)]
            if "hxxps://second-stage[.]example/login" not in r.out:
                problems.append(f"{kind} {lang}: the second stage is not listed defanged")
    return problems


def rdap_entity(email):
    return {"objectClassName": "entity", "roles": ["abuse"],
            "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["email", {}, "text", email]]]}


@case("r3-defang", "a next step with an abuse contact that looks like an option runs as printed")
def _(binary, work):
    mail = defang_work(work)
    server, base = serve([])
    server.routes = [
        ("/iana/dns.json", lambda h: h.json(200, {"version": "1.0", "services": [[["example"], [base + "/registry/"]]]})),
        ("/iana/ipv4.json", lambda h: h.json(200, {"version": "1.0", "services": [[["203.0.113.0/24"], [base + "/rir/"]]]})),
        ("/iana/ipv6.json", lambda h: h.json(200, {"version": "1.0", "services": []})),
        ("/rir/ip/", lambda h: h.json(200, {"objectClassName": "ip network", "name": "BULLETPROOF",
                                            "startAddress": "203.0.113.0", "endAddress": "203.0.113.255",
                                            "entities": [rdap_entity("-oproxycommand=x@bulletproof.example")]})),
    ]
    env = {"LINGER_RDAP_BOOTSTRAP_URL": base + "/iana/dns.json", "LINGER_DOH_URL": base + "/dns-query",
           "LINGER_HTTP_TIMEOUT": "2", "NO_PROXY": "127.0.0.1", "LINGER_INVENTORY": os.path.join(work, "vendors.toml")}
    r = run(binary, ["phish", "--online", "--vendor", "leaky", mail], work, env)
    server.shutdown()
    problems = finished(r, allowed=(0,), seconds=20)
    problems += live_forms(r.out, DEFANG_NAMES)
    steps = [line.strip() for line in r.out.splitlines() if line.strip().startswith("linger letter")]
    if not steps:
        return problems + ["no letter step printed"]
    # As a person pastes it into a shell, the binary on the path as `linger`.
    bin_dir = os.path.join(work, "bin")
    os.mkdir(bin_dir)
    os.symlink(os.path.abspath(binary), os.path.join(bin_dir, "linger"))
    shell_env = {k: v for k, v in os.environ.items() if not k.startswith("LINGER_")}
    shell_env.update({"PATH": bin_dir + ":" + shell_env.get("PATH", ""),
                      "LINGER_INVENTORY": os.path.join(work, "vendors.toml"), "LINGER_TODAY": TODAY,
                      "NO_COLOR": "1"})
    for step in steps:
        done = subprocess.run(["sh", "-c", step], cwd=work, env=shell_env, capture_output=True, text=True,
                              timeout=60)
        if done.returncode != 0:
            problems.append(f"as printed, `{step[:90]}` fails: {done.stderr.strip()[:160]}")
    return problems


@case("r3-defang", "a 10 MB HTML body of references and // links is read in time")
def _(binary, work):
    defang_work(work)
    path = os.path.join(work, "big.eml")
    chunk = '<a href="//a&#46;b&#x2e;example/&period;">x</a> www.&#46;&#46;\r\n' * 150_000
    with open(path, "w") as f:
        f.write("From: x@evil.example\r\nTo: a@example.com\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
                "Content-Type: text/html\r\n\r\n" + chunk + "\r\n")
    problems = []
    r = run(binary, ["phish", "--format", "json", path], work)
    problems += finished(r, allowed=(0,), seconds=15, rss_mb=400)
    r = run(binary, ["letter", "leaky", "--kind", "abuse-report", "--to", "abuse@bulk.example",
                     "--phishing-domain", "evil.example", "--addresses", "leaked.txt", "--message", path], work)
    problems += finished(r, allowed=(0,), seconds=15, rss_mb=400)
    problems += live_forms(r.out, ["b.example"])
    return problems
