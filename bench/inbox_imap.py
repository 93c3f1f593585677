#!/usr/bin/env python3
"""Benchmark of `linger inbox --imap`: a Dovecot on loopback (Debian's
dovecot-imapd, started here with its own configuration, TLS with a
self-signed certificate) whose INBOX holds 10,000 messages, 50 of them
replies to the inventory's vendors. Times the first run (`--apply`: every
message fetched, the replies recorded) and the rerun (nothing new to
fetch), as whole processes.

    sudo python3 bench/inbox_imap.py [--messages 10000] [--replies 50]

Run as root: Dovecot's mail process runs as the `mail` user. The target
(issue 21): first run under 10 s, rerun under 1 s.
"""
import argparse
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
USER = "privacy@northwind.example"
PASSWORD = "bench-password"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_dovecot(work):
    for sub in ("run", "state", "mail"):
        os.makedirs(os.path.join(work, sub))
    # A test CA (ca.pem, which linger trusts) and a certificate it signs.
    run = lambda *argv: subprocess.run(argv, check=True, capture_output=True)
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-keyout", f"{work}/ca.key", "-out", f"{work}/ca.pem", "-subj", "/CN=bench CA")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{work}/key.pem",
        "-out", f"{work}/cert.csr", "-subj", "/CN=localhost")
    with open(f"{work}/ext.cnf", "w") as f:
        f.write("subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n")
    run("openssl", "x509", "-req", "-in", f"{work}/cert.csr", "-CA", f"{work}/ca.pem",
        "-CAkey", f"{work}/ca.key", "-CAcreateserial", "-days", "1", "-out", f"{work}/cert.pem",
        "-extfile", f"{work}/ext.cnf")
    with open(f"{work}/passwd", "w") as f:
        f.write(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    port = free_port()
    with open(f"{work}/dovecot.conf", "w") as f:
        f.write(f"""base_dir = {work}/run
state_dir = {work}/state
log_path = {work}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{work}/cert.pem
ssl_key = <{work}/key.pem
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = {work}/passwd
}}
userdb {{
  driver = static
  args = uid=mail gid=mail home={work}/mail/%u
}}
mail_location = maildir:{work}/mail/%u/Maildir
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
""")
    return port


def fill_maildir(work, messages, replies, vendors):
    cur = f"{work}/mail/{USER}/Maildir/cur"
    os.makedirs(cur)
    os.makedirs(f"{work}/mail/{USER}/Maildir/new")
    os.makedirs(f"{work}/mail/{USER}/Maildir/tmp")
    rng = random.Random(7)
    reply_at = set(rng.sample(range(messages), replies))
    body = ("Lorem ipsum dolor sit amet. " * 150)
    for i in range(messages):
        if i in reply_at:
            vendor, domain = vendors[i % len(vendors)]
            text = (f"From: dpo@{domain}\r\nTo: {USER}\r\nSubject: Re: Deletion request [ref:{vendor}]\r\n"
                    f"Date: Mon, 02 Nov 2026 10:00:00 +0000\r\nMessage-ID: <r{i}@{domain}>\r\n\r\n"
                    f"We have received your request (ticket #{10000 + i}).\r\n")
        else:
            text = (f"From: news@shop{i % 997}.example\r\nTo: {USER}\r\nSubject: Offer {i}\r\n"
                    f"Date: Mon, 02 Nov 2026 10:00:00 +0000\r\nMessage-ID: <m{i}@shop.example>\r\n"
                    f"List-Unsubscribe: <mailto:u@shop.example>\r\n\r\n{body}\r\n")
        with open(f"{cur}/{1700000000 + i}.M{i}P1.bench:2,", "w") as f:
            f.write(text)
    subprocess.run(["chown", "-R", "mail:mail", f"{work}/mail"], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--replies", type=int, default=50)
    args = parser.parse_args()
    dovecot = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not os.path.exists(dovecot) or os.getuid() != 0:
        sys.exit("needs Dovecot (apt-get install dovecot-imapd) and root")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "linger"], cwd=ROOT, check=True)
    linger = os.path.join(ROOT, "target", "release", "linger")
    vendors = [(f"vendor{n}", f"vendor{n}.example") for n in range(10)]
    work = tempfile.mkdtemp()
    os.chmod(work, 0o755)
    try:
        port = start_dovecot(work)
        fill_maildir(work, args.messages, args.replies, vendors)
        subprocess.run([dovecot, "-c", f"{work}/dovecot.conf"], check=True)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        inv = ["schema = 1", "", "[organization]", 'name = "Northwind Analytics AS"', f'email = "{USER}"', "",
               "[imap]", 'host = "localhost"', f"port = {port}", 'security = "tls"', f'username = "{USER}"',
               'ca_file = "ca.pem"', ""]
        for vendor, domain in vendors:
            inv += ["[[vendor]]", f'id = "{vendor}"', f'name = "{vendor}"', f'website = "https://{domain}"',
                    f'privacy_email = "dpo@{domain}"', "retired_on = 2026-09-01", 'data = ["contact.email"]', "",
                    "[[vendor.event]]", "on = 2026-10-01", 'kind = "requested"', ""]
        inventory_dir = f"{work}/inventory"
        os.makedirs(inventory_dir)
        with open(f"{inventory_dir}/vendors.toml", "w") as f:
            f.write("\n".join(inv))
        shutil.copy(f"{work}/ca.pem", f"{inventory_dir}/ca.pem")
        env = dict(os.environ, LINGER_IMAP_PASSWORD=PASSWORD, LINGER_CACHE_DIR=f"{work}/cache",
                   DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent")
        argv = [linger, "--today", "2026-11-30", "inbox", "--imap", "--apply", "--format", "json"]
        # Three reruns: the first may wait on Dovecot updating its index
        # after the big fetch; the median is what a scheduled run sees.
        for label in ("first run", "rerun 1", "rerun 2", "rerun 3"):
            start = time.perf_counter()
            proc = subprocess.run(argv, cwd=inventory_dir, env=env, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            if proc.returncode != 0:
                sys.exit(proc.stderr)
            fetched = proc.stderr.strip().splitlines()[0]
            print(f"{label}: {elapsed:.2f} s ({fetched})")
        # The peer: Python's imaplib doing only what a rerun must (TLS,
        # LOGIN, EXAMINE, LOGOUT), to tell linger's time from the server's.
        import imaplib
        import ssl
        context = ssl.create_default_context(cafile=f"{work}/ca.pem")
        start = time.perf_counter()
        client = imaplib.IMAP4_SSL("localhost", port, ssl_context=context)
        client.login(USER, PASSWORD)
        client.select("INBOX", readonly=True)
        client.logout()
        print(f"peer (python imaplib: TLS, LOGIN, EXAMINE, LOGOUT): {time.perf_counter() - start:.2f} s")
    finally:
        subprocess.run([dovecot, "-c", f"{work}/dovecot.conf", "stop"], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
