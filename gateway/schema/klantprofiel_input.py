"""The klantprofiel as COA's casemanager sends it (`klantprofielVerzenden`)."""

from __future__ import annotations

import datetime as dt

import strawberry

from gateway.schema.enums import Leerroute, RelatieTotReferent, Taalniveau


@strawberry.input
class TaalvaardigheidInput:
    taal: str
    niveau: Taalniveau  # type: ignore[valid-type]


@strawberry.input
class OpleidingInput:
    niveau: str
    richting: str | None = None
    land: str
    diploma_behaald: bool
    jaar: int | None = None


@strawberry.input
class WerkervaringInput:
    functie: str
    sector: str
    land: str
    jaren: int


@strawberry.input
class GezinslidInput:
    voornaam: str
    relatie: RelatieTotReferent  # type: ignore[valid-type]
    geboortejaar: int | None = None
    verblijfplaats: str | None = None


@strawberry.input
class PersoonlijkeGegevensInput:
    geboorteplaats: str | None = None
    talen: list[str]
    burgerlijke_staat: str | None = None
    telefoonnummer: str | None = None
    email: str | None = None


@strawberry.input
class FamiliegegevensInput:
    gezinsleden: list[GezinslidInput]
    gezinshereniging_aangevraagd: bool
    toelichting: str | None = None


@strawberry.input
class StatusgegevensInput:
    vergunning_verleend_op: dt.date | None = None
    vergunningsgrond: str | None = None
    geldig_tot: dt.date | None = None


@strawberry.input
class InburgeringsgegevensInput:
    inburgeringsplichtig: bool
    leerroute: Leerroute  # type: ignore[valid-type]
    voorinburgering_gevolgd: bool
    knm_afgerond: bool


@strawberry.input
class EducatiegegevensInput:
    taalvaardigheid: list[TaalvaardigheidInput]
    nederlands_niveau: Taalniveau  # type: ignore[valid-type]
    opleidingen: list[OpleidingInput]
    contact_met_uaf: bool
    diplomawaardering: str | None = None


@strawberry.input
class ArbeidsgegevensInput:
    heeft_cv: bool
    werkervaring: list[WerkervaringInput]
    zelfwerkzaamheid: str | None = None
    overige_competenties: list[str]
    vrijetijdsbesteding: str | None = None


@strawberry.input
class CoaContactpersoonInput:
    naam: str
    email: str


@strawberry.input
class KlantprofielInput:
    persoonlijk: PersoonlijkeGegevensInput | None = None
    familie: FamiliegegevensInput | None = None
    status: StatusgegevensInput | None = None
    inburgering: InburgeringsgegevensInput | None = None
    educatie: EducatiegegevensInput | None = None
    arbeid: ArbeidsgegevensInput | None = None
    ambities: str | None = None
    contactpersoon_coa: CoaContactpersoonInput
