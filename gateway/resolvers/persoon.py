"""The person a write is about, found by V-nummer under the caller's scope (and locked for the
rest of the write transaction on PostgreSQL, so writes about one person take turns)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from db.models import Nareiziger, Vergunninghouder
from gateway import identifiers, policy
from gateway.errors import NotFound

if TYPE_CHECKING:
    from gateway.context import Context
    from gateway.writes import WriteTransaction

_NL = ZoneInfo("Europe/Amsterdam")


def vandaag() -> date:
    """Today where TVS's users are: a date after it lies in the future."""
    return datetime.now(_NL).date()


def v_nummer_fout(v_nummer: str) -> dict[str, str]:
    return {} if identifiers.is_v_nummer(v_nummer) else {"vNummer": "een V-nummer heeft 10 cijfers"}


@dataclass(frozen=True)
class Persoon:
    soort: Literal["vergunninghouder", "nareiziger"]
    id: int
    v_nummer: str
    gemeente_id: int | None
    #: For a nareiziger: its referent, whom its notifications point to.
    referent_id: int | None = None

    @property
    def fk(self) -> dict[str, int]:
        """The foreign key to this person, for consent events and klantprofiel versions."""
        return {f"{self.soort}_id": self.id}

    @property
    def vergunninghouder_id(self) -> int | None:
        return self.id if self.soort == "vergunninghouder" else self.referent_id

    @property
    def nareiziger_id(self) -> int | None:
        return self.id if self.soort == "nareiziger" else None


async def persoon_voor_schrijven(
    ctx: Context, tx: WriteTransaction, v_nummer: str, *, alleen_nareiziger: bool = False
) -> Persoon:
    """The vergunninghouder or nareiziger with this V-nummer in the caller's scope; else NOT_FOUND."""
    models: tuple[Any, ...] = (Nareiziger,) if alleen_nareiziger else (Vergunninghouder, Nareiziger)
    for model in models:
        referent = model.referent_id if model is Nareiziger else sa.null()
        stmt = sa.select(model.id, model.gekoppelde_gemeente_id, referent.label("referent_id")).where(
            model.v_nummer == v_nummer, policy.scope(ctx.principal, model)
        )
        if tx.conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        row = (await tx.conn.execute(stmt)).first()
        if row is not None:
            soort: Literal["vergunninghouder", "nareiziger"] = (
                "nareiziger" if model is Nareiziger else "vergunninghouder"
            )
            return Persoon(soort, row.id, v_nummer, row.gekoppelde_gemeente_id, row.referent_id)
    raise NotFound("Nareiziger niet gevonden" if alleen_nareiziger else "Persoon niet gevonden")
