"""Loaders over the vergunninghouder table; every batch is limited to the principal's scope."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from db.enums import Fase, Geslacht
from db.models import Gemeente, Plaatsingseenheid
from db.models import Vergunninghouder as VH
from db.sql import binary_order, contains_ci, equals_ci, starts_with_ci
from gateway import identifiers, policy
from gateway.auth import Principal
from gateway.errors import ValidationFailed
from gateway.loaders.base import Loader, many_per_key, one_per_key
from gateway.resolvers.paging import (
    MAX_DATE,
    Ordering,
    Page,
    SortKey,
    count_per_parent,
    fetch_pages_per_parent,
)

#: The columns a Vergunninghouder object is made from (gateway/schema/vergunninghouder.py).
COLUMNS = (
    VH.id,
    VH.v_nummer,
    VH.bsn,
    VH.voornamen,
    VH.achternaam,
    VH.geslacht,
    VH.geboortedatum,
    VH.nationaliteit,
    VH.etniciteit,
    VH.fase,
    VH.gekoppelde_gemeente_id,
    VH.koppeldatum,
    VH.taakstelling_periode,
    VH.historisch,
    VH.geblokkeerd,
    VH.gesprek_gevoerd,
    VH.azc_naam,
    VH.azc_plaats,
    VH.plaatsingseenheid_id,
    VH.rolstoeltoegankelijk_nodig,
    VH.medische_urgentie,
    VH.plaatsingskenmerken_toelichting,
)


class VergunninghouderByIdLoader(Loader[int, Any]):
    async def load_batch(self, keys: list[int]) -> list[Any]:
        rows = await self.fetch(sa.select(*COLUMNS).where(VH.id.in_(keys), policy.scope(self.principal, VH)))
        return one_per_key(keys, rows, "id")


class VergunninghouderByVNummerLoader(Loader[str, Any]):
    async def load_batch(self, keys: list[str]) -> list[Any]:
        rows = await self.fetch(
            sa.select(*COLUMNS).where(VH.v_nummer.in_(keys), policy.scope(self.principal, VH))
        )
        return one_per_key(keys, rows, "v_nummer")


class LedenByPlaatsingseenheidLoader(Loader[int, list[Any]]):
    """The members of each plaatsingseenheid that are in scope, by achternaam."""

    async def load_batch(self, keys: list[int]) -> list[list[Any]]:
        rows = await self.fetch(
            sa.select(*COLUMNS)
            .where(VH.plaatsingseenheid_id.in_(keys), policy.scope(self.principal, VH))
            .order_by(VH.plaatsingseenheid_id, VH.geboortedatum.is_(None), VH.geboortedatum, VH.id)
        )
        return many_per_key(keys, rows, "plaatsingseenheid_id")


class AantalPersonenByPlaatsingseenheidLoader(Loader[int, int]):
    """Household size: every member counts (a household is linked to one gemeente as a unit)."""

    async def load_batch(self, keys: list[int]) -> list[int]:
        rows = await self.fetch(
            sa.select(VH.plaatsingseenheid_id, sa.func.count().label("n"))
            .where(VH.plaatsingseenheid_id.in_(keys))
            .group_by(VH.plaatsingseenheid_id)
        )
        counts = {r.plaatsingseenheid_id: r.n for r in rows}
        return [counts.get(k, 0) for k in keys]


@dataclass(frozen=True)
class VergunninghouderFilterArgs:
    """The filter as plain, hashable values (so loaders can batch on it)."""

    fase: tuple[Fase, ...] | None = None
    v_nummer: str | None = None
    bsn: str | None = None
    azc: str | None = None
    ple_nummer: str | None = None
    nationaliteit: str | None = None
    gekoppelde_gemeente: str | None = None
    achternaam: str | None = None
    etniciteit: str | None = None
    geslacht: Geslacht | None = None
    heeft_klantprofiel: bool | None = None
    historisch: bool | None = None
    gesprek_gevoerd: bool | None = None
    geblokkeerd: bool | None = None
    personen_van: int | None = None
    personen_tot_en_met: int | None = None

    @classmethod
    def from_input(cls, f: Any) -> VergunninghouderFilterArgs:
        if f is None:
            return cls()
        bereik = f.personen_in_ple
        return cls(
            fase=tuple(f.fase) if f.fase is not None else None,
            v_nummer=f.v_nummer,
            bsn=f.bsn,
            azc=f.azc,
            ple_nummer=f.ple_nummer,
            nationaliteit=f.nationaliteit,
            gekoppelde_gemeente=f.gekoppelde_gemeente,
            achternaam=f.achternaam,
            etniciteit=f.etniciteit,
            geslacht=f.geslacht,
            heeft_klantprofiel=f.heeft_klantprofiel,
            historisch=f.historisch,
            gesprek_gevoerd=f.gesprek_gevoerd,
            geblokkeerd=f.geblokkeerd,
            personen_van=bereik.van if bereik else None,
            personen_tot_en_met=bereik.tot_en_met if bereik else None,
        )


def _check(f: VergunninghouderFilterArgs) -> None:
    fouten: dict[str, str] = {}
    if f.v_nummer is not None and not identifiers.is_v_nummer(f.v_nummer):
        fouten["filter.vNummer"] = "een V-nummer heeft 10 cijfers"
    if f.bsn is not None and not identifiers.is_bsn(f.bsn):
        fouten["filter.bsn"] = "geen geldig BSN (elfproef)"
    if f.gekoppelde_gemeente is not None and not identifiers.is_cbs_gemeentecode(f.gekoppelde_gemeente):
        fouten["filter.gekoppeldeGemeente"] = "een CBS-gemeentecode, zoals GM0344"
    for veld, waarde in (("van", f.personen_van), ("totEnMet", f.personen_tot_en_met)):
        if waarde is not None and waarde < 0:
            fouten[f"filter.personenInPle.{veld}"] = "mag niet negatief zijn"
    if fouten:
        raise ValidationFailed(fouten)


def huishoudgrootte_sql() -> Any:
    """Members of the person's plaatsingseenheid; 1 for a person without one."""
    members = (
        sa.select(sa.func.count())
        .select_from(VH.__table__.alias("lid"))
        .where(sa.literal_column("lid.plaatsingseenheid_id") == VH.plaatsingseenheid_id)
        .scalar_subquery()
    )
    return sa.case((VH.plaatsingseenheid_id.is_(None), 1), else_=members)


