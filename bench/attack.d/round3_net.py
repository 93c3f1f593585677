# Round three (issue 28), the network: which configured base URLs linger
# trusts on loopback (items 8 and 9), and crt.sh answers of hundreds of
# thousands of names against `lookalikes --ct` (item 10).
#
# Loaded by bench/attack.py into its namespace: `case`, `run`, `finished`,
# `serve`, `tripwire`, `bootstrap`, `online_case`, `default_routes` and
# INVENTORY come from there. Every server is on 127.0.0.1.

import json as _json
import os as _os
import time as _time


def _ok(h):
    h.json(200, {"secret": "from inside"})


def _redirect(location):
    def handler(h):
        h.send_response(302)
        h.send_header("location", location)
        h.send_header("content-length", "0")
        h.end_headers()
    return handler


def _port(base):
    return base.rsplit(":", 1)[1]


def _inside(server, needle):
    return [p for p in server.seen if needle in p]


def _write_inventory(work):
    with open(_os.path.join(work, "vendors.toml"), "w") as f:
        f.write(INVENTORY)


# ------------------------------------------------- item 8: names, one port


@case("r3-net", "a registrar's related link to another port of localhost")
def _(binary, work):
    _write_inventory(work)
    registry, base = serve([])
    other, other_base = serve([("/", _ok)])
    here = "http://localhost:" + _port(base)
    there = "http://localhost:" + _port(other_base)
    related = there + "/registrar/domain/nortwind.example"
    thin = {"objectClassName": "domain", "ldhName": "NORTWIND.EXAMPLE",
            "links": [{"value": related, "rel": "related", "href": related, "type": "application/rdap+json"}],
            "events": [{"eventAction": "registration", "eventDate": "2026-11-26T14:02:11Z"}],
            "entities": [{"objectClassName": "entity", "roles": ["registrar"],
                          "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Cheap Names"]]]}]}
    registry.routes = [
        ("/iana/dns.json", lambda h: h.json(200, {"version": "1.0", "services": [[["example"], [here + "/registry/"]]]})),
        ("/registry/domain/nortwind.example", lambda h: h.json(200, thin)),
    ]
    mail = _os.path.join(work, "phish.eml")
    with open(mail, "w") as f:
        f.write("From: <support@northwind.example>\nTo: <dag@example.com>\nSubject: Password\n"
                "Date: Mon, 30 Nov 2026 03:12:41 +0100\nMessage-ID: <a@example.com>\n"
                "Content-Type: text/plain\n\nLog in: https://nortwind.example/reset\n")
    env = {"LINGER_RDAP_BOOTSTRAP_URL": here + "/iana/dns.json", "LINGER_DOH_URL": base + "/dns-query",
           "NO_PROXY": "127.0.0.1,localhost"}
    r = run(binary, ["phish", "--online", "--format", "json", mail], work, env)
    registry.shutdown()
    other.shutdown()
    problems = finished(r)
    if not _inside(registry, "/registry/domain/nortwind.example"):
        problems.append("the registry was never asked: " + r.err[-200:])
    if other.seen:
        problems.append(f"fetched {other.seen[0]} from another port of localhost")
    return problems


@case("r3-net", "a bootstrap by name naming another port of localhost")
def _(binary, work):
    _write_inventory(work)
    sources, base = serve([])
    other, other_base = serve([("/", _ok)])
    here = "http://localhost:" + _port(base)
    there = "http://localhost:" + _port(other_base)
    sources.routes = [("/hibp/breaches", breaches), ("dns.json", bootstrap(there))]
    env = {"LINGER_HIBP_URL": here + "/hibp", "LINGER_RDAP_BOOTSTRAP_URL": here + "/rdap/dns.json",
           "LINGER_DOH_URL": here + "/dns-query", "NO_PROXY": "127.0.0.1,localhost"}
    r = run(binary, ["check", "--online"], work, env)
    sources.shutdown()
    other.shutdown()
    problems = finished(r)
    if other.seen:
        problems.append(f"asked {other.seen[0]} on another port of localhost")
    if "internal address" not in r.out:
        problems.append("not reported")
    return problems


# ------------------------------------ item 9: trusted for one source only


@case("r3-net", "a website redirecting to a source's port on 127.0.0.1")
def _(binary, work):
    r, server = online_case(binary, work, lambda b: [("http://finevendor.example", _redirect(b + "/internal-only")),
                                                     ("/internal-only", _ok)] + default_routes(b))
    problems = finished(r)
    if _inside(server, "/internal-only"):
        problems.append("followed the website to a source's port")
    if "internal address" not in r.out:
        problems.append("not reported")
    return problems


@case("r3-net", "a website redirecting to the proxy's port on 127.0.0.1")
def _(binary, work):
    _write_inventory(work)
    sources, base = serve([])
    sources.routes = default_routes(base)
    proxy, proxy_base = serve([])
    proxy.routes = [("http://", _redirect(proxy_base + "/internal-only")), ("/internal-only", _ok)]
    r = run(binary, ["check", "--online"], work, online_env(base, proxy=proxy_base))
    sources.shutdown()
    proxy.shutdown()
    problems = finished(r)
    if not _inside(proxy, "finevendor"):
        problems.append("the website was never asked")
    if _inside(proxy, "/internal-only"):
        problems.append("followed the website to the proxy's port")
    if "internal address" not in r.out:
        problems.append("not reported")
    return problems


