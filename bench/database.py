"""The benchmark's databases: seeded once per size with `tvs-gateway seed`, reused while the
profile (size, seed, and the code that makes the schema and the data) is unchanged.

Each database is created with LC_COLLATE "C": the gateway orders by `achternaam COLLATE "C"`
(db/sql.py), and with "C" as the database default PostGraphile's ORDER BY achternaam gives the
same order, and all three servers can use the same (gekoppelde_gemeente_id, achternaam, id) index.
The profile is kept as the database's comment, so no table of the gateway's schema is touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import asyncpg

from bench.config import BENCH, ROOT, SEED, database_name, dsn

#: What makes the data: a change to any of these files seeds the databases anew.
_PROFILE_SOURCES = ("db/seed", "db/reference", "db/migrations/versions", "db/models")
BENCH_SQL = BENCH / "postgraphile" / "bench.sql"


def profile_of(size: int) -> dict[str, object]:
    digest = hashlib.sha256()
    for folder in _PROFILE_SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".csv"):
                digest.update(path.relative_to(ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return {"vergunninghouders": size, "seed": SEED, "sources": digest.hexdigest()[:16]}


async def _admin() -> asyncpg.Connection:
    return await asyncpg.connect(dsn("postgres"))


async def _stored_profile(name: str) -> dict[str, object] | None:
    conn = await _admin()
    try:
        row = await conn.fetchrow(
            "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
            name,
        )
    finally:
        await conn.close()
    if row is None:
        return None
    try:
        return dict(json.loads(row["comment"] or "{}")) or {}
    except ValueError:
        return {}


async def _recreate(name: str) -> None:
    conn = await _admin()
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        ctype = await conn.fetchval("SELECT datctype FROM pg_database WHERE datname = 'template1'")
        await conn.execute(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE '{ctype}'"
        )
    finally:
        await conn.close()


async def _set_profile(name: str, profile: dict[str, object]) -> None:
    conn = await _admin()
    try:
        comment = json.dumps(profile).replace("'", "''")
        await conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{comment}'")
    finally:
        await conn.close()


def _gateway_cli(*args: str, database: str) -> None:
    env = {**os.environ, "TVS_DATABASE_URL": dsn(database, driver="postgresql+asyncpg")}
    cli = Path(sys.executable).parent / "tvs-gateway"
    subprocess.run([str(cli), *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


async def ensure(size: int, say: Callable[[str], None] = print) -> str:
    """The database for `size`, seeded unless it already holds this profile. Returns its name."""
    name = database_name(size)
    profile = profile_of(size)
    if await _stored_profile(name) == profile:
        say(f"  {name}: holds the bench profile ({size:,} vergunninghouders), reused")
    else:
        say(f"  {name}: seeding {size:,} vergunninghouders (once; later runs reuse it)")
        started = time.monotonic()
        await _recreate(name)
        _gateway_cli("migrate", database=name)
        _gateway_cli("seed", "--vergunninghouders", str(size), "--seed", str(SEED), database=name)
        conn = await asyncpg.connect(dsn(name))
        try:
            await conn.execute("VACUUM ANALYZE")
        finally:
            await conn.close()
        await _set_profile(name, profile)
        say(f"  {name}: seeded in {time.monotonic() - started:.0f} s")
    await prepare(name)
    return name


#: The tables the access log has been kept in (audit_record became a view over audit_event).
_ACCESS_LOG_TABLES = ("audit_event", "audit_record")


async def prepare(name: str) -> None:
    """Before every run: PostGraphile's computed column, and an empty access log.

    The gateway appends to the access log on every request; emptying it at the start keeps every
    run's INSERTs going into a table of the same size. The log's triggers refuse TRUNCATE, so this
    bench-only database switches them off for the one statement (session_replication_role =
    replica, superuser only).
    """
    conn = await asyncpg.connect(dsn(name))
    try:
        await conn.execute(BENCH_SQL.read_text())
        tables = [
            r["relname"]
            for r in await conn.fetch(
                "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname = ANY($1::text[]) "
                "AND relnamespace = 'public'::regnamespace",
                list(_ACCESS_LOG_TABLES),
            )
        ]
        async with conn.transaction():
            await conn.execute("SET LOCAL session_replication_role = replica")
            for table in tables:
                await conn.execute(f'TRUNCATE "{table}"')
    finally:
        await conn.close()


async def gemeente_id(name: str, code: str) -> int:
    conn = await asyncpg.connect(dsn(name))
    try:
        found = await conn.fetchval("SELECT id FROM gemeente WHERE code = $1", code)
    finally:
        await conn.close()
    if found is None:
        raise SystemExit(f"bench: gemeente {code} is missing from {name}")
    return int(found)
