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

from db.enums import AuditResultaat, Rol
from db.migrate import include_object_for, upgrade
from db.models import AuditEvent, AuditRecord, Base
from db.models.base import utcnow
from db.session import create_engine
from tests.conftest import PG_URL, _pg_admin, _pg_url


def _diff(url: str) -> list[object]:
    async def run() -> list[object]:
        engine = create_engine(url)
        try:
            async with engine.connect() as conn:
                return await conn.run_sync(
                    lambda sync: compare_metadata(
                        MigrationContext.configure(
                            sync, opts={"include_object": include_object_for(sync.dialect.name)}
                        ),
                        Base.metadata,
                    )
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
    values = {"sleutels": [7, 8], "persoon_groepen": ["BSN", ""], "versleuteld": [b"a", b"b"]}

    async def run() -> None:
        engine = create_engine(empty_url)
        try:
            async with engine.begin() as conn:
                await conn.execute(
                    sa.insert(AuditEvent).values(
                        tijdstip=utcnow(),
                        trace_id="t",
                        gebruikersnaam="fg@coa.demo",
                        rol=Rol.COA_FG,
                        verwerkingsactiviteit="x",
                        resultaat=AuditResultaat.GETOOND,
                        groepen="",
                        **values,
                    )
                )
            for statement in ("UPDATE audit_event SET resultaat = 'GEWEIGERD'", "DELETE FROM audit_event"):
                with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                    async with engine.begin() as conn:
                        await conn.execute(sa.text(statement))
            async with engine.connect() as conn:
                records = (await conn.execute(sa.select(AuditRecord).order_by(AuditRecord.id))).all()
            # One event, two persons: two records through the view.
            assert [
                (r.positie, r.v_nummer_hmac, r.gegevensgroepen, r.v_nummer_versleuteld) for r in records
            ] == [
                (1, 7, "BSN", b"a"),
                (2, 8, "", b"b"),
            ]
        finally:
            await engine.dispose()

    asyncio.run(run())


def test_records_of_the_first_layout_survive_the_second(empty_url: str) -> None:
    """0002 moves the access log to one row per request; what was logged before is kept."""
    upgrade(empty_url, "0001")
    hmac_hex = "00000000000000ff" + "0" * 48

    async def run() -> None:
        engine = create_engine(empty_url)
        try:
            async with engine.begin() as conn:
                for v_hmac, blob, groups in ((hmac_hex, b"geheim", "BASIS,BSN"), (None, None, "BSN")):
                    await conn.execute(
                        sa.text(
                            "INSERT INTO audit_record (tijdstip, trace_id, gebruikersnaam, rol, verwerkingsactiviteit,"
                            " v_nummer_hmac, v_nummer_versleuteld, gegevensgroepen, resultaat)"
                            " VALUES (CURRENT_TIMESTAMP, 't', 'u', 'COA_FG', 'x', :h, :b, :g, 'GETOOND')"
                        ),
                        {"h": v_hmac, "b": blob, "g": groups},
                    )
            await engine.dispose()
            await asyncio.to_thread(upgrade, empty_url)
            engine = create_engine(empty_url)
            async with engine.connect() as conn:
                records = (await conn.execute(sa.select(AuditRecord).order_by(AuditRecord.event_id))).all()
            assert [(r.v_nummer_hmac, r.v_nummer_versleuteld, r.gegevensgroepen) for r in records] == [
                (255, b"geheim", "BASIS,BSN"),
                (None, None, "BSN"),
            ]
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
                    await conn.execute(sa.text("TRUNCATE audit_event"))
        finally:
            await engine.dispose()

    asyncio.run(run())
