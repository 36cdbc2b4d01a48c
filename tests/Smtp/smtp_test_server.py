#!/usr/bin/python3
"""A real SMTP server for RasMfa's tests (aiosmtpd, Debian python3-aiosmtpd), on a free loopback port.

Each received message goes to DIR as N.eml (the message as received) and N.json (the envelope: sender, recipients,
the authenticated login). With --tls, STARTTLS (required before MAIL and AUTH) with a certificate made here by openssl
for 127.0.0.1; with --implicit-tls, TLS from the first octet. With --user/--password, AUTH (PLAIN, LOGIN) is required.
With --refuse-recipient DOMAIN, RCPT TO an address in DOMAIN is refused with 550; with --refuse-sender DOMAIN, MAIL FROM one.
Prints one line "READY port=P sha256=HEX" (sha256 of the certificate, when there is one), then serves until stdin closes.
"""
import argparse, base64, email, email.policy, hashlib, json, os, socket, ssl, subprocess, sys, threading
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificate(folder):
    cert, key = os.path.join(folder, "server.crt"), os.path.join(folder, "server.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(cert) as f:
        der = ssl.PEM_cert_to_DER_cert(f.read())
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context, hashlib.sha256(der).hexdigest().upper()


def summary(content):
    """The message as Python's own MIME parser reads it, for tests that have no MIME parser of their own (Pester)."""
    message = email.message_from_bytes(content, policy=email.policy.default)
    parts = {"text": None, "html": None, "images": []}
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "text/plain" and parts["text"] is None:
            parts["text"] = part.get_content()
        elif kind == "text/html" and parts["html"] is None:
            parts["html"] = part.get_content()
        elif kind.startswith("image/"):
            parts["images"].append({"content_id": (part["Content-ID"] or "").strip("<>"), "media_type": kind,
                                    "base64": base64.b64encode(part.get_payload(decode=True)).decode()})
    return {"subject": str(message["Subject"]), "from": str(message["From"]), "to": str(message["To"]),
            "headers": list(message.keys()), **parts}


class Handler:
    def __init__(self, folder, refuse_domain, refuse_sender_domain):
        self.folder, self.refuse_domain, self.count, self.lock = folder, refuse_domain, 0, threading.Lock()
        self.refuse_sender_domain = refuse_sender_domain

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.refuse_sender_domain and address.lower().endswith("@" + self.refuse_sender_domain.lower()):
            return "553 5.7.1 Sender address rejected: not owned by user"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_domain and address.lower().endswith("@" + self.refuse_domain.lower()):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        base = os.path.join(self.folder, str(n))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        with open(base + ".json.tmp", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "login": login,
                       "message": summary(envelope.original_content or envelope.content)}, f)
        os.rename(base + ".json.tmp", base + ".json")
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Ok: queued as test-%d" % n


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--refuse-recipient")
    parser.add_argument("--refuse-sender")
    args = parser.parse_args()
    os.makedirs(args.folder, exist_ok=True)
    context, sha256 = make_certificate(args.folder) if (args.tls or args.implicit_tls) else (None, "")

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    params = {}
    if args.tls:
        params.update(tls_context=context, require_starttls=True)
    if args.user:
        params.update(authenticator=authenticator, auth_required=True, auth_require_tls=args.tls)  # implicit TLS: the whole session is over TLS already
    port = free_port()
    controller = Controller(Handler(args.folder, args.refuse_recipient, args.refuse_sender), hostname="127.0.0.1", port=port,
                            ssl_context=context if args.implicit_tls else None, server_hostname="127.0.0.1", **params)
    controller.start()
    print("READY port=%d sha256=%s" % (port, sha256), flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