def filter_clauses(principal: Principal, f: VergunninghouderFilterArgs) -> list[Any]:
    """The WHERE clauses of the filter. The scope is added by the callers, always."""
    _check(f)
    out: list[Any] = []
    if f.fase is not None:
        out.append(VH.fase.in_(f.fase))
    if f.v_nummer is not None:
        out.append(VH.v_nummer == f.v_nummer)
    if f.bsn is not None:
        out.append(VH.bsn == f.bsn)
    if f.azc is not None:
        out.append(contains_ci(VH.azc_naam, f.azc))
    if f.ple_nummer is not None:
        out.append(
            VH.plaatsingseenheid_id.in_(
                sa.select(Plaatsingseenheid.id).where(Plaatsingseenheid.ple_nummer == f.ple_nummer)
            )
        )
    if f.nationaliteit is not None:
        out.append(equals_ci(VH.nationaliteit, f.nationaliteit))
    if f.gekoppelde_gemeente is not None:
        out.append(
            VH.gekoppelde_gemeente_id.in_(
                sa.select(Gemeente.id).where(Gemeente.code == f.gekoppelde_gemeente)
            )
        )
    if f.achternaam:
        out.append(starts_with_ci(VH.achternaam, f.achternaam))
    if f.etniciteit is not None:
        out.append(equals_ci(VH.etniciteit, f.etniciteit))
    if f.geslacht is not None:
        out.append(VH.geslacht == f.geslacht)
    if f.heeft_klantprofiel is not None:
        beschikbaar = policy.klantprofiel_beschikbaar_sql(principal, VH)
        out.append(beschikbaar if f.heeft_klantprofiel else sa.not_(beschikbaar))
    for column, value in (
        (VH.historisch, f.historisch),
        (VH.gesprek_gevoerd, f.gesprek_gevoerd),
        (VH.geblokkeerd, f.geblokkeerd),
    ):
        if value is not None:
            out.append(column == value)
    if f.personen_van is not None:
        out.append(huishoudgrootte_sql() >= f.personen_van)
    if f.personen_tot_en_met is not None:
        out.append(huishoudgrootte_sql() <= f.personen_tot_en_met)
    return out


