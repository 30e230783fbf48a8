"""`tvs-gateway seed`: realistic synthetic data, deterministic for a given --seed.

Rows are generated in memory with explicit ids and written with bulk inserts in one transaction
per table; 50,000 vergunninghouders take well under a minute on PostgreSQL (README).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from faker import Faker
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.enums import Rol
from db.models import Arbeidsmarktregio, Base, Gemeente, Uitplaatsingsregio, Vergunninghouder
from db.reference import REFERENCE_DIR, load_reference_data, read_csv
from db.seed.demo import add_accounts, add_demo_households, add_extra_contactpersonen, add_notificaties
from db.seed.names import Names
from db.seed.people import Household, PeopleGenerator, Rows
from gateway.identifiers import is_postcode

#: Half years with an opgave; the last is the current period on the seed's peildatum.
PERIODEN = ("2025-H1", "2025-H2", "2026-H1", "2026-H2")
#: Opgave per period as a share of the synthetic population (a bit more than gets housed).
OPGAVE_PER_PERSOON = 0.11

#: FK order for inserting.
TABLE_ORDER = (
    "account",
    "contactpersoon",
    "regievoerder",
    "taakstelling",
    "plaatsingseenheid",
    "vergunninghouder",
    "formulier",
    "huurcontract",
    "nareiziger",
    "toestemming",
    "klantprofiel",
    "notificatie",
)
CHUNK = 5000


class SeedError(RuntimeError):
    pass


@dataclass
class SeedReport:
    rows: dict[str, int]
    seconds: float


async def _is_empty(engine: AsyncEngine) -> bool:
    async with engine.connect() as conn:
        return (
            await conn.execute(sa.select(sa.func.count()).select_from(Vergunninghouder))
        ).scalar_one() == 0


async def database_is_empty(engine: AsyncEngine) -> bool:
    """True when there are no vergunninghouders yet (then `make run` seeds)."""
    return await _is_empty(engine)


def _street_pool(fake: Faker, n: int = 400) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    while len(out) < n:
        postcode = fake.postcode()
        if is_postcode(postcode):
            out.append((fake.street_name(), postcode))
    return out


def generate(
    *,
    n: int,
    seed: int,
    gemeenten: list[Any],
    am: dict[str, int],
    regio: dict[str, int],
) -> tuple[Rows, dict[str, list[int]]]:
    rng = random.Random(seed)
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    rows = Rows()
    codes = {g.code: g.id for g in gemeenten}
    account_ids = add_accounts(rows, rng, codes, am, regio, fake.name)
    add_extra_contactpersonen(rows, rng, codes, fake.name, by=account_ids["beheerder@utrecht.demo"])

    total_inwoners = sum(g.inwoners or 0 for g in gemeenten) or 1
    for g in gemeenten:
        share = (g.inwoners or 0) / total_inwoners
        for periode in PERIODEN:
            opgave = round(share * n * OPGAVE_PER_PERSOON * rng.uniform(0.85, 1.15))
            rows.add("taakstelling", gemeente_id=g.id, periode=periode, opgave=opgave)

    casemanagers = [
        (r["id"], r["naam"], r["gebruikersnaam"])
        for r in rows.tables["account"]
        if r["rol"] is Rol.COA_CASEMANAGER
    ]
    azcs = [(r["naam"], r["plaats"]) for r in read_csv(REFERENCE_DIR / "azcs.csv")]
    people = PeopleGenerator(
        rng, rows, Names(), _street_pool(fake), azcs, casemanagers, {g.id: g.naam for g in gemeenten}
    )
    cast = add_demo_households(people, codes)
    gemeente_ids = [g.id for g in gemeenten]
    weights = [g.inwoners or 1000 for g in gemeenten]
    while len(rows.tables["vergunninghouder"]) < n:
        linked = rng.random() >= 0.18
        gemeente_id = rng.choices(gemeente_ids, weights=weights)[0] if linked else None
        people.household(Household(gemeente_id))
    utrecht = [i for key, ids in cast.items() if key.startswith("utrecht") for i in ids]
    add_notificaties(rows, rng, account_ids, utrecht)
    return rows, cast


async def _insert(conn: AsyncConnection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        await conn.execute(table.insert(), rows[start : start + CHUNK])


async def _reset_sequences(conn: AsyncConnection) -> None:
    """Explicit ids were inserted: move PostgreSQL's sequences past them."""
    if conn.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        if "id" in table.c:
            await conn.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                )
            )


async def seed(
    engine: AsyncEngine,
    *,
    vergunninghouders: int = 2000,
    seed: int = 2026,
    progress: Callable[[str], None] | None = None,
) -> SeedReport:
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    async with engine.begin() as conn:
        await load_reference_data(conn)
    if not await _is_empty(engine):
        raise SeedError("the database already holds vergunninghouders: use `tvs-gateway seed --reset`")
    async with engine.connect() as conn:
        gemeenten = list(
            (
                await conn.execute(
                    sa.select(Gemeente.id, Gemeente.code, Gemeente.naam, Gemeente.inwoners).order_by(
                        Gemeente.id
                    )
                )
            ).all()
        )
        am = dict((await conn.execute(sa.select(Arbeidsmarktregio.code, Arbeidsmarktregio.id))).all())
        regio = dict((await conn.execute(sa.select(Uitplaatsingsregio.code, Uitplaatsingsregio.id))).all())
    say(f"generating {vergunninghouders} vergunninghouders (seed {seed})")
    rows, _ = generate(n=vergunninghouders, seed=seed, gemeenten=gemeenten, am=am, regio=regio)
    say(f"generated in {time.perf_counter() - started:.1f}s")
    tables = Base.metadata.tables
    counts: dict[str, int] = {}
    async with engine.begin() as conn:
        for name in TABLE_ORDER:
            data = rows.tables.get(name, [])
            t0 = time.perf_counter()
            await _insert(conn, tables[name], data)
            counts[name] = len(data)
            say(f"  {name:<18} {len(data):>8} rows  {time.perf_counter() - t0:6.1f}s")
        await _reset_sequences(conn)
    if engine.dialect.name == "postgresql":
        async with engine.connect() as conn:
            # Fresh statistics, so the planner knows the tables' sizes right away.
            await conn.execute(sa.text("ANALYZE"))
    report = SeedReport(rows=counts, seconds=time.perf_counter() - started)
    say(f"seeded in {report.seconds:.1f}s")
    return report
