"""A real SMTP server on 127.0.0.1 for the tests: each message received is
written to DIR as it arrived (aiosmtpd)."""
import sys, time, pathlib
from aiosmtpd.controller import Controller

out = pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)

class Sink:
    count = 0
    async def handle_DATA(self, server, session, envelope):
        Sink.count += 1
        body = envelope.content.decode("utf-8", "replace")
        (out / f"{Sink.count:03}.eml").write_text(
            "X-Envelope-To: " + ",".join(envelope.rcpt_tos) + "\n" + body
        )
        return "250 OK"

controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
try:
    time.sleep(float(sys.argv[3]) if len(sys.argv) > 3 else 60)
finally:
    controller.stop()
