"""Gemeenten, their regions and taakstelling (reference data: readable by every role)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from db.enums import Gegevensgroep as G
from gateway.loaders.contactpersoon import ContactpersonenByGemeenteLoader
from gateway.loaders.gemeente import (
    ArbeidsmarktregioByIdLoader,
    GemeentenByArbeidsmarktregioLoader,
    GemeentenByUitplaatsingsregioLoader,
    RegievoerdersByUitplaatsingsregioLoader,
    UitplaatsingsregioByIdLoader,
)
from gateway.loaders.nareiziger import (
    AantalNareizigersByGemeenteLoader,
    NareizigerFilterArgs,
    NareizigerPageRequest,
    NareizigersByGemeenteLoader,
)
from gateway.loaders.taakstelling import GehuisvestByGemeenteLoader, TaakstellingByGemeenteLoader
from gateway.loaders.vergunninghouder import (
    AantalVergunninghoudersByGemeenteLoader,
    PageRequest,
    VergunninghouderFilterArgs,
    VergunninghoudersByGemeenteLoader,
)
from gateway.resolvers import taakstelling
from gateway.schema.audited import audited
from gateway.schema.directives import groep
from gateway.schema.node import Node, encode_id
from gateway.schema.pagination import check_first

if TYPE_CHECKING:
    from gateway.schema.contactpersoon import Contactpersoon
    from gateway.schema.nareiziger import NareizigerConnection, NareizigerFilter
    from gateway.schema.vergunninghouder import (
        VergunninghouderConnection,
        VergunninghouderFilter,
        VergunninghouderSortering,
    )

Info_ = Info[Any, None]


@strawberry.type
class Arbeidsmarktregio(Node):
    db_id: strawberry.Private[int]
    code: str
    naam: str

    @strawberry.field
    def id(self) -> strawberry.ID:
        return encode_id("Arbeidsmarktregio", self.db_id)

    @strawberry.field
    async def gemeenten(self, info: Info_) -> list[Gemeente]:
        rows = await info.context.loaders.get(GemeentenByArbeidsmarktregioLoader).load(self.db_id)
        return [Gemeente.from_row(r) for r in rows]

    @classmethod
    def from_row(cls, r: Any) -> Arbeidsmarktregio:
        return cls(db_id=r.id, code=r.code, naam=r.naam)


@strawberry.type
class Regievoerder:
    naam: str
    email: str
    telefoonnummer: str | None


@strawberry.type
class Uitplaatsingsregio(Node):
    db_id: strawberry.Private[int]
    naam: str

    @strawberry.field
    def id(self) -> strawberry.ID:
        return encode_id("Uitplaatsingsregio", self.db_id)

    @strawberry.field
    async def regievoerders(self, info: Info_) -> list[Regievoerder]:
        rows = await info.context.loaders.get(RegievoerdersByUitplaatsingsregioLoader).load(self.db_id)
        return [Regievoerder(naam=r.naam, email=r.email, telefoonnummer=r.telefoonnummer) for r in rows]

    @strawberry.field
    async def gemeenten(self, info: Info_) -> list[Gemeente]:
        rows = await info.context.loaders.get(GemeentenByUitplaatsingsregioLoader).load(self.db_id)
        return [Gemeente.from_row(r) for r in rows]

    @classmethod
    def from_row(cls, r: Any) -> Uitplaatsingsregio:
        return cls(db_id=r.id, naam=r.naam)


@strawberry.type(description="Half-year housing quota of a gemeente. periode is '2026-H2'.")
class Taakstelling:
    periode: str
    opgave: int
    gerealiseerd: int
    achterstand_vorige_periode: int
    nog_te_huisvesten: int


@strawberry.type
class Gemeente(Node):
    db_id: strawberry.Private[int]
    code: str
    naam: str
    arbeidsmarktregio_id: strawberry.Private[int]
    uitplaatsingsregio_id: strawberry.Private[int]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return encode_id("Gemeente", self.db_id)

    @strawberry.field
    async def arbeidsmarktregio(self, info: Info_) -> Arbeidsmarktregio:
        row = await info.context.loaders.get(ArbeidsmarktregioByIdLoader).load(self.arbeidsmarktregio_id)
        return Arbeidsmarktregio.from_row(row)

    @strawberry.field
    async def uitplaatsingsregio(self, info: Info_) -> Uitplaatsingsregio:
        row = await info.context.loaders.get(UitplaatsingsregioByIdLoader).load(self.uitplaatsingsregio_id)
        return Uitplaatsingsregio.from_row(row)

    @strawberry.field
    async def taakstelling(self, info: Info_, periode: str | None = None) -> list[Taakstelling]:
        loaders = info.context.loaders
        opgaven = await loaders.get(TaakstellingByGemeenteLoader).load(self.db_id)
        gehuisvest = await loaders.get(GehuisvestByGemeenteLoader).load(self.db_id)
        return [
            Taakstelling(**vars(c))
            for c in taakstelling.bereken(opgaven, gehuisvest)
            if periode is None or c.periode == periode
        ]

    @strawberry.field(directives=groep(G.CONTACTGEGEVENS))
    async def contactpersonen(
        self, info: Info_
    ) -> list[Annotated[Contactpersoon, strawberry.lazy("gateway.schema.contactpersoon")]]:
        from gateway.schema.contactpersoon import Contactpersoon

        rows = await info.context.loaders.get(ContactpersonenByGemeenteLoader).load(self.db_id)
        return [Contactpersoon.from_row(r) for r in rows]

    @strawberry.field(extensions=audited())
    async def vergunninghouders(
        self,
        info: Info_,
        filter: Annotated[VergunninghouderFilter, strawberry.lazy("gateway.schema.vergunninghouder")]
        | None = None,
        order_by: list[
            Annotated[VergunninghouderSortering, strawberry.lazy("gateway.schema.vergunninghouder")]
        ]
        | None = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> Annotated[VergunninghouderConnection, strawberry.lazy("gateway.schema.vergunninghouder")]:
        from gateway.schema.vergunninghouder import VergunninghouderConnection, sort_pairs

        f = VergunninghouderFilterArgs.from_input(filter)
        request = PageRequest(
            f, sort_pairs(order_by), check_first(first, info.context.settings.max_page_size), after
        )
        loaders = info.context.loaders
        page = await loaders.get(VergunninghoudersByGemeenteLoader).load((self.db_id, request))

        async def count() -> int:
            return int(await loaders.get(AantalVergunninghoudersByGemeenteLoader).load((self.db_id, f)))

        return VergunninghouderConnection.from_page(page, count)

    @strawberry.field(directives=groep(G.BASIS), extensions=audited())
    async def nareizigers(
        self,
        info: Info_,
        filter: Annotated[NareizigerFilter, strawberry.lazy("gateway.schema.nareiziger")] | None = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> Annotated[NareizigerConnection, strawberry.lazy("gateway.schema.nareiziger")]:
        from gateway.schema.nareiziger import NareizigerConnection

        f = NareizigerFilterArgs.from_input(filter)
        request = NareizigerPageRequest(f, check_first(first, info.context.settings.max_page_size), after)
        loaders = info.context.loaders
        page = await loaders.get(NareizigersByGemeenteLoader).load((self.db_id, request))

        async def count() -> int:
            return int(await loaders.get(AantalNareizigersByGemeenteLoader).load((self.db_id, f)))

        return NareizigerConnection.from_page(page, count)

    @classmethod
    def from_row(cls, r: Any) -> Gemeente:
        return cls(
            db_id=r.id,
            code=r.code,
            naam=r.naam,
            arbeidsmarktregio_id=r.arbeidsmarktregio_id,
            uitplaatsingsregio_id=r.uitplaatsingsregio_id,
        )
