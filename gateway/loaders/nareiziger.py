"""Loaders over the nareiziger table; every batch is limited to the principal's scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from db.enums import MvvStap, WoningcheckResultaat
from db.models import Gemeente, Nareiziger, Vergunninghouder
from db.sql import binary_order
from gateway import identifiers, policy
from gateway.auth import Principal
from gateway.errors import ValidationFailed
from gateway.loaders.base import Loader, many_per_key, one_per_key
from gateway.resolvers.paging import Ordering, Page, SortKey, count_per_parent, fetch_pages_per_parent

COLUMNS = (
    Nareiziger.id,
    Nareiziger.v_nummer,
    Nareiziger.voornamen,
    Nareiziger.achternaam,
    Nareiziger.geslacht,
    Nareiziger.geboortedatum,
    Nareiziger.nationaliteit,
    Nareiziger.relatie_tot_referent,
    Nareiziger.referent_id,
    Nareiziger.gekoppelde_gemeente_id,
    Nareiziger.mvv_stap,
    Nareiziger.mvv_stap_sinds,
    Nareiziger.woningcheck,
    Nareiziger.historisch,
)

#: Nareizigers are listed by achternaam; the id breaks ties.
ORDERING = Ordering(
    name="ACHTERNAAM+",
    keys=(SortKey(binary_order(Nareiziger.achternaam)), SortKey(Nareiziger.id, kind="int")),
)


@dataclass(frozen=True)
class NareizigerFilterArgs:
    mvv_stap: tuple[MvvStap, ...] | None = None
    gekoppelde_gemeente: str | None = None
    v_nummer: str | None = None
    v_nummer_referent: str | None = None
    historisch: bool | None = None
    woningcheck: tuple[WoningcheckResultaat, ...] | None = None

    @classmethod
    def from_input(cls, f: Any) -> NareizigerFilterArgs:
        if f is None:
            return cls()
        return cls(
            mvv_stap=tuple(f.mvv_stap) if f.mvv_stap is not None else None,
            gekoppelde_gemeente=f.gekoppelde_gemeente,
            v_nummer=f.v_nummer,
            v_nummer_referent=f.v_nummer_referent,
            historisch=f.historisch,
            woningcheck=tuple(f.woningcheck) if f.woningcheck is not None else None,
        )


def filter_clauses(principal: Principal, f: NareizigerFilterArgs) -> list[Any]:
    fouten: dict[str, str] = {}
    for veld, waarde in (("vNummer", f.v_nummer), ("vNummerReferent", f.v_nummer_referent)):
        if waarde is not None and not identifiers.is_v_nummer(waarde):
            fouten[f"filter.{veld}"] = "een V-nummer heeft 10 cijfers"
    if f.gekoppelde_gemeente is not None and not identifiers.is_cbs_gemeentecode(f.gekoppelde_gemeente):
        fouten["filter.gekoppeldeGemeente"] = "een CBS-gemeentecode, zoals GM0344"
    if fouten:
        raise ValidationFailed(fouten)
    out: list[Any] = []
    if f.mvv_stap is not None:
        out.append(Nareiziger.mvv_stap.in_(f.mvv_stap))
    if f.woningcheck is not None:
        out.append(Nareiziger.woningcheck.in_(f.woningcheck))
    if f.gekoppelde_gemeente is not None:
        out.append(
            Nareiziger.gekoppelde_gemeente_id.in_(
                sa.select(Gemeente.id).where(Gemeente.code == f.gekoppelde_gemeente)
            )
        )
    if f.v_nummer is not None:
        out.append(Nareiziger.v_nummer == f.v_nummer)
    if f.v_nummer_referent is not None:
        # Only referents the reader may see: a filter must not tell what a lookup would not.
        out.append(
            Nareiziger.referent_id.in_(
                sa.select(Vergunninghouder.id).where(
                    Vergunninghouder.v_nummer == f.v_nummer_referent,
                    policy.scope(principal, Vergunninghouder),
                )
            )
        )
    if f.historisch is not None:
        out.append(Nareiziger.historisch == f.historisch)
    return out


class NareizigerByIdLoader(Loader[int, Any]):
    async def load_batch(self, keys: list[int]) -> list[Any]:
        rows = await self.fetch(
            sa.select(*COLUMNS).where(Nareiziger.id.in_(keys), policy.scope(self.principal, Nareiziger))
        )
        return one_per_key(keys, rows, "id")


class NareizigerByVNummerLoader(Loader[str, Any]):
    async def load_batch(self, keys: list[str]) -> list[Any]:
        rows = await self.fetch(
            sa.select(*COLUMNS).where(Nareiziger.v_nummer.in_(keys), policy.scope(self.principal, Nareiziger))
        )
        return one_per_key(keys, rows, "v_nummer")


class NareizigersByReferentLoader(Loader[int, list[Any]]):
    async def load_batch(self, keys: list[int]) -> list[list[Any]]:
        rows = await self.fetch(
            sa.select(*COLUMNS)
            .where(Nareiziger.referent_id.in_(keys), policy.scope(self.principal, Nareiziger))
            .order_by(Nareiziger.referent_id, Nareiziger.id)
        )
        return many_per_key(keys, rows, "referent_id")


@dataclass(frozen=True)
class NareizigerPageRequest:
    filter: NareizigerFilterArgs
    first: int
    after: str | None


class NareizigersByGemeenteLoader(Loader[tuple[int, NareizigerPageRequest], Page]):
    async def load_batch(self, keys: list[tuple[int, NareizigerPageRequest]]) -> list[Page]:
        pages: dict[tuple[int, NareizigerPageRequest], Page] = {}
        for req in {r for _, r in keys}:
            ids = [g for g, r in keys if r == req]
            where = [policy.scope(self.principal, Nareiziger), *filter_clauses(self.principal, req.filter)]
            found = await fetch_pages_per_parent(
                self.reader,
                COLUMNS,
                Nareiziger.gekoppelde_gemeente_id,
                ids,
                where,
                ORDERING,
                req.first,
                req.after,
            )
            for gid, page in found.items():
                pages[(gid, req)] = page
        return [pages[k] for k in keys]


class AantalNareizigersByGemeenteLoader(Loader[tuple[int, NareizigerFilterArgs], int]):
    async def load_batch(self, keys: list[tuple[int, NareizigerFilterArgs]]) -> list[int]:
        counts: dict[tuple[int, NareizigerFilterArgs], int] = {}
        for f in {f for _, f in keys}:
            ids = [g for g, ff in keys if ff == f]
            where = [policy.scope(self.principal, Nareiziger), *filter_clauses(self.principal, f)]
            for gid, n in (
                await count_per_parent(self.reader, Nareiziger.gekoppelde_gemeente_id, ids, where)
            ).items():
                counts[(gid, f)] = n
        return [counts[k] for k in keys]
