"""Nareiziger: a family member still travelling (family reunification), with its referent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from db.enums import Gegevensgroep as G
from gateway.loaders.gemeente import GemeenteByIdLoader
from gateway.loaders.toestemming import ToestemmingByNareizigerLoader
from gateway.loaders.vergunninghouder import VergunninghouderByIdLoader
from gateway.resolvers import klantprofiel as kp_resolvers
from gateway.resolvers.paging import Page
from gateway.schema.audited import audited
from gateway.schema.directives import groep
from gateway.schema.enums import Geslacht, MvvStap, RelatieTotReferent, WoningcheckResultaat
from gateway.schema.node import Node, encode_id
from gateway.schema.pagination import PageInfo
from gateway.schema.vergunninghouder import Toestemming

if TYPE_CHECKING:
    from gateway.schema.gemeente import Gemeente
    from gateway.schema.klantprofiel import KlantprofielResultaat
    from gateway.schema.vergunninghouder import Vergunninghouder

Info_ = Info[Any, None]


@strawberry.type(directives=groep(G.BASIS))
class Nareiziger(Node):
    _audit_type = "Nareiziger"

    db_id: strawberry.Private[int]
    v_nummer: str
    voornamen: str
    achternaam: str
    geslacht: Geslacht  # type: ignore[valid-type]
    geboortedatum: dt.date | None = strawberry.field(directives=groep(G.BASIS))
    nationaliteit: str | None = strawberry.field(directives=groep(G.BASIS))
    relatie_tot_referent: RelatieTotReferent  # type: ignore[valid-type]
    mvv_stap: MvvStap  # type: ignore[valid-type]
    mvv_stap_sinds: dt.date
    woningcheck: WoningcheckResultaat  # type: ignore[valid-type]
    historisch: bool
    referent_id: strawberry.Private[int]
    gemeente_id: strawberry.Private[int | None]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return encode_id("Nareiziger", self.db_id)

    @strawberry.field(description="null where the referent is outside your scope", extensions=audited())
    async def referent(
        self, info: Info_
    ) -> Annotated[Vergunninghouder, strawberry.lazy("gateway.schema.vergunninghouder")] | None:
        from gateway.schema.vergunninghouder import Vergunninghouder

        row = await info.context.loaders.get(VergunninghouderByIdLoader).load(self.referent_id)
        return Vergunninghouder.from_row(row) if row else None

    @strawberry.field
    async def gekoppelde_gemeente(
        self, info: Info_
    ) -> Annotated[Gemeente, strawberry.lazy("gateway.schema.gemeente")] | None:
        if self.gemeente_id is None:
            return None
        from gateway.schema.gemeente import Gemeente

        return Gemeente.from_row(await info.context.loaders.get(GemeenteByIdLoader).load(self.gemeente_id))

    @strawberry.field
    async def toestemming(self, info: Info_) -> Toestemming:
        state = await info.context.loaders.get(ToestemmingByNareizigerLoader).load(self.db_id)
        return Toestemming.from_state(state)

    @strawberry.field(extensions=audited())
    async def klantprofiel(
        self, info: Info_
    ) -> Annotated[KlantprofielResultaat, strawberry.lazy("gateway.schema.klantprofiel")]:
        from gateway.schema.klantprofiel import resultaat

        return resultaat(await kp_resolvers.laatste(info.context, "nareiziger", self.db_id))

    @classmethod
    def from_row(cls, r: Any) -> Nareiziger:
        return cls(
            db_id=r.id,
            v_nummer=r.v_nummer,
            voornamen=r.voornamen,
            achternaam=r.achternaam,
            geslacht=r.geslacht,
            geboortedatum=r.geboortedatum,
            nationaliteit=r.nationaliteit,
            relatie_tot_referent=r.relatie_tot_referent,
            mvv_stap=r.mvv_stap,
            mvv_stap_sinds=r.mvv_stap_sinds,
            woningcheck=r.woningcheck,
            historisch=r.historisch,
            referent_id=r.referent_id,
            gemeente_id=r.gekoppelde_gemeente_id,
        )


@strawberry.input
class NareizigerFilter:
    mvv_stap: list[MvvStap] | None = None  # type: ignore[valid-type]
    gekoppelde_gemeente: str | None = None
    v_nummer: str | None = None
    v_nummer_referent: str | None = None
    historisch: bool | None = None
    woningcheck: list[WoningcheckResultaat] | None = None  # type: ignore[valid-type]


@strawberry.type
class NareizigerEdge:
    cursor: str
    node: Nareiziger


@strawberry.type
class NareizigerConnection:
    nodes: list[Nareiziger]
    page_info: PageInfo
    page: strawberry.Private[Page]
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field
    def edges(self) -> list[NareizigerEdge]:
        return [
            NareizigerEdge(cursor=c, node=n) for c, n in zip(self.page.cursors(), self.nodes, strict=True)
        ]

    @strawberry.field
    async def total_count(self) -> int:
        return await self.count()

    @classmethod
    def from_page(cls, page: Page, count: Callable[[], Awaitable[int]]) -> NareizigerConnection:
        nodes = [Nareiziger.from_row(r) for r in page.rows]
        return cls(
            nodes=nodes,
            page_info=PageInfo.of(page),
            page=page,
            count=count,
        )
