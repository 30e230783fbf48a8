"""What each demo account may see, computed straight from the data (independently of
gateway/policy.py), so the tests can check the gateway against it."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.models import Arbeidsmarktregio as AM
from db.models import Gemeente, Nareiziger, Uitplaatsingsregio, Vergunninghouder
from tests.conftest import Api


def _gemeente_ids(where: Any) -> Any:
    return sa.select(Gemeente.id).where(where)


def expected_scope(persona: str, model: Any = Vergunninghouder) -> Any:
    """A WHERE clause over `model` for what `persona` may see, written out per account."""
    col = model.gekoppelde_gemeente_id
    if persona in ("utrecht", "beheerder", "derde"):
        return col.in_(_gemeente_ids(Gemeente.code == "GM0344"))
    if persona == "nieuwegein":
        return col.in_(_gemeente_ids(Gemeente.code == "GM0356"))
    if persona == "amsterdam":
        return col.in_(_gemeente_ids(Gemeente.code == "GM0363"))
    if persona == "amr":
        am13 = sa.select(AM.id).where(AM.code == "AM13").scalar_subquery()
        return col.in_(_gemeente_ids(Gemeente.arbeidsmarktregio_id == am13))
    if persona == "regievoerder":
        midden = sa.select(Uitplaatsingsregio.id).where(Uitplaatsingsregio.code == "MIDDEN").scalar_subquery()
        return sa.or_(col.in_(_gemeente_ids(Gemeente.uitplaatsingsregio_id == midden)), col.is_(None))
    if persona == "casemanager":
        return sa.true()
    return sa.false()  # fg


async def v_nummers_in_scope(api: Api, persona: str, model: Any = Vergunninghouder) -> set[str]:
    return {
        r.v_nummer for r in await api.rows(sa.select(model.v_nummer).where(expected_scope(persona, model)))
    }


async def v_nummers_outside_scope(api: Api, persona: str, model: Any = Vergunninghouder) -> set[str]:
    return {
        r.v_nummer
        for r in await api.rows(sa.select(model.v_nummer).where(sa.not_(expected_scope(persona, model))))
    }


PERSONAS_WITH_ROWS = [
    "utrecht",
    "beheerder",
    "nieuwegein",
    "amsterdam",
    "derde",
    "amr",
    "casemanager",
    "regievoerder",
]
ALL_PERSONAS = [*PERSONAS_WITH_ROWS, "fg"]

__all__ = ["ALL_PERSONAS", "PERSONAS_WITH_ROWS", "Nareiziger", "expected_scope", "v_nummers_in_scope"]
