"""A gateway on a real socket (uvicorn in this event loop) and a graphql-transport-ws client, for
the tests that need a WebSocket."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
import uvicorn
from websockets.asyncio.client import ClientConnection, connect

from gateway.app import create_app
from gateway.settings import Settings

#: Waiting for a message that is on its way; a test that gets nothing fails after this long.
WAIT = 10.0


@asynccontextmanager
async def live_server(settings: Settings) -> AsyncIterator[str]:
    """The gateway listening on a free port of 127.0.0.1; yields 'host:port'."""
    config = uvicorn.Config(
        create_app(settings),
        host="127.0.0.1",
        port=0,
        lifespan="on",
        log_level="warning",
        ws="websockets-sansio",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(500):
        if server.started or task.done():
            break
        await asyncio.sleep(0.01)
    assert server.started, "the gateway did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


class Subscriber:
    """One graphql-transport-ws connection."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(orjson.dumps(message).decode())

    async def receive(self) -> dict[str, Any]:
        return orjson.loads(await asyncio.wait_for(self.ws.recv(), timeout=WAIT))  # type: ignore[no-any-return]

    async def init(self, token: str) -> dict[str, Any]:
        await self.send({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
        return await self.receive()

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None, id: str = "1") -> None:
        await self.send(
            {"id": id, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}}
        )


@asynccontextmanager
async def subscriber(host: str) -> AsyncIterator[Subscriber]:
    async with connect(f"ws://{host}/graphql", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        yield Subscriber(ws)
