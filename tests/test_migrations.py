"""An empty database migrated to head matches the models exactly (autogenerate finds nothing),
and the access log and klantprofiel history refuse changes in the database itself."""

from __future__ import annotations

import asyncio
import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from db.migrate import upgrade
from db.models import Base
from db.session import create_engine
from tests.conftest import PG_URL, _pg_admin, _pg_url


def _diff(url: str) -> list[object]:
    async def run() -> list[object]:
        engine = create_engine(url)
        try:
            async with engine.connect() as conn:
                return await conn.run_sync(
                    lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
                )
        finally:
            await engine.dispose()

    return asyncio.run(run())


@pytest.fixture
def empty_url(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    name = f"tvs_mig_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    return _pg_url(name)


def test_migrations_reach_the_models(empty_url: str) -> None:
    upgrade(empty_url)
    assert _diff(empty_url) == []


def test_append_only_tables_refuse_update_and_delete(empty_url: str) -> None:
    upgrade(empty_url)

    async def run() -> None:
        engine = create_engine(empty_url)
        try:
            async with engine.begin() as conn:
                await conn.execute(
                    sa.text(
                        "INSERT INTO audit_record (tijdstip, trace_id, gebruikersnaam, rol,"
                        " verwerkingsactiviteit, gegevensgroepen, resultaat) VALUES (CURRENT_TIMESTAMP,"
                        " 't', 'fg@coa.demo', 'COA_FG', 'x', '', 'GETOOND')"
                    )
                )
            for statement in ("UPDATE audit_record SET resultaat = 'GEWEIGERD'", "DELETE FROM audit_record"):
                with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                    async with engine.begin() as conn:
                        await conn.execute(sa.text(statement))
            async with engine.connect() as conn:
                assert (await conn.execute(sa.text("SELECT count(*) FROM audit_record"))).scalar() == 1
        finally:
            await engine.dispose()

    asyncio.run(run())


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL-specific: TRUNCATE")
def test_access_log_cannot_be_truncated_on_postgresql(tmp_path: Path) -> None:
    name = f"tvs_mig_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    url = _pg_url(name)
    upgrade(url)

    async def run() -> None:
        engine = create_engine(url)
        try:
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                async with engine.begin() as conn:
                    await conn.execute(sa.text("TRUNCATE audit_record"))
        finally:
            await engine.dispose()

    asyncio.run(run())
