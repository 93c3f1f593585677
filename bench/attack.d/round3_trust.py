# Round three, `trust`: who may change a vendor's record through
# `linger inbox --apply` (issue 28, items 1-4). Loaded by bench/attack.py
# into its namespace: `case`, `run`, `finished` and TODAY come from there.
#
# Each case writes an inventory whose vendors are all overdue and a few
# hostile or genuine messages, runs `inbox --apply`, and judges
# vendors.toml and `check` afterwards.

TRUST_INVENTORY = """schema = 1

[organization]
name = "Northwind Analytics AS"
email = "privacy@northwind.example"
law = "gdpr"

[[vendor]]
id = "oldcrm"
name = "OldCRM Inc."
website = "https://oldcrm.example"
privacy_email = "privacy@oldcrm.example"
retired_on = 2026-09-01
data = ["contact.email"]

[[vendor.event]]
on = 2026-10-01
kind = "requested"
message_id = "<20261001.request.0d1c2b3a4f5e@northwind.example>"
note = "sent by linger to privacy@oldcrm.example, copy to privacy@northwind.example"

[[vendor]]
id = "ledgerly"
name = "Ledgerly"
website = "https://ledgerly.example"
privacy_email = "legal@ledgerly.example"
retired_on = 2026-09-01
data = ["contact.email"]

[[vendor.event]]
on = 2026-10-01
kind = "requested"

[[vendor]]
id = "vaultbox"
name = "VaultBox"
website = "https://vaultbox.example"
privacy_email = "privacy@vaultbox.example"
retired_on = 2026-09-01
data = ["contact.email"]

[[vendor.event]]
on = 2026-10-01
kind = "requested"
"""


