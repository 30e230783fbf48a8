"""Taakstelling per gemeente: the opgave set per half year, and who was housed when.

These are aggregates per gemeente (as gemeenten publish them), not personal data: they count
every person housed in the gemeente, whoever reads them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from db.models import Nareiziger, Taakstelling, Vergunninghouder
from gateway.loaders.base import Loader, many_per_key


class TaakstellingByGemeenteLoader(Loader[int, list[Any]]):
    async def load_batch(self, keys: list[int]) -> list[list[Any]]:
        rows = await self.fetch(
            sa.select(Taakstelling.gemeente_id, Taakstelling.periode, Taakstelling.opgave)
            .where(Taakstelling.gemeente_id.in_(keys))
            .order_by(Taakstelling.gemeente_id, Taakstelling.periode)
        )
        return many_per_key(keys, rows, "gemeente_id")


def _gehuisvest_per_periode(model: Any, keys: list[int]) -> sa.Select[Any]:
    jaar = sa.extract("year", model.gehuisvest_op)
    helft = sa.case((sa.extract("month", model.gehuisvest_op) <= 6, 1), else_=2)
    return (
        sa.select(
            model.gekoppelde_gemeente_id.label("gemeente_id"),
            jaar.label("jaar"),
            helft.label("helft"),
            sa.func.count().label("n"),
        )
        .where(model.gekoppelde_gemeente_id.in_(keys), model.gehuisvest_op.is_not(None))
        .group_by(model.gekoppelde_gemeente_id, jaar, helft)
    )


class GehuisvestByGemeenteLoader(Loader[int, dict[str, int]]):
    """People housed per half year ('2026-H2'), nareizigers included."""

    async def load_batch(self, keys: list[int]) -> list[dict[str, int]]:
        stmt = sa.union_all(
            _gehuisvest_per_periode(Vergunninghouder, keys), _gehuisvest_per_periode(Nareiziger, keys)
        )
        per_gemeente: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for r in await self.fetch(stmt):
            per_gemeente[r.gemeente_id][f"{int(r.jaar)}-H{int(r.helft)}"] += r.n
        return [dict(per_gemeente.get(k, {})) for k in keys]
