#!/usr/bin/env python3
"""Parses .eml files with Python's own `email` package and prints what a
mail client would see, as JSON, for tests/letters.rs to check.

    python3 tests/eml_check.py FILE.eml...
"""
import email
import email.policy
import json
import sys


def describe(path):
    with open(path, "rb") as f:
        raw = f.read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    header_end = raw.find(b"\r\n\r\n")
    text = message.get_body(preferencelist=("plain",))
    attachments = [
        {
            "content_type": part.get_content_type(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "filename": part.get_filename(),
            # An attached message is read back as a message, headers intact.
            "headers": [[n, str(v)] for n, v in part.get_content().items()]
            if part.get_content_type() == "message/rfc822"
            else [],
        }
        for part in message.iter_attachments()
    ] if message.is_multipart() else []
    return {
        "file": path,
        "headers": [[name, str(value)] for name, value in message.items()],
        "defects": [type(d).__name__ for d in message.defects],
        "content_type": message.get_content_type(),
        "charset": message.get_content_charset(),
        "transfer_encoding": message.get("Content-Transfer-Encoding"),
        "body": text.get_content() if text is not None else None,
        "attachments": attachments,
        "raw_ascii": all(b < 128 for b in raw),
        "raw_crlf_only": raw.count(b"\n") == raw.count(b"\r\n"),
        "raw_longest_line": max(len(line) for line in raw.split(b"\r\n")),
        "raw_header_names": [
            line.split(b":", 1)[0].decode()
            for line in raw[:header_end].split(b"\r\n")
            if line and line[:1] not in (b" ", b"\t")
        ],
    }


if __name__ == "__main__":
    json.dump([describe(p) for p in sys.argv[1:]], sys.stdout, ensure_ascii=False, indent=1)
