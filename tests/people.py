"""Finding demo people and contacts by what a test needs of them (the seed is deterministic,
but tests name the state they need rather than a number)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.models import (
    Account,
    Contactpersoon,
    Gemeente,
    Klantprofiel,
    Nareiziger,
    Toestemming,
    Vergunninghouder,
)
from gateway.schema.node import encode_id
from tests.conftest import Api


def laatste_toestemming(fk: Any, person_id: Any) -> Any:
    return (
        sa.select(Toestemming.soort)
        .where(fk == person_id)
        .order_by(Toestemming.id.desc())
        .limit(1)
        .scalar_subquery()
    )


async def vergunninghouder(api: Api, gemeente: str, toestemming: str | None, versies: bool) -> str:
    """The V-nummer of someone linked to `gemeente` whose latest consent event is `toestemming`
    (None: never recorded) and who has klantprofiel versions or not."""
    laatste = laatste_toestemming(Toestemming.vergunninghouder_id, Vergunninghouder.id)
    heeft = sa.exists().where(Klantprofiel.vergunninghouder_id == Vergunninghouder.id)
    stmt = (
        sa.select(Vergunninghouder.v_nummer)
        .join(Gemeente, Gemeente.id == Vergunninghouder.gekoppelde_gemeente_id)
        .where(
            Gemeente.code == gemeente,
            laatste.is_(None) if toestemming is None else laatste == toestemming,
            heeft if versies else ~heeft,
        )
        .order_by(Vergunninghouder.id)
        .limit(1)
    )
    v_nummer = await api.scalar(stmt)
    assert v_nummer, f"no such person in the seed: {gemeente} {toestemming} {versies}"
    return str(v_nummer)


async def nareiziger(api: Api, gemeente: str) -> str:
    stmt = (
        sa.select(Nareiziger.v_nummer)
        .join(Gemeente, Gemeente.id == Nareiziger.gekoppelde_gemeente_id)
        .where(Gemeente.code == gemeente)
        .order_by(Nareiziger.id)
        .limit(1)
    )
    return str(await api.scalar(stmt))


async def contact_id(api: Api, email: str) -> str:
    pk = await api.scalar(sa.select(Contactpersoon.id).where(Contactpersoon.email == email))
    assert pk is not None, email
    return str(encode_id("Contactpersoon", pk))


async def contact_zonder_login(api: Api, gemeente: str) -> tuple[str, str]:
    """(global id, e-mail) of a contact of `gemeente` without a login."""
    row = (
        await api.rows(
            sa.select(Contactpersoon.id, Contactpersoon.email)
            .join(Gemeente, Gemeente.id == Contactpersoon.gemeente_id)
            .where(Gemeente.code == gemeente, Contactpersoon.account_id.is_(None))
            .order_by(Contactpersoon.id)
            .limit(1)
        )
    )[0]
    return str(encode_id("Contactpersoon", row.id)), row.email


async def counts(api: Api, *models: Any) -> dict[str, int]:
    out = {}
    for model in models:
        out[model.__tablename__] = int(await api.scalar(sa.select(sa.func.count()).select_from(model)))
    return out


async def account(api: Api, gebruikersnaam: str) -> Any:
    rows = await api.rows(sa.select(Account).where(Account.gebruikersnaam == gebruikersnaam))
    return rows[0] if rows else None