@case("r3-net", "a source redirecting to another source's port")
def _(binary, work):
    _write_inventory(work)
    sources, base = serve([])
    sources.routes = [("/elsewhere/breaches", breaches)] + default_routes(base)
    hibp, hibp_base = serve([("/", _redirect(base + "/elsewhere/breaches"))])
    env = online_env(base)
    env["LINGER_HIBP_URL"] = hibp_base + "/hibp"
    r = run(binary, ["check", "--online"], work, env)
    sources.shutdown()
    hibp.shutdown()
    problems = finished(r)
    if _inside(sources, "/elsewhere"):
        problems.append("followed the breach list to the resolver's port")
    if "vendor-breached" in r.out:
        problems.append("reported a breach from the other source")
    return problems


# -------------------------------------------- item 10: crt.sh at scale


def _crt(names, not_before="2026-11-20T06:00:00"):
    return {"issuer_ca_id": 1, "issuer_name": "C=US, O=Let's Encrypt, CN=R11", "common_name": names[0],
            "name_value": "\n".join(names), "id": 1, "entry_timestamp": not_before + ".123",
            "not_before": not_before, "not_after": "2027-03-01T00:00:00", "serial_number": "0a"}


_BODIES = {}


def _body(kind):
    """The crt.sh answers, made once per run of the harness."""
    if kind not in _BODIES:
        if kind == "100k":
            names = [f"h{i}.northwind-login.example" for i in range(100_000)]
            _BODIES[kind] = _json.dumps([_crt(names)]).encode()
        elif kind == "300k":
            # 300,000 names under three domains, one of them ours.
            names = []
            for i in range(100_000):
                names += [f"h{i}.northwind-login.example", f"h{i}.northwind-pay.example", f"h{i}.northwind.example"]
            _BODIES[kind] = _json.dumps([_crt(names)]).encode()
        elif kind == "150k":
            # 300,000 names, 150,000 distinct domains.
            names = []
            for i in range(150_000):
                names += [f"northwind{i}.example", f"www.northwind{i}.example"]
            _BODIES[kind] = _json.dumps([_crt(names)]).encode()
    return _BODIES[kind]


def _ct_case(binary, work, ct_handler, extra=()):
    server, base = serve([])
    server.routes = [("/ct/", ct_handler)]  # every other path: NXDOMAIN
    env = {"LINGER_CT_URL": base + "/ct/", "LINGER_DOH_URL": base + "/dns-query",
           "LINGER_RDAP_BOOTSTRAP_URL": base + "/rdap/dns.json", "NO_PROXY": "127.0.0.1"}
    r = run(binary, ["lookalikes", "northwind.example", "--ascii", "--ct", "--format", "json", *extra], work, env)
    server.shutdown()
    return r


def _certificate_rows(r):
    try:
        rows = _json.loads(r.out)
    except ValueError:
        return None
    return sorted(row["ascii"] for row in rows if row.get("certificate"))


@case("r3-net", "lookalikes --ct: one certificate with 100,000 names")
def _(binary, work):
    body = _body("100k")
    r = _ct_case(binary, work, lambda h: h.json(200, body))
    problems = finished(r, allowed=(0,), seconds=2)
    if _certificate_rows(r) != ["northwind-login.example"]:
        problems.append("wrong domains: " + r.out[:200] + r.err[-200:])
    return problems


@case("r3-net", "lookalikes --ct: 100,000 names inside --deadline 5")
def _(binary, work):
    body = _body("100k")
    r = _ct_case(binary, work, lambda h: h.json(200, body), extra=("--deadline", "5"))
    return finished(r, allowed=(0,), seconds=6)


@case("r3-net", "lookalikes --ct: 300,000 names (8.9 MB) in under 2 s")
def _(binary, work):
    body = _body("300k")
    r = _ct_case(binary, work, lambda h: h.json(200, body))
    problems = finished(r, allowed=(0,), seconds=2)
    if _certificate_rows(r) != ["northwind-login.example", "northwind-pay.example"]:
        problems.append("wrong domains: " + r.out[:200] + r.err[-200:])
    return problems


@case("r3-net", "lookalikes --ct: 150,000 distinct domains inside --deadline 5")
def _(binary, work):
    body = _body("150k")
    r = _ct_case(binary, work, lambda h: h.json(200, body), extra=("--deadline", "5"))
    problems = finished(r, seconds=6)
    if r.status == 0 and len(_certificate_rows(r) or []) != 150_000:
        problems.append(f"{len(_certificate_rows(r) or [])} domains listed, not 150,000")
    if "not checked" not in r.err:
        problems.append("the names not asked are not reported: " + r.err[-200:])
    return problems


@case("r3-net", "lookalikes --ct: a crt.sh that drips, --deadline 5")
def _(binary, work):
    body = _body("300k")

    def drip(h):
        h.send_response(200)
        h.send_header("content-type", "application/json")
        h.send_header("content-length", str(len(body)))
        h.end_headers()
        for start in range(0, len(body), 4096):
            h.wfile.write(body[start:start + 4096])
            h.wfile.flush()
            _time.sleep(0.01)

    r = _ct_case(binary, work, drip, extra=("--deadline", "5"))
    problems = finished(r, seconds=6)
    if "crt.sh" not in r.err:
        problems.append("the cut-off answer is not reported: " + r.err[-200:])
    return problems
