"""A PostgreSQL wire-protocol proxy that counts what each server sends to the database.

pg_stat_statements is not loaded on the shared development server (it needs
shared_preload_libraries and so a restart), and PostgreSQL's statistics views count transactions
and rows, not statements. So while counting, every server talks to PostgreSQL through this proxy,
which reads the client side of the protocol and counts, the same way for all three servers:

- statements executed: each simple-protocol Query ('Q') and each extended-protocol Execute ('E'),
  with the SQL text of the prepared statement or portal it runs, classified by its first word;
- round trips: each Query and each Sync ('S'), after which the client waits for the server;
- connections opened.

It answers SSL and GSS encryption requests with "no", so the conversation stays readable.
Only used for counting; the timed runs connect to PostgreSQL directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import struct
from collections import Counter
from dataclasses import dataclass, field

_SSL_REQUEST = 80877103
_GSSENC_REQUEST = 80877104
_TRANSACTION = {"BEGIN", "START", "COMMIT", "ROLLBACK", "END", "SAVEPOINT", "RELEASE"}
_DATA = {"SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "VALUES", "TABLE", "MERGE"}


def kind(sql: str) -> str:
    """data (reads or writes rows), transaction (BEGIN/COMMIT/...), ping (empty) or session."""
    words = re.findall(r"[A-Za-z]+", sql.split(";")[0])
    if not words:
        return "ping"
    first = words[0].upper()
    if first in _TRANSACTION:
        return "transaction"
    if first in _DATA:
        return "data"
    return "session"


@dataclass
class Counts:
    statements: Counter[str] = field(default_factory=Counter)
    round_trips: int = 0
    connections: int = 0

    def by_kind(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for sql, n in self.statements.items():
            out[kind(sql)] += n
        return out


class CountingProxy:
    def __init__(self, listen_port: int, upstream_host: str, upstream_port: int) -> None:
        self.listen_port = listen_port
        self.upstream = (upstream_host, upstream_port)
        self.counts = Counts()
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def reset(self) -> Counts:
        """The counts so far; counting starts again from zero."""
        counts, self.counts = self.counts, Counts()
        return counts

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.listen_port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for task in list(self._tasks):
            task.cancel()

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        upstream_w: asyncio.StreamWriter | None = None
        try:
            startup = await self._startup(client_r, client_w)
            if startup is None:
                return
            upstream_r, upstream_w = await asyncio.open_connection(*self.upstream)
            upstream_w.write(startup)
            self.counts.connections += 1
            back = asyncio.create_task(_pipe(upstream_r, client_w))
            self._tasks.add(back)
            back.add_done_callback(self._tasks.discard)
            await self._client_to_server(client_r, upstream_w)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            for w in (client_w, upstream_w):
                if w is not None:
                    w.close()

    async def _startup(self, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> bytes | None:
        """The startup packet, after refusing any encryption request."""
        while True:
            (length,) = struct.unpack("!I", await r.readexactly(4))
            body = await r.readexactly(length - 4)
            (code,) = struct.unpack("!I", body[:4])
            if code in (_SSL_REQUEST, _GSSENC_REQUEST):
                w.write(b"N")
                await w.drain()
                continue
            return struct.pack("!I", length) + body

    async def _client_to_server(self, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        prepared: dict[bytes, str] = {}
        portals: dict[bytes, str] = {}
        while True:
            header = await r.readexactly(5)
            tag = header[:1]
            (length,) = struct.unpack("!I", header[1:])
            body = await r.readexactly(length - 4)
            if tag == b"Q":
                self._executed(body[:-1].decode(errors="replace"))
                self.counts.round_trips += 1
            elif tag == b"P":
                name, rest = body.split(b"\0", 1)
                prepared[name] = rest.split(b"\0", 1)[0].decode(errors="replace")
            elif tag == b"B":
                portal, statement, _ = body.split(b"\0", 2)
                portals[portal] = prepared.get(statement, "?")
            elif tag == b"E":
                portal = body.split(b"\0", 1)[0]
                self._executed(portals.get(portal, "?"))
            elif tag == b"S":
                self.counts.round_trips += 1
            w.write(header + body)
            await w.drain()
            if tag == b"X":
                return

    def _executed(self, sql: str) -> None:
        self.counts.statements[" ".join(sql.split())] += 1


async def _pipe(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, asyncio.CancelledError):
        while data := await r.read(65536):
            w.write(data)
            await w.drain()
    w.close()
