"""Vergunninghouder: the person with a residence permit, as a gemeente sees it in TVS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from db.enums import Gegevensgroep as G
from gateway.loaders.gemeente import GemeenteByIdLoader
from gateway.loaders.nareiziger import NareizigersByReferentLoader
from gateway.loaders.plaatsingseenheid import PlaatsingseenheidByIdLoader
from gateway.loaders.toestemming import ToestemmingByVergunninghouderLoader
from gateway.loaders.vergunninghouder import AantalPersonenByPlaatsingseenheidLoader
from gateway.resolvers import klantprofiel as kp_resolvers
from gateway.resolvers.paging import Page
from gateway.schema.audited import audited
from gateway.schema.common import IntBereik
from gateway.schema.directives import groep
from gateway.schema.enums import (
    Fase,
    Geslacht,
    Sorteerrichting,
    ToestemmingStatus,
    VergunninghouderSorteerveld,
)
from gateway.schema.node import Node, encode_id
from gateway.schema.pagination import PageInfo

if TYPE_CHECKING:
    from gateway.schema.gemeente import Gemeente
    from gateway.schema.klantprofiel import Klantprofiel, KlantprofielResultaat
    from gateway.schema.nareiziger import Nareiziger
    from gateway.schema.plaatsingseenheid import Plaatsingseenheid

Info_ = Info[Any, None]
GemeenteRef = Annotated["Gemeente", strawberry.lazy("gateway.schema.gemeente")]


@strawberry.type
class Azc:
    naam: str
    plaats: str


@strawberry.type
class Koppeling:
    koppeldatum: dt.date
    taakstelling_periode: str
    gemeente_id: strawberry.Private[int]

    @strawberry.field
    async def gemeente(self, info: Info_) -> GemeenteRef:
        from gateway.schema.gemeente import Gemeente

        return Gemeente.from_row(await info.context.loaders.get(GemeenteByIdLoader).load(self.gemeente_id))


@strawberry.type
class Plaatsingskenmerken:
    huishoudgrootte: int
    rolstoeltoegankelijk_nodig: bool
    medische_urgentie: bool | None = strawberry.field(directives=groep(G.BIJZONDER))
    toelichting: str | None = strawberry.field(directives=groep(G.BIJZONDER))


@strawberry.type
class Toestemming:
    status: ToestemmingStatus  # type: ignore[valid-type]
    ondertekend_op: dt.date | None
    ingetrokken_op: dt.date | None

    @classmethod
    def from_state(cls, state: Any) -> Toestemming:
        return cls(
            status=state.status, ondertekend_op=state.ondertekend_op, ingetrokken_op=state.ingetrokken_op
        )


@strawberry.type
class Vergunninghouder(Node):
    _audit_type = "Vergunninghouder"

    db_id: strawberry.Private[int]
    v_nummer: str
    voornamen: str
    achternaam: str
    geslacht: Geslacht  # type: ignore[valid-type]
    bsn: str | None = strawberry.field(directives=groep(G.BSN))
    geboortedatum: dt.date | None = strawberry.field(directives=groep(G.BASIS))
    nationaliteit: str | None = strawberry.field(directives=groep(G.BASIS))
    etniciteit: str | None = strawberry.field(directives=groep(G.BIJZONDER))
    fase: Fase  # type: ignore[valid-type]
    historisch: bool = strawberry.field(
        description="already housed: no longer current for the gemeente's koppeling"
    )
    geblokkeerd: bool
    gesprek_gevoerd: bool
    gemeente_id: strawberry.Private[int | None]
    koppeldatum: strawberry.Private[dt.date | None]
    taakstelling_periode: strawberry.Private[str | None]
    azc_naam: strawberry.Private[str | None]
    azc_plaats: strawberry.Private[str | None]
    plaatsingseenheid_id: strawberry.Private[int | None]
    rolstoeltoegankelijk_nodig: strawberry.Private[bool]
    medische_urgentie: strawberry.Private[bool | None]
    plaatsingskenmerken_toelichting: strawberry.Private[str | None]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return encode_id("Vergunninghouder", self.db_id)

    @strawberry.field
    async def gekoppelde_gemeente(self, info: Info_) -> GemeenteRef | None:
        if self.gemeente_id is None:
            return None
        from gateway.schema.gemeente import Gemeente

        return Gemeente.from_row(await info.context.loaders.get(GemeenteByIdLoader).load(self.gemeente_id))

    @strawberry.field
    def koppeling(self) -> Koppeling | None:
        if self.gemeente_id is None or self.koppeldatum is None:
            return None
        return Koppeling(
            koppeldatum=self.koppeldatum,
            taakstelling_periode=self.taakstelling_periode or "",
            gemeente_id=self.gemeente_id,
        )

    @strawberry.field(directives=groep(G.HUISVESTING))
    def azc(self) -> Azc | None:
        if self.azc_naam is None:
            return None
        return Azc(naam=self.azc_naam, plaats=self.azc_plaats or "")

    @strawberry.field(directives=groep(G.HUISVESTING), extensions=audited())
    async def plaatsingseenheid(
        self, info: Info_
    ) -> Annotated[Plaatsingseenheid, strawberry.lazy("gateway.schema.plaatsingseenheid")] | None:
        if self.plaatsingseenheid_id is None:
            return None
        from gateway.schema.plaatsingseenheid import Plaatsingseenheid

        row = await info.context.loaders.get(PlaatsingseenheidByIdLoader).load(self.plaatsingseenheid_id)
        return Plaatsingseenheid.from_row(row) if row else None

    @strawberry.field(directives=groep(G.HUISVESTING))
    async def plaatsingskenmerken(self, info: Info_) -> Plaatsingskenmerken:
        grootte = 1
        if self.plaatsingseenheid_id is not None:
            loader = info.context.loaders.get(AantalPersonenByPlaatsingseenheidLoader)
            grootte = await loader.load(self.plaatsingseenheid_id)
        return Plaatsingskenmerken(
            huishoudgrootte=grootte,
            rolstoeltoegankelijk_nodig=self.rolstoeltoegankelijk_nodig,
            medische_urgentie=self.medische_urgentie,
            toelichting=self.plaatsingskenmerken_toelichting,
        )

    @strawberry.field
    async def toestemming(self, info: Info_) -> Toestemming:
        state = await info.context.loaders.get(ToestemmingByVergunninghouderLoader).load(self.db_id)
        return Toestemming.from_state(state)

    @strawberry.field(
        description="The latest klantprofiel sent to TVS, or why there is none for you.", extensions=audited()
    )
    async def klantprofiel(
        self, info: Info_
    ) -> Annotated[KlantprofielResultaat, strawberry.lazy("gateway.schema.klantprofiel")]:
        from gateway.schema.klantprofiel import resultaat

        return resultaat(await kp_resolvers.laatste(info.context, "vergunninghouder", self.db_id))

    @strawberry.field(
        description="Every version sent, newest first; empty where klantprofiel is not available to you.",
        extensions=audited(),
    )
    async def klantprofiel_versies(
        self, info: Info_
    ) -> list[Annotated[Klantprofiel, strawberry.lazy("gateway.schema.klantprofiel")]]:
        from gateway.schema.klantprofiel import Klantprofiel

        rows = await kp_resolvers.alle(info.context, "vergunninghouder", self.db_id)
        return [Klantprofiel.from_row(r) for r in rows]

    @strawberry.field(directives=groep(G.BASIS), extensions=audited())
    async def nareizigers(
        self, info: Info_
    ) -> list[Annotated[Nareiziger, strawberry.lazy("gateway.schema.nareiziger")]]:
        from gateway.schema.nareiziger import Nareiziger

        rows = await info.context.loaders.get(NareizigersByReferentLoader).load(self.db_id)
        return [Nareiziger.from_row(r) for r in rows]

    @classmethod
    def from_row(cls, r: Any) -> Vergunninghouder:
        return cls(
            db_id=r.id,
            v_nummer=r.v_nummer,
            voornamen=r.voornamen,
            achternaam=r.achternaam,
            geslacht=r.geslacht,
            bsn=r.bsn,
            geboortedatum=r.geboortedatum,
            nationaliteit=r.nationaliteit,
            etniciteit=r.etniciteit,
            fase=r.fase,
            historisch=r.historisch,
            geblokkeerd=r.geblokkeerd,
            gesprek_gevoerd=r.gesprek_gevoerd,
            gemeente_id=r.gekoppelde_gemeente_id,
            koppeldatum=r.koppeldatum,
            taakstelling_periode=r.taakstelling_periode,
            azc_naam=r.azc_naam,
            azc_plaats=r.azc_plaats,
            plaatsingseenheid_id=r.plaatsingseenheid_id,
            rolstoeltoegankelijk_nodig=r.rolstoeltoegankelijk_nodig,
            medische_urgentie=r.medische_urgentie,
            plaatsingskenmerken_toelichting=r.plaatsingskenmerken_toelichting,
        )


# --- filter, ordering, connection ------------------------------------------------------------------


@strawberry.input
class VergunninghouderFilter:
    fase: list[Fase] | None = None  # type: ignore[valid-type]
    v_nummer: str | None = None
    bsn: str | None = strawberry.field(default=None, directives=groep(G.BSN))
    azc: str | None = strawberry.field(default=None, directives=groep(G.HUISVESTING))
    ple_nummer: str | None = strawberry.field(default=None, directives=groep(G.HUISVESTING))
    nationaliteit: str | None = strawberry.field(default=None, directives=groep(G.BASIS))
    gekoppelde_gemeente: str | None = strawberry.field(default=None, description="CBS code")
    achternaam: str | None = strawberry.field(default=None, description="case-insensitive prefix")
    etniciteit: str | None = strawberry.field(default=None, directives=groep(G.BIJZONDER))
    geslacht: Geslacht | None = None  # type: ignore[valid-type]
    heeft_klantprofiel: bool | None = strawberry.field(
        default=None, description="true: a klantprofiel is available to you; false: it is not; null: both"
    )
    historisch: bool | None = None
    gesprek_gevoerd: bool | None = None
    geblokkeerd: bool | None = None
    personen_in_ple: IntBereik | None = strawberry.field(default=None, directives=groep(G.HUISVESTING))


@strawberry.input
class VergunninghouderSortering:
    veld: VergunninghouderSorteerveld
    richting: Sorteerrichting | None = Sorteerrichting.OPLOPEND


def sort_pairs(order_by: list[VergunninghouderSortering] | None) -> tuple[tuple[str, bool], ...] | None:
    if not order_by:
        return None
    return tuple((s.veld.value, s.richting is Sorteerrichting.AFLOPEND) for s in order_by)


@strawberry.type
class VergunninghouderEdge:
    cursor: str
    node: Vergunninghouder


@strawberry.type
class VergunninghouderConnection:
    nodes: list[Vergunninghouder]
    page_info: PageInfo
    page: strawberry.Private[Page]
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field
    def edges(self) -> list[VergunninghouderEdge]:
        return [
            VergunninghouderEdge(cursor=c, node=n)
            for c, n in zip(self.page.cursors(), self.nodes, strict=True)
        ]

    @strawberry.field
    async def total_count(self) -> int:
        return await self.count()

    @classmethod
    def from_page(cls, page: Page, count: Callable[[], Awaitable[int]]) -> VergunninghouderConnection:
        nodes = [Vergunninghouder.from_row(r) for r in page.rows]
        return cls(
            nodes=nodes,
            page_info=PageInfo.of(page),
            page=page,
            count=count,
        )
