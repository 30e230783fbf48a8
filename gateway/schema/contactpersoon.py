"""Contactpersoon: a gemeente's contact in TVS (tab 'Profiel'), CONTACTGEGEVENS."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from db.enums import Gegevensgroep as G
from gateway.loaders.gemeente import GemeenteByIdLoader
from gateway.schema.common import Adres
from gateway.schema.directives import groep
from gateway.schema.enums import Geslacht, Organisatietype
from gateway.schema.node import Node, encode_id

if TYPE_CHECKING:
    from gateway.schema.gemeente import Gemeente


@strawberry.type
class NotificatieInstellingen:
    algemeen: bool
    woningcheck: bool
    mvv_proces: bool
    klantprofiel: bool


@strawberry.type(directives=groep(G.CONTACTGEGEVENS))
class Contactpersoon(Node):
    db_id: strawberry.Private[int]
    naam: str
    gebruikersnaam: str | None = strawberry.field(description="login name (e-mail) where magInloggen")
    telefoonnummer: str | None
    faxnummer: str | None
    email: str
    geslacht: Geslacht | None  # type: ignore[valid-type]
    organisatietype: Organisatietype  # type: ignore[valid-type]
    organisatie: str
    adres: Adres | None
    notificaties: NotificatieInstellingen
    mag_inloggen: bool
    beheerder: bool = strawberry.field(
        description="Manages the gemeente's contactpersonen (GEMEENTE_BEHEERDER)."
    )
    ontvangt_voordrachten: bool
    grondslag: str | None = strawberry.field(
        description="Legal basis recorded by the gemeente when the contact belongs to another organisation."
    )
    toegevoegd_op: dt.datetime
    gemeente_id: strawberry.Private[int]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return encode_id("Contactpersoon", self.db_id)

    @strawberry.field
    async def gemeente(
        self, info: Info[Any, None]
    ) -> Annotated[Gemeente, strawberry.lazy("gateway.schema.gemeente")]:
        from gateway.schema.gemeente import Gemeente

        return Gemeente.from_row(await info.context.loaders.get(GemeenteByIdLoader).load(self.gemeente_id))

    @classmethod
    def from_row(cls, r: Any) -> Contactpersoon:
        return cls(
            db_id=r.id,
            naam=r.naam,
            gebruikersnaam=r.account_gebruikersnaam if r.mag_inloggen else None,
            telefoonnummer=r.telefoonnummer,
            faxnummer=r.faxnummer,
            email=r.email,
            geslacht=r.geslacht,
            organisatietype=r.organisatietype,
            organisatie=r.organisatie,
            adres=Adres.from_row(r),
            notificaties=NotificatieInstellingen(
                algemeen=r.notificatie_algemeen,
                woningcheck=r.notificatie_woningcheck,
                mvv_proces=r.notificatie_mvv_proces,
                klantprofiel=r.notificatie_klantprofiel,
            ),
            mag_inloggen=r.mag_inloggen,
            beheerder=r.beheerder,
            ontvangt_voordrachten=r.ontvangt_voordrachten,
            grondslag=r.grondslag,
            toegevoegd_op=r.toegevoegd_op,
            gemeente_id=r.gemeente_id,
        )


# --- inputs --------------------------------------------------------------------------------------

BEHEERDER = "With magInloggen: the contact manages the gemeente's contactpersonen (GEMEENTE_BEHEERDER)."


@strawberry.input
class AdresInput:
    straat: str
    huisnummer: str
    toevoeging: str | None = None
    postcode: str
    plaats: str


@strawberry.input
class NotificatieInstellingenInput:
    algemeen: bool
    woningcheck: bool
    mvv_proces: bool
    klantprofiel: bool


@strawberry.input
class ContactpersoonInput:
    gemeente_code: str
    naam: str
    email: str
    telefoonnummer: str | None = None
    faxnummer: str | None = None
    geslacht: Geslacht | None = None  # type: ignore[valid-type]
    organisatietype: Organisatietype  # type: ignore[valid-type]
    organisatie: str
    adres: AdresInput | None = None
    notificaties: NotificatieInstellingenInput | None = None
    mag_inloggen: bool | None = False
    ontvangt_voordrachten: bool | None = False
    grondslag: str | None = strawberry.field(
        default=None,
        description=(
            "Required (non-empty) when organisatietype is not GEMEENTE: "
            "the gemeente's legal basis for sharing."
        ),
    )
    beheerder: bool | None = strawberry.field(
        default=False,
        description=BEHEERDER,
    )


@strawberry.input(description="Only the fields given change; null clears an optional field.")
class ContactpersoonWijziging:
    naam: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    telefoonnummer: str | None = strawberry.UNSET
    faxnummer: str | None = strawberry.UNSET
    geslacht: Geslacht | None = strawberry.UNSET  # type: ignore[valid-type]
    organisatie: str | None = strawberry.UNSET
    adres: AdresInput | None = strawberry.UNSET
    mag_inloggen: bool | None = strawberry.UNSET
    ontvangt_voordrachten: bool | None = strawberry.UNSET
    grondslag: str | None = strawberry.UNSET
    beheerder: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description=BEHEERDER,
    )