def trust_mail(sender, subject, body, message_id, day=20, auth=None, to="privacy@northwind.example", extra=""):
    """A message as the receiving server hands it over: `auth` is the
    Authentication-Results value our server added, if any."""
    head = "Delivered-To: privacy@northwind.example\r\n"
    if auth:
        head += f"Authentication-Results: mx1.northwind.example;\r\n\t{auth}\r\n"
    head += (f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\n"
             f"Date: {day:02d} Nov 2026 10:00:00 +0000\r\nMessage-ID: {message_id}\r\n{extra}"
             "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
    return (head + body + "\r\n").encode("utf-8", "surrogateescape")


def trust_setup(work, messages, inventory=TRUST_INVENTORY):
    with open(os.path.join(work, "vendors.toml"), "w") as f:
        f.write(inventory)
    mail = os.path.join(work, "mail")
    os.makedirs(mail, exist_ok=True)
    for name, data in messages.items():
        with open(os.path.join(mail, name), "wb") as f:
            f.write(data)
    return mail


def trust_inventory(work):
    with open(os.path.join(work, "vendors.toml"), "rb") as f:
        return f.read()


def trust_findings(binary, work, vendor):
    r = run(binary, ["check", "--format", "json"], work)
    try:
        return [f["code"] for f in json.loads(r.out)["findings"] if f.get("vendor") == vendor]
    except ValueError:
        return ["check printed no JSON: " + r.err[-200:]]


def trust_unchanged(binary, work, messages, vendor, args=(), inventory=TRUST_INVENTORY):
    """Runs `inbox --apply` over hostile messages: nothing may change, and
    the vendor's deadline must still be overdue and not bounced."""
    mail = trust_setup(work, messages, inventory)
    before = trust_inventory(work)
    r = run(binary, ["inbox", "--mail", mail, "--apply", *args], work)
    problems = finished(r, allowed=(0,))
    if trust_inventory(work) != before:
        problems.append("vendors.toml changed")
    codes = trust_findings(binary, work, vendor)
    if "response-overdue" not in codes:
        problems.append(f"{vendor}'s response-overdue is gone")
    if "contact-bounced" in codes:
        problems.append(f"{vendor} reads contact-bounced")
    return problems


DMARC_FAIL = "dkim=none; spf=fail smtp.mailfrom={d}; dmarc=fail (p=REJECT) header.from={d}"
EVIL_PASS = "dkim=pass header.d=evil.example; spf=pass smtp.mailfrom=evil.example; dmarc=pass header.from=evil.example"


@case("r3-trust", "a DMARC-failed reply extends nothing to 9999")
def _(binary, work):
    forged = trust_mail("OldCRM Privacy <privacy@oldcrm.example>", "Re: Deletion request [ref:oldcrm]",
                        "We will complete your request by 31 December 9999.", "<forged-9999@bulkhost.example>",
                        auth=DMARC_FAIL.format(d="oldcrm.example"))
    return trust_unchanged(binary, work, {"forged.eml": forged}, "oldcrm")


@case("r3-trust", "a forged bounce (DMARC fail) bounces no vendor")
def _(binary, work):
    bounce = trust_mail("Mail Delivery System <MAILER-DAEMON@northwind.example>", "Undelivered Mail Returned to Sender",
                        "Your message could not be delivered.\r\n\r\nFinal-Recipient: rfc822; legal@ledgerly.example\r\n"
                        "Action: failed\r\nStatus: 5.1.1\r\n", "<forged-bounce@bulkhost.example>",
                        auth=DMARC_FAIL.format(d="northwind.example"),
                        extra="X-Failed-Recipients: legal@ledgerly.example\r\n")
    return trust_unchanged(binary, work, {"bounce.eml": bounce}, "ledgerly")


@case("r3-trust", "a stranger's bounce naming the address bounces no vendor")
def _(binary, work):
    bounce = trust_mail("Mail Delivery Subsystem <mailer-daemon@mx.evil.example>", "Delivery Status Notification (Failure)",
                        "Your message wasn't delivered to legal@ledgerly.example because the address couldn't be found.",
                        "<stranger-bounce@evil.example>", auth=EVIL_PASS.replace("evil.example", "mx.evil.example"),
                        extra="X-Failed-Recipients: legal@ledgerly.example\r\n")
    return trust_unchanged(binary, work, {"bounce.eml": bounce}, "ledgerly")


@case("r3-trust", "a gmail.com user's bounce through our Gmail relay bounces no vendor")
def _(binary, work):
    inventory = TRUST_INVENTORY.replace('law = "gdpr"\n', 'law = "gdpr"\n\n[smtp]\nhost = "smtp.gmail.com"\n')
    bounce = trust_mail("Mail Delivery Subsystem <mailer.daemon.notices@gmail.com>",
                        "Delivery Status Notification (Failure)",
                        "Your message wasn't delivered to privacy@oldcrm.example.\r\n\r\n"
                        "Final-Recipient: rfc822; privacy@oldcrm.example\r\nAction: failed\r\n\r\n"
                        "Message-ID: <20261001.request.0d1c2b3a4f5e@northwind.example>\r\n",
                        "<user-bounce@mail.gmail.com>",
                        auth="dkim=pass header.d=gmail.com; spf=pass smtp.mailfrom=gmail.com; dmarc=pass header.from=gmail.com")
    return trust_unchanged(binary, work, {"bounce.eml": bounce}, "oldcrm", inventory=inventory)


@case("r3-trust", "mail to privacy+vaultbox@ from evil.example records no 2099")
def _(binary, work):
    plus = trust_mail("Privacy Desk <offers@evil.example>", "Re: your request",
                      "We will complete the deletion of your data by 31 December 2099.", "<plus@evil.example>",
                      auth=EVIL_PASS, to="privacy+vaultbox@northwind.example")
    problems = trust_unchanged(binary, work, {"plus.eml": plus}, "vaultbox")
    # With plus addresses on, the tag routes it, and it is still no one's word.
    tagged = TRUST_INVENTORY.replace('law = "gdpr"', 'law = "gdpr"\nreply_tag = true')
    problems += [f"with reply_tag: {p}" for p in trust_unchanged(binary, work, {"plus.eml": plus}, "vaultbox",
                                                                  inventory=tagged)]
    return problems


@case("r3-trust", "a stranger in our letter's thread extends nothing")
def _(binary, work):
    thread = trust_mail("OldCRM Help <help@evil.example>", "Your case has been updated",
                        "We will complete your request by 31 December 2099.", "<thread@evil.example>", auth=EVIL_PASS,
                        extra="In-Reply-To: <20261001.request.0d1c2b3a4f5e@northwind.example>\r\n")
    return trust_unchanged(binary, work, {"thread.eml": thread}, "oldcrm")


@case("r3-trust", "--accept ledgerly does not let evil.example confirm")
def _(binary, work):
    evil = trust_mail("Ledgerly Support <support@evil.example>", "Re: Deletion request [ref:ledgerly]",
                      "Your data has been deleted.", "<deleted@evil.example>", auth=EVIL_PASS)
    problems = trust_unchanged(binary, work, {"evil.eml": evil}, "ledgerly", args=("--accept", "ledgerly"))
    r = run(binary, ["inbox", "--mail", os.path.join(work, "mail")], work)
    if "evil.example" not in r.out:
        problems.append("the table does not show the sender's domain")
    return problems


@case("r3-trust", "--accept VENDOR with two end states asks which")
def _(binary, work):
    auth = "dkim=pass header.d=ledgerly.example; spf=pass smtp.mailfrom=ledgerly.example; dmarc=pass header.from=ledgerly.example"
    confirmed = trust_mail("Ledgerly Legal <legal@ledgerly.example>", "Re: Deletion request [ref:ledgerly]",
                           "Your data has been deleted.", "<confirmed@ledgerly.example>", day=20, auth=auth)
    refused = trust_mail("Ledgerly Legal <legal@ledgerly.example>", "Re: Deletion request [ref:ledgerly]",
                         "We are required to retain invoices for seven years.", "<refused@ledgerly.example>", day=21,
                         auth=auth)
    mail = trust_setup(work, {"a.eml": confirmed, "b.eml": refused})
    before = trust_inventory(work)
    r = run(binary, ["inbox", "--mail", mail, "--apply", "--accept", "ledgerly"], work)
    problems = finished(r, allowed=(0, 2))
    if r.status == 0:
        problems.append("accepted without asking which")
    if trust_inventory(work) != before:
        problems.append("vendors.toml changed")
    # The reply the person read, by its Message-ID, is recorded alone.
    r = run(binary, ["inbox", "--mail", mail, "--apply", "--accept", "<confirmed@ledgerly.example>"], work)
    problems += finished(r, allowed=(0,))
    after = trust_inventory(work).decode()
    if after.count('kind = "confirmed"') != 1 or 'kind = "refused"' in after:
        problems.append("not exactly the confirmation was recorded")
    return problems


@case("r3-trust", "a genuine extension to 2099 waits for a yes")
def _(binary, work):
    auth = "dkim=pass header.d=ledgerly.example; spf=pass smtp.mailfrom=ledgerly.example; dmarc=pass header.from=ledgerly.example"
    long = trust_mail("Ledgerly Legal <legal@ledgerly.example>", "Re: Deletion request [ref:ledgerly]",
                      "We will complete your request by 31 December 2099.", "<long@ledgerly.example>", auth=auth)
    return trust_unchanged(binary, work, {"long.eml": long}, "ledgerly")


@case("r3-trust", "odd Message-IDs are skipped, the rest recorded, every run")
def _(binary, work):
    odd = ["<a b@vaultbox.example>", "<a\x01b@vaultbox.example>", "<no-at.vaultbox.example>", "<r\u00e9ponse@vaultbox.example>"]
    messages = {f"odd-{n}.eml": trust_mail("VaultBox <privacy@vaultbox.example>", "Re: Deletion request [ref:vaultbox]",
                                           "We have received your request.", mid, day=10 + n)
                for n, mid in enumerate(odd)}
    messages["fine.eml"] = trust_mail("VaultBox <privacy@vaultbox.example>", "Re: Deletion request [ref:vaultbox]",
                                      "We have received your request.", "<fine@vaultbox.example>", day=20)
    mail = trust_setup(work, messages)
    problems = []
    for attempt in (1, 2):
        r = run(binary, ["inbox", "--mail", mail, "--apply"], work)
        problems += [f"run {attempt}: {p}" for p in finished(r, allowed=(0,))]
        warned = sum(1 for n in range(len(odd)) if f"of 2026-11-{10 + n:02d}" in r.err)
        if warned != len(odd):
            problems.append(f"run {attempt}: {warned} of {len(odd)} odd ids named in a warning")
    if b"<fine@vaultbox.example>" not in trust_inventory(work):
        problems.append("the well-formed reply was not recorded")
    return problems


def huge_ids(binary, work, count, size):
    messages = {f"huge-{n}.eml": trust_mail("VaultBox <privacy@vaultbox.example>", "Re: Deletion request [ref:vaultbox]",
                                            "We have received your request.",
                                            f"<{n}{'x' * size}@vaultbox.example>", day=1 + n % 27)
                for n in range(count)}
    mail = trust_setup(work, messages)
    before = len(trust_inventory(work))
    r = run(binary, ["inbox", "--mail", mail, "--apply"], work, timeout=120)
    problems = finished(r, allowed=(0,), seconds=120, rss_mb=600)
    grew = len(trust_inventory(work)) - before
    if grew > 10_000:
        problems.append(f"vendors.toml grew by {grew:,} bytes")
    if len(r.err) > 200_000:
        problems.append(f"{len(r.err):,} bytes of warnings")
    return problems


@case("r3-trust", "five 900 KB Message-IDs are not stored")
def _(binary, work):
    return huge_ids(binary, work, 5, 900_000)


@case("r3-trust", "300 100 KB Message-IDs are not stored")
def _(binary, work):
    return huge_ids(binary, work, 300, 100_000)
