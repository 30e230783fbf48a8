"""GraphQL enums: the domain enums of db/enums.py, plus the sort enums of the contract."""

from __future__ import annotations

from enum import Enum

import strawberry

from db import enums as e
from db.enums import Gegevensgroep as G
from gateway.schema.directives import groep

Rol = strawberry.enum(e.Rol, name="Rol")
Geslacht = strawberry.enum(e.Geslacht, name="Geslacht")
Fase = strawberry.enum(
    e.Fase,
    name="Fase",
    description=(
        "Where a vergunninghouder is in the route from permit to housing (the project's model of TVS 'fase')."
    ),
)
MvvStap = strawberry.enum(e.MvvStap, name="MvvStap")
WoningcheckResultaat = strawberry.enum(e.WoningcheckResultaat, name="WoningcheckResultaat")
RelatieTotReferent = strawberry.enum(e.RelatieTotReferent, name="RelatieTotReferent")
Organisatietype = strawberry.enum(e.Organisatietype, name="Organisatietype")
ToestemmingStatus = strawberry.enum(e.ToestemmingStatus, name="ToestemmingStatus")
KlantprofielReden = strawberry.enum(e.KlantprofielReden, name="KlantprofielReden")
NotificatieSoort = strawberry.enum(e.NotificatieSoort, name="NotificatieSoort")
Taalniveau = strawberry.enum(e.Taalniveau, name="Taalniveau")
Leerroute = strawberry.enum(e.Leerroute, name="Leerroute")
FormulierSoort = strawberry.enum(e.FormulierSoort, name="FormulierSoort")


@strawberry.enum
class Sorteerrichting(Enum):
    OPLOPEND = "OPLOPEND"
    AFLOPEND = "AFLOPEND"


@strawberry.enum
class VergunninghouderSorteerveld(Enum):
    ACHTERNAAM = "ACHTERNAAM"
    V_NUMMER = "V_NUMMER"
    KOPPELDATUM = "KOPPELDATUM"
    GEBOORTEDATUM = strawberry.enum_value("GEBOORTEDATUM", directives=groep(G.BASIS))
