"""Notification fan-out: from the transaction that made a notification to every open subscription
of its account, in this process and, on PostgreSQL, in every other gateway process.

Only ids travel (account id, notificatie id): no personal data passes through the channel. A
subscription treats an event as a wake-up call: it re-checks its principal and reads the account's
new notifications itself, under the policy's scope. An event without a notificatie id asks the
account's subscriptions to re-check their access (the contact was removed or changed).

- SQLite (one process): events go to the local hub once the transaction has committed.
- PostgreSQL: ``pg_notify`` inside the writing transaction, which PostgreSQL delivers only when the
  transaction commits; every process LISTENs on one connection of its own and hands what arrives to
  its hub, the sending process included.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import orjson
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

log = logging.getLogger("tvs.notify")

CHANNEL = "tvs_notificaties"
#: PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; 200 id pairs stay well below.
_PAIRS_PER_NOTIFY = 200
#: Events waiting for one slow subscription; beyond this they are dropped (the notifications
#: themselves are in the database, and the next wake-up reads every one it missed).
_QUEUE_SIZE = 1000


@dataclass(frozen=True, slots=True)
class Event:
    account_id: int
    #: None: not a new notification, but "re-check your access".
    notificatie_id: int | None = None


class Hub:
    """The subscriptions of this process, by account."""

    def __init__(self) -> None:
        self._queues: dict[int, set[asyncio.Queue[Event]]] = defaultdict(set)

    @contextlib.contextmanager
    def subscribe(self, account_id: int) -> Iterator[asyncio.Queue[Event]]:
        queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=_QUEUE_SIZE)
        self._queues[account_id].add(queue)
        try:
            yield queue
        finally:
            queues = self._queues.get(account_id)
            if queues is not None:
                queues.discard(queue)
                if not queues:
                    del self._queues[account_id]

    def deliver(self, events: Iterable[Event]) -> None:
        for event in events:
            for queue in self._queues.get(event.account_id, ()):
                with contextlib.suppress(asyncio.QueueFull):
                    queue.put_nowait(event)

    def subscribers(self, account_id: int) -> int:
        return len(self._queues.get(account_id, ()))


class Fanout:
    """In-process fan-out (SQLite): events are delivered after the commit."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def in_transaction(self, conn: AsyncConnection, events: list[Event]) -> None:
        """Called inside the writing transaction, before it commits."""
        return None

    def after_commit(self, events: list[Event]) -> None:
        self.hub.deliver(events)


class PostgresFanout(Fanout):
    """LISTEN/NOTIFY between gateway processes on one PostgreSQL database."""

    def __init__(self, hub: Hub, database_url: str, reconnect_seconds: float = 1.0) -> None:
        super().__init__(hub)
        # asyncpg speaks plain postgresql:// URLs.
        self._dsn = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._reconnect_seconds = reconnect_seconds
        self._task: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="tvs-notify-listen")
        # Subscriptions made after start-up should not miss events: wait for the first LISTEN, but
        # never let an unreachable database stop the process from starting (/readyz reports it;
        # the listener keeps retrying, and subscribers catch up from the database on the next event).
        try:
            await asyncio.wait_for(self._listening.wait(), timeout=5)
        except TimeoutError:
            log.warning("notifications: LISTEN not established yet; retrying in the background")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def in_transaction(self, conn: AsyncConnection, events: list[Event]) -> None:
        pairs = [[e.account_id, e.notificatie_id] for e in events]
        for start in range(0, len(pairs), _PAIRS_PER_NOTIFY):
            payload = orjson.dumps(pairs[start : start + _PAIRS_PER_NOTIFY]).decode()
            await conn.execute(sa.select(sa.func.pg_notify(CHANNEL, payload)))

    def after_commit(self, events: list[Event]) -> None:
        return None  # our own LISTEN delivers them, as it does in every other process

    def _on_notify(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            events = [Event(int(a), None if n is None else int(n)) for a, n in orjson.loads(payload)]
        except (orjson.JSONDecodeError, TypeError, ValueError):
            log.warning("ignored a malformed notification payload")
            return
        self.hub.deliver(events)

    async def _listen(self) -> None:
        while True:
            conn: asyncpg.Connection | None = None
            try:
                conn = await asyncpg.connect(self._dsn)
                lost = asyncio.Event()
                conn.add_termination_listener(lambda _c, lost=lost: lost.set())
                await conn.add_listener(CHANNEL, self._on_notify)
                self._listening.set()
                await lost.wait()
                log.warning("notification listener lost its connection; reconnecting")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("notification listener cannot connect: %s", exc)
            finally:
                if conn is not None and not conn.is_closed():
                    with contextlib.suppress(Exception):
                        await asyncio.shield(conn.close(timeout=2))
            await asyncio.sleep(self._reconnect_seconds)


@dataclass
class Notifier:
    """What a write transaction tells once it has committed: subscriptions and the mail worker."""

    hub: Hub
    fanout: Fanout
    #: Set when outbox rows were committed, so the mail worker need not wait for its next poll.
    mail_waiting: asyncio.Event = field(default_factory=asyncio.Event)

    def committed(self, events: list[Event], mails: int) -> None:
        if events:
            self.fanout.after_commit(events)
        if mails:
            self.mail_waiting.set()


def make_notifier(database_url: str) -> Notifier:
    hub = Hub()
    fanout = PostgresFanout(hub, database_url) if database_url.startswith("postgresql") else Fanout(hub)
    return Notifier(hub=hub, fanout=fanout)
