"""The synthetic data: valid identifiers, the demo cast, realistic shares, deterministic."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from db.enums import Rol
from db.models import (
    Account,
    Contactpersoon,
    Gemeente,
    Klantprofiel,
    Nareiziger,
    Toestemming,
    Vergunninghouder,
)
from db.reference import import_gemeenten
from db.seed import generate
from gateway.identifiers import is_bsn, is_postcode, is_v_nummer
from tests.conftest import DEMO, Api

UTRECHT = sa.select(Gemeente.id).where(Gemeente.code == "GM0344").scalar_subquery()


async def test_demo_accounts_exist_with_their_scope(api: Api) -> None:
    rows = {r.gebruikersnaam: r for r in await api.rows(sa.select(Account))}
    assert set(DEMO.values()) <= set(rows)
    assert rows["tool@midden-utrecht.demo"].rol is Rol.ARBEIDSMARKTREGIO
    assert rows["begeleider@vluchtelingenwerk.demo"].rol is Rol.DERDE_PARTIJ
    derde = (await api.rows(sa.select(Contactpersoon).where(Contactpersoon.email == DEMO["derde"])))[0]
    assert derde.grondslag and derde.mag_inloggen


async def test_identifiers_are_valid_and_unique(api: Api) -> None:
    vh = await api.rows(sa.select(Vergunninghouder.v_nummer, Vergunninghouder.bsn))
    nr = await api.rows(sa.select(Nareiziger.v_nummer))
    v_nummers = [r.v_nummer for r in vh] + [r.v_nummer for r in nr]
    assert len(v_nummers) == len(set(v_nummers)) and all(is_v_nummer(v) for v in v_nummers)
    bsns = [r.bsn for r in vh if r.bsn]
    assert len(bsns) == len(set(bsns)) and all(is_bsn(b) for b in bsns)


async def test_utrecht_holds_people_in_every_consent_state(api: Api) -> None:
    latest = (
        sa.select(Toestemming.soort)
        .where(Toestemming.vergunninghouder_id == Vergunninghouder.id)
        .order_by(Toestemming.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    sent = sa.exists().where(Klantprofiel.vergunninghouder_id == Vergunninghouder.id)
    rows = await api.rows(
        sa.select(latest.label("laatste"), sent.label("verzonden")).where(
            Vergunninghouder.gekoppelde_gemeente_id == UTRECHT
        )
    )
    states = {(r.laatste.value if r.laatste else None, bool(r.verzonden)) for r in rows}
    assert (None, False) in states or (None, True) in states  # no consent
    assert ("VERLEEND", True) in states  # given and sent
    assert ("VERLEEND", False) in states  # given, not sent
    assert ("INGETROKKEN", True) in states  # withdrawn
    sizes = Counter(
        r.plaatsingseenheid_id
        for r in await api.rows(
            sa.select(Vergunninghouder.plaatsingseenheid_id).where(
                Vergunninghouder.gekoppelde_gemeente_id == UTRECHT
            )
        )
    )
    assert max(sizes.values()) >= 3  # a household of several people
    assert await api.scalar(
        sa.select(sa.func.count()).where(
            Vergunninghouder.gekoppelde_gemeente_id == UTRECHT, Vergunninghouder.historisch
        )
    )
    assert await api.scalar(sa.select(sa.func.count()).where(Nareiziger.gekoppelde_gemeente_id == UTRECHT))


def _gemeenten() -> list[object]:
    from types import SimpleNamespace

    return [
        SimpleNamespace(id=1, code="GM0344", naam="Utrecht", inwoners=374000),
        SimpleNamespace(id=2, code="GM0356", naam="Nieuwegein", inwoners=66000),
        SimpleNamespace(id=3, code="GM0363", naam="Amsterdam", inwoners=930000),
    ]


def test_the_same_seed_gives_the_same_data() -> None:
    kwargs = {"n": 400, "gemeenten": _gemeenten(), "am": {"AM13": 1, "AM18": 2}, "regio": {"MIDDEN": 1}}
    a, _ = generate(seed=11, **kwargs)
    b, _ = generate(seed=11, **kwargs)
    c, _ = generate(seed=12, **kwargs)
    assert a.tables["vergunninghouder"] == b.tables["vergunninghouder"]
    assert a.tables["klantprofiel"] == b.tables["klantprofiel"]
    assert a.tables["vergunninghouder"] != c.tables["vergunninghouder"]


def test_distributions_are_realistic() -> None:
    rows, _ = generate(n=4000, seed=3, gemeenten=_gemeenten(), am={"AM13": 1, "AM18": 2}, regio={"MIDDEN": 1})
    people = rows.tables["vergunninghouder"]
    nat = Counter(p["nationaliteit"] for p in people)
    assert nat.most_common(1)[0][0] == "Syrische" and 0.3 < nat["Syrische"] / len(people) < 0.5
    households = Counter(p["plaatsingseenheid_id"] for p in people)
    singles = sum(1 for n in households.values() if n == 1) / len(households)
    assert 0.6 < singles < 0.8
    with_consent = {t["vergunninghouder_id"] for t in rows.tables["toestemming"] if t["vergunninghouder_id"]}
    adults = [p for p in people if p["geboortedatum"] is None or p["geboortedatum"].year <= 2010]
    assert 0.6 < len(with_consent & {p["id"] for p in adults}) / len(adults) < 0.8
    with_nareizigers = {n["referent_id"] for n in rows.tables["nareiziger"]}
    assert 0.15 < len(with_nareizigers) / len(households) < 0.35
    versions = Counter(k["versie"] for k in rows.tables["klantprofiel"])
    assert max(versions) <= 4
    assert all(is_postcode(h["postcode"]) for h in rows.tables["huurcontract"])
    assert any(p["historisch"] for p in people)


async def test_import_gemeenten_is_idempotent(fresh_api: Api, tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text(
        "code,naam,provincie,arbeidsmarktregio,inwoners\nGM0344,Utrecht,PV26,AM13,380000\nGM0277,Rhenen,PV26,AM14,20000\n"
    )
    async with fresh_api.engine.begin() as conn:
        first = await import_gemeenten(conn, path)
    async with fresh_api.engine.begin() as conn:
        second = await import_gemeenten(conn, path)
    assert first == (1, 1) and second == (0, 2)
    rows = await fresh_api.rows(
        sa.select(Gemeente.code, Gemeente.inwoners).where(Gemeente.code.in_(["GM0344", "GM0277"]))
    )
    assert dict(rows) == {"GM0344": 380000, "GM0277": 20000}
