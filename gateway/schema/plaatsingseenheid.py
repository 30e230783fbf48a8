"""Plaatsingseenheid: a household placed together, with huurcontract and forms (HUISVESTING)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from db.enums import FormulierSoort as Soort
from db.enums import Gegevensgroep as G
from db.enums import KlantprofielReden
from gateway import policy
from gateway.loaders.gemeente import GemeenteByIdLoader
from gateway.loaders.plaatsingseenheid import (
    FormulierenByPlaatsingseenheidLoader,
    HuurcontractByPlaatsingseenheidLoader,
)
from gateway.loaders.vergunninghouder import (
    AantalPersonenByPlaatsingseenheidLoader,
    LedenByPlaatsingseenheidLoader,
)
from gateway.resolvers import klantprofiel as kp_resolvers
from gateway.schema.audited import audited
from gateway.schema.common import Adres
from gateway.schema.directives import groep
from gateway.schema.enums import FormulierSoort
from gateway.schema.node import Node, encode_id

if TYPE_CHECKING:
    from gateway.schema.gemeente import Gemeente
    from gateway.schema.vergunninghouder import Vergunninghouder

Info_ = Info[Any, None]


@strawberry.type
class Huurcontract:
    adres: Adres
    ingangsdatum: dt.date
    verhuurder: str


@strawberry.type
class Formulier:
    soort: FormulierSoort  # type: ignore[valid-type]
    naam: str
    beschrijving: str
    download_url: str | None = strawberry.field(
        description="null where the form is not (yet) available to you"
    )


@strawberry.type(directives=groep(G.HUISVESTING))
class Plaatsingseenheid(Node):
    _audit_type = "Plaatsingseenheid"

    db_id: strawberry.Private[int]
    ple_nummer: str
    gemeente_id: strawberry.Private[int | None]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return encode_id("Plaatsingseenheid", self.db_id)

    @strawberry.field
    async def gekoppelde_gemeente(
        self, info: Info_
    ) -> Annotated[Gemeente, strawberry.lazy("gateway.schema.gemeente")] | None:
        if self.gemeente_id is None:
            return None
        from gateway.schema.gemeente import Gemeente

        return Gemeente.from_row(await info.context.loaders.get(GemeenteByIdLoader).load(self.gemeente_id))

    @strawberry.field
    async def aantal_personen(self, info: Info_) -> int:
        return int(await info.context.loaders.get(AantalPersonenByPlaatsingseenheidLoader).load(self.db_id))

    @strawberry.field(description="Members in your scope.", extensions=audited())
    async def leden(
        self, info: Info_
    ) -> list[Annotated[Vergunninghouder, strawberry.lazy("gateway.schema.vergunninghouder")]]:
        from gateway.schema.vergunninghouder import Vergunninghouder

        rows = await info.context.loaders.get(LedenByPlaatsingseenheidLoader).load(self.db_id)
        return [Vergunninghouder.from_row(r) for r in rows]

    @strawberry.field
    async def huurcontract(self, info: Info_) -> Huurcontract | None:
        r = await info.context.loaders.get(HuurcontractByPlaatsingseenheidLoader).load(self.db_id)
        if r is None:
            return None
        adres = Adres(
            straat=r.straat,
            huisnummer=r.huisnummer,
            toevoeging=r.toevoeging,
            postcode=r.postcode,
            plaats=r.plaats,
        )
        return Huurcontract(adres=adres, ingangsdatum=r.ingangsdatum, verhuurder=r.verhuurder)

    @strawberry.field
    async def formulieren(self, info: Info_) -> list[Formulier]:
        ctx = info.context
        base = ctx.settings.public_url.rstrip("/")
        beschikbaar = policy.formulier_beschikbaar(ctx.principal, self.gemeente_id is not None)
        out = [
            Formulier(
                soort=r.soort,
                naam=r.naam,
                beschrijving=r.beschrijving,
                download_url=f"{base}/plaatsingseenheden/{self.ple_nummer}/formulieren/{r.soort.value}"
                if beschikbaar
                else None,
            )
            for r in await ctx.loaders.get(FormulierenByPlaatsingseenheidLoader).load(self.db_id)
        ]
        # The klantprofiel form: one per member in scope, under the consent rule.
        leden = await ctx.loaders.get(LedenByPlaatsingseenheidLoader).load(self.db_id)
        profielen = await asyncio.gather(
            *(kp_resolvers.laatste(ctx, "vergunninghouder", lid.id) for lid in leden)
        )
        for lid, kp in zip(leden, profielen, strict=True):
            available = not isinstance(kp, KlantprofielReden)
            versie = None if isinstance(kp, KlantprofielReden) else kp.versie
            out.append(
                Formulier(
                    soort=Soort.KLANTPROFIEL,
                    naam="Klantprofiel",
                    beschrijving=f"Dit is het klantprofiel van {lid.voornamen} {lid.achternaam}."
                    if available
                    else f"Nog geen klantprofiel beschikbaar ({lid.voornamen} {lid.achternaam}).",
                    download_url=f"{base}/klantprofielen/{lid.v_nummer}.pdf?versie={versie}"
                    if available
                    else None,
                )
            )
        return out

    @classmethod
    def from_row(cls, r: Any) -> Plaatsingseenheid:
        return cls(db_id=r.id, ple_nummer=r.ple_nummer, gemeente_id=r.gekoppelde_gemeente_id)