_SORT_KEYS = {
    "ACHTERNAAM": lambda: SortKey(binary_order(VH.achternaam)),
    "V_NUMMER": lambda: SortKey(VH.v_nummer),
    "KOPPELDATUM": lambda: SortKey(sa.func.coalesce(VH.koppeldatum, MAX_DATE), kind="date"),
    "GEBOORTEDATUM": lambda: SortKey(sa.func.coalesce(VH.geboortedatum, MAX_DATE), kind="date"),
}


def ordering(order_by: Sequence[tuple[str, bool]] | None) -> Ordering:
    """`order_by` as (veld, descending) pairs; default by achternaam. The id breaks ties."""
    pairs = list(order_by or [("ACHTERNAAM", False)])
    seen: set[str] = set()
    keys: list[SortKey] = []
    for veld, descending in pairs:
        if veld in seen:
            raise ValidationFailed({"orderBy": f"{veld} staat er twee keer in"})
        seen.add(veld)
        base = _SORT_KEYS[veld]()
        keys.append(SortKey(base.expr, descending, base.kind))
    keys.append(SortKey(VH.id, kind="int"))
    name = ",".join(f"{v}{'-' if d else '+'}" for v, d in pairs)
    return Ordering(name=name, keys=tuple(keys))


@dataclass(frozen=True)
class PageRequest:
    """The arguments of a paginated child list, hashable so a loader can batch on them."""

    filter: VergunninghouderFilterArgs
    order_by: tuple[tuple[str, bool], ...] | None
    first: int
    after: str | None


class VergunninghoudersByGemeenteLoader(Loader[tuple[int, PageRequest], Page]):
    """`Gemeente.vergunninghouders` for many gemeenten: one windowed statement per distinct request."""

    async def load_batch(self, keys: list[tuple[int, PageRequest]]) -> list[Page]:
        pages: dict[tuple[int, PageRequest], Page] = {}
        for req in {r for _, r in keys}:
            ids = [g for g, r in keys if r == req]
            where = [policy.scope(self.principal, VH), *filter_clauses(self.principal, req.filter)]
            found = await fetch_pages_per_parent(
                self.reader,
                COLUMNS,
                VH.gekoppelde_gemeente_id,
                ids,
                where,
                ordering(req.order_by),
                req.first,
                req.after,
            )
            for gid, page in found.items():
                pages[(gid, req)] = page
        return [pages[k] for k in keys]


class AantalVergunninghoudersByGemeenteLoader(Loader[tuple[int, VergunninghouderFilterArgs], int]):
    async def load_batch(self, keys: list[tuple[int, VergunninghouderFilterArgs]]) -> list[int]:
        counts: dict[tuple[int, VergunninghouderFilterArgs], int] = {}
        for f in {f for _, f in keys}:
            ids = [g for g, ff in keys if ff == f]
            where = [policy.scope(self.principal, VH), *filter_clauses(self.principal, f)]
            for gid, n in (
                await count_per_parent(self.reader, VH.gekoppelde_gemeente_id, ids, where)
            ).items():
                counts[(gid, f)] = n
        return [counts[k] for k in keys]
