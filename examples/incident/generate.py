#!/usr/bin/env python3
"""Writes the fictitious incident that docs/trace.md and the README walk
through: two vendors' exports and 24 forwarded phishing mails. Every name
and address is made up, on the reserved example.com and example.net
domains. The output is committed; run this only to change it:

    python3 examples/incident/generate.py
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
FIRST = ["anna", "bo", "carl", "dina", "erik", "fia", "gustav", "hanne", "ivar", "jorun",
         "kari", "lars", "maja", "nils", "olga", "per", "ragnhild", "sven", "tone", "ulf"]
LAST = ["berg", "dahl", "eng", "foss", "haug", "lie", "moen", "nes", "rud", "strand",
        "vik", "aas", "bakke", "holm", "lund"]


def people(rng, count, domain):
    out = set()
    while len(out) < count:
        out.add(f"{rng.choice(FIRST)}.{rng.choice(LAST)}{rng.randint(1, 99)}@{domain}")
    return sorted(out)


def main():
    rng = random.Random(2026)
    customers = people(rng, 900, "example.com") + people(rng, 300, "example.net")
    rng.shuffle(customers)
    mailblast = customers[:400]          # newsletter subscribers
    newcrm = customers[250:950]          # CRM contacts: overlaps MailBlast
    os.makedirs(os.path.join(HERE, "exports"), exist_ok=True)
    with open(os.path.join(HERE, "exports", "mailblast.csv"), "w") as f:
        f.write("Email,Subscribed,List\n")
        for address in mailblast:
            f.write(f"{address},2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)},newsletter\n")
    with open(os.path.join(HERE, "exports", "newcrm.csv"), "w") as f:
        f.write("Name;E-Mail;Owner\n")
        for address in newcrm:
            name = address.split("@")[0].replace(".", " ").title()
            f.write(f"{name};{address};sales\n")
    # The leak: MailBlast's list. 23 customers forward the phishing they
    # got, as an attachment; MailBlast's canary got it too.
    phished = rng.sample(mailblast, 23) + ["m2c8v1zq@canary.northwind.example"]
    folder = os.path.join(HERE, "phishing")
    os.makedirs(folder, exist_ok=True)
    for n, address in enumerate(phished):
        original = (
            "Received: from mta7.bulkmail.example (mta7.bulkmail.example [198.51.100.23])\r\n\tby mx.example.com; Fri, 27 Nov 2026 09:14:03 +0100\r\n"
            "From: Northwind Billing <billing@northwind-login.example>\r\n"
            f"To: {address}\r\n"
            "Subject: Your invoice is overdue\r\n"
            "Date: Fri, 27 Nov 2026 08:10:00 +0000\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "Pay now to avoid suspension: https://northwind-login.example/pay?id=48213\r\n"
        )
        forward = (
            f"From: {address}\r\n"
            "To: privacy@northwind.example\r\n"
            "Subject: Fwd: Your invoice is overdue\r\n"
            "Date: Fri, 27 Nov 2026 10:02:00 +0000\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=fwd\r\n\r\n"
            "--fwd\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            "Is this from you? It does not look right.\r\n"
            "--fwd\r\nContent-Type: message/rfc822\r\n\r\n"
            f"{original}\r\n--fwd--\r\n"
        )
        with open(os.path.join(folder, f"forward-{n:02d}.eml"), "w", newline="") as f:
            f.write(forward)


if __name__ == "__main__":
    main()
