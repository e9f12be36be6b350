"""Read each message file given with Python's own `email` package, strictly
(policy=strict raises on any defect in a header), and print one JSON object
per message: what a mail client would show, and what is wrong with it as an
RFC 5322 / MIME message (`problems`, empty when it is valid)."""
import email
import email.policy
import email.utils
import json
import re
import sys

REQUIRED = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"]

out = []
for path in sys.argv[1:]:
    problems = []
    with open(path, "rb") as f:
        data = f.read()
    try:
        message = email.message_from_bytes(data, policy=email.policy.strict)
    except Exception as e:  # strict: a defect is an exception
        out.append({"file": path, "problems": [f"does not parse: {e!r}"]})
        continue
    problems += [f"defect: {d!r}" for d in message.defects]
    for name in REQUIRED:
        values = message.get_all(name) or []
        if len(values) != 1:
            problems.append(f"{name}: {len(values)} headers, not 1")
    try:
        for name in message.keys():
            problems += [f"{name}: {d!r}" for d in message[name].defects]
        if email.utils.parsedate_to_datetime(str(message["Date"])) is None:
            problems.append("Date does not parse")
        sender = message["From"].addresses[0].domain
        if not re.fullmatch(r"<[!-;=?-~]+@" + re.escape(sender) + ">", str(message["Message-ID"])):
            problems.append(f"Message-ID {message['Message-ID']} is not <unique@{sender}>")
        if str(message["MIME-Version"]) != "1.0":
            problems.append("MIME-Version is not 1.0")
        if message.get_content_type() != "text/plain" or message.get_content_charset() != "utf-8":
            problems.append(f"Content-Type is {message['Content-Type']}")
        body = message.get_content()
    except Exception as e:
        problems.append(f"cannot read: {e!r}")
        body = ""
    out.append({
        "file": path,
        "problems": problems,
        "to": str(message["To"]),
        "subject": str(message["Subject"]),
        "message_id": str(message["Message-ID"]),
        "body": body,
    })
print(json.dumps(out))
