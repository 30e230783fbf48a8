"""Health and faults: readiness follows the database, dropped connections are survived, a request
that runs too long is cancelled cleanly, and SIGTERM lets requests in flight finish."""

from __future__ import annotations

import asyncio
import signal
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from tests.conftest import DEMO, Api, _pg_admin_url, make_settings, open_api
from tests.server import start_server

VERGUNNINGHOUDERS = "{ vergunninghouders(first: 5) { nodes { vNummer achternaam } } }"


def _postgres_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("needs PostgreSQL's locks and backends")


# --- readiness -------------------------------------------------------------------------------------


async def test_readyz_is_503_when_the_database_refuses(key_dir: Path) -> None:
    settings = make_settings("postgresql+asyncpg://postgres@127.0.0.1:1/weg", key_dir)
    async for api in open_api(settings):
        assert (await api.client.get("/healthz")).status_code == 200  # the process lives
        response = await api.client.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "reason": "database unreachable"}


@pytest.fixture
async def silent_database() -> AsyncIterator[int]:
    """A port that accepts connections and never says a word."""

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # until the client gives up
        writer.close()

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    server.close()


async def test_readyz_is_503_when_the_database_does_not_answer(key_dir: Path, silent_database: int) -> None:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{silent_database}/stil"
    async for api in open_api(make_settings(url, key_dir, readiness_timeout_seconds=0.3)):
        response = await api.client.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "reason": "database did not answer within 0.3 s"}


# --- PostgreSQL faults -------------------------------------------------------------------------------


async def _admin() -> AsyncIterator[AsyncConnection]:
    engine = create_async_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        yield conn
    await engine.dispose()


async def test_dropped_database_connections_are_survived(backend: str, fresh_api: Api) -> None:
    _postgres_only(backend)
    assert (await fresh_api.data("utrecht", VERGUNNINGHOUDERS))["vergunninghouders"]["nodes"]
    async for admin in _admin():
        terminated = await admin.scalar(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = :db AND pid <> pg_backend_pid()"
            ),
            {"db": fresh_api.engine.url.database},
        )
    assert terminated >= 1  # the gateway's pooled connections are gone
    assert (await fresh_api.data("utrecht", VERGUNNINGHOUDERS))["vergunninghouders"]["nodes"]


async def test_a_request_over_the_time_limit_is_cancelled_cleanly(
    backend: str, fresh_db_url: str, key_dir: Path
) -> None:
    _postgres_only(backend)
    async for api in open_api(make_settings(fresh_db_url, key_dir, request_timeout_seconds=0.5)):
        locker = create_async_engine(fresh_db_url)
        async with locker.connect() as conn, conn.begin():
            # Another transaction holds the table: the gateway's read waits for it, forever.
            await conn.execute(sa.text("LOCK TABLE vergunninghouder IN ACCESS EXCLUSIVE MODE"))
            # (Without the limit this would wait for the lock forever: give up after 30 s.)
            response = await asyncio.wait_for(api.post("utrecht", VERGUNNINGHOUDERS), 30)
            assert response.status_code == 200
            body = response.json()
            assert body["data"] is None
            assert body["errors"][0]["extensions"] == {
                "code": "QUERY_TOO_COMPLEX",
                "limit": "timeoutSeconds",
                "maximum": 0.5,
            }
        await locker.dispose()
        # The cancelled statement left nothing behind: the next request is served.
        assert (await api.data("utrecht", VERGUNNINGHOUDERS))["vergunninghouders"]["nodes"]


# --- SIGTERM -----------------------------------------------------------------------------------------


def _refuses_connections(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return False
    except OSError:
        return True


async def test_sigterm_finishes_requests_in_flight_then_exits(
    backend: str, fresh_db_url: str, key_dir: Path, tmp_path: Path
) -> None:
    _postgres_only(backend)
    env = {"TVS_ENV": "development", "TVS_DATABASE_URL": fresh_db_url, "TVS_KEY_DIR": str(key_dir)}
    server = start_server(env, tmp_path)
    locker = create_async_engine(fresh_db_url)
    try:
        headers = {"Authorization": f"Bearer {server.token(DEMO['utrecht'])}"}
        async with (
            httpx.AsyncClient(base_url=server.base_url, timeout=60) as client,
            locker.connect() as conn,
        ):
            trans = await conn.begin()
            # The access-log write of the next request waits for this lock: it is in flight.
            await conn.execute(sa.text("LOCK TABLE audit_event IN SHARE ROW EXCLUSIVE MODE"))
            body = {"query": VERGUNNINGHOUDERS}
            in_flight = asyncio.create_task(client.post("/graphql", json=body, headers=headers))
            async with locker.connect() as watcher:
                await _until_waiting_on_a_lock(watcher)
            server.process.send_signal(signal.SIGTERM)
            await _until(lambda: _refuses_connections(server.port))  # stopped accepting
            assert server.process.poll() is None and not in_flight.done()  # still finishing
            await trans.rollback()  # the lock goes, the request completes
            response = await in_flight
        assert response.status_code == 200 and response.json()["data"]["vergunninghouders"]["nodes"]
        # uvicorn exits by re-raising the signal once it has shut down cleanly.
        assert server.process.wait(timeout=30) in (0, -signal.SIGTERM)
        assert "Application shutdown complete." in server.output()
    finally:
        server.stop()
        await locker.dispose()


async def _until_waiting_on_a_lock(conn: AsyncConnection) -> None:
    query = sa.text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO audit_event%'"
    )
    for _ in range(300):
        if await conn.scalar(query):
            return
        await conn.rollback()  # a transaction sees one snapshot of pg_stat_activity
        await asyncio.sleep(0.1)
    raise AssertionError("the request never reached the access-log write")


async def _until(condition: object, attempts: int = 300) -> None:
    for _ in range(attempts):
        if condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.1)
    raise AssertionError("condition never held")
