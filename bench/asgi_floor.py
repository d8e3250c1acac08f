"""The floor of the app server: a bare ASGI application under granian that sends
the cached article's bytes and headers and does nothing else.

bench/pages.py runs it beside the app, so the cached figure can be read against
what granian's ASGI path itself allows on this machine, not only against nginx.
It reads the body and the headers from the files named by BENCH_FLOOR_BODY and
BENCH_FLOOR_HEADERS (JSON: a list of [name, value] pairs)."""

import json
import os
from pathlib import Path

BODY = Path(os.environ["BENCH_FLOOR_BODY"]).read_bytes()
PAIRS = json.loads(Path(os.environ["BENCH_FLOOR_HEADERS"]).read_text())
HEADERS = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in PAIRS]
START = {"type": "http.response.start", "status": 200, "headers": HEADERS}
BODY_MESSAGE = {"type": "http.response.body", "body": BODY}


async def application(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            else:
                await send({"type": "lifespan.shutdown.complete"})
                return
    await send(START)
    await send(BODY_MESSAGE)
