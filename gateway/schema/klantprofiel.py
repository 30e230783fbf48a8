"""The klantprofiel COA's casemanager writes: consent-bound (@toestemmingVereist).

Sections are stored as JSON documents per version; these types read them back.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from db.enums import Gegevensgroep as G
from db.enums import KlantprofielReden as Reden
from gateway.schema.directives import ToestemmingVereist, groep
from gateway.schema.enums import KlantprofielReden, Leerroute, RelatieTotReferent, Taalniveau


@strawberry.type
class Gezinslid:
    voornaam: str
    relatie: RelatieTotReferent  # type: ignore[valid-type]
    geboortejaar: int | None
    verblijfplaats: str | None


@strawberry.type
class PersoonlijkeGegevens:
    geboorteplaats: str | None
    talen: list[str]
    burgerlijke_staat: str | None
    telefoonnummer: str | None
    email: str | None


@strawberry.type
class Familiegegevens:
    gezinsleden: list[Gezinslid]
    gezinshereniging_aangevraagd: bool
    toelichting: str | None


@strawberry.type
class Statusgegevens:
    vergunning_verleend_op: dt.date | None
    vergunningsgrond: str | None
    geldig_tot: dt.date | None


@strawberry.type
class Inburgeringsgegevens:
    inburgeringsplichtig: bool
    leerroute: Leerroute  # type: ignore[valid-type]
    voorinburgering_gevolgd: bool
    knm_afgerond: bool


@strawberry.type
class Taalvaardigheid:
    taal: str
    niveau: Taalniveau  # type: ignore[valid-type]


@strawberry.type
class Opleiding:
    niveau: str
    richting: str | None
    land: str
    diploma_behaald: bool
    jaar: int | None


@strawberry.type
class Educatiegegevens:
    taalvaardigheid: list[Taalvaardigheid]
    nederlands_niveau: Taalniveau  # type: ignore[valid-type]
    opleidingen: list[Opleiding]
    contact_met_uaf: bool
    diplomawaardering: str | None = strawberry.field(description="IDW/ION outcome")


@strawberry.type
class Werkervaring:
    functie: str
    sector: str
    land: str
    jaren: int


@strawberry.type
class Arbeidsgegevens:
    heeft_cv: bool
    werkervaring: list[Werkervaring]
    zelfwerkzaamheid: str | None
    overige_competenties: list[str]
    vrijetijdsbesteding: str | None


@strawberry.type
class CoaContactpersoon:
    naam: str
    email: str


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def persoonlijk_uit(d: dict[str, Any]) -> PersoonlijkeGegevens:
    return PersoonlijkeGegevens(
        geboorteplaats=d.get("geboorteplaats"),
        talen=list(d.get("talen") or []),
        burgerlijke_staat=d.get("burgerlijke_staat"),
        telefoonnummer=d.get("telefoonnummer"),
        email=d.get("email"),
    )


def familie_uit(d: dict[str, Any]) -> Familiegegevens:
    return Familiegegevens(
        gezinsleden=[
            Gezinslid(
                voornaam=g["voornaam"],
                relatie=RelatieTotReferent(g["relatie"]),
                geboortejaar=g.get("geboortejaar"),
                verblijfplaats=g.get("verblijfplaats"),
            )
            for g in d.get("gezinsleden") or []
        ],
        gezinshereniging_aangevraagd=bool(d.get("gezinshereniging_aangevraagd")),
        toelichting=d.get("toelichting"),
    )


def status_uit(d: dict[str, Any]) -> Statusgegevens:
    return Statusgegevens(
        vergunning_verleend_op=_date(d.get("vergunning_verleend_op")),
        vergunningsgrond=d.get("vergunningsgrond"),
        geldig_tot=_date(d.get("geldig_tot")),
    )


def inburgering_uit(d: dict[str, Any]) -> Inburgeringsgegevens:
    return Inburgeringsgegevens(
        inburgeringsplichtig=bool(d.get("inburgeringsplichtig")),
        leerroute=Leerroute(d.get("leerroute") or "NOG_NIET_BEPAALD"),
        voorinburgering_gevolgd=bool(d.get("voorinburgering_gevolgd")),
        knm_afgerond=bool(d.get("knm_afgerond")),
    )


def educatie_uit(d: dict[str, Any]) -> Educatiegegevens:
    return Educatiegegevens(
        taalvaardigheid=[
            Taalvaardigheid(taal=t["taal"], niveau=Taalniveau(t["niveau"]))
            for t in d.get("taalvaardigheid") or []
        ],
        nederlands_niveau=Taalniveau(d.get("nederlands_niveau") or "GEEN"),
        opleidingen=[
            Opleiding(
                niveau=o["niveau"],
                richting=o.get("richting"),
                land=o["land"],
                diploma_behaald=bool(o.get("diploma_behaald")),
                jaar=o.get("jaar"),
            )
            for o in d.get("opleidingen") or []
        ],
        contact_met_uaf=bool(d.get("contact_met_uaf")),
        diplomawaardering=d.get("diplomawaardering"),
    )


def arbeid_uit(d: dict[str, Any]) -> Arbeidsgegevens:
    return Arbeidsgegevens(
        heeft_cv=bool(d.get("heeft_cv")),
        werkervaring=[
            Werkervaring(functie=w["functie"], sector=w["sector"], land=w["land"], jaren=int(w["jaren"]))
            for w in d.get("werkervaring") or []
        ],
        zelfwerkzaamheid=d.get("zelfwerkzaamheid"),
        overige_competenties=list(d.get("overige_competenties") or []),
        vrijetijdsbesteding=d.get("vrijetijdsbesteding"),
    )


@strawberry.type(directives=[ToestemmingVereist()])
class Klantprofiel:
    _audit_type = "Klantprofiel"

    versie: int
    verzonden_op: dt.datetime
    contactpersoon_coa: CoaContactpersoon
    v_nummer: strawberry.Private[str]
    doc: strawberry.Private[Any]

    @strawberry.field(directives=groep(G.KLANTPROFIEL_PERSOONLIJK))
    def persoonlijk(self) -> PersoonlijkeGegevens | None:
        return persoonlijk_uit(self.doc.persoonlijk) if self.doc.persoonlijk else None

    @strawberry.field(directives=groep(G.KLANTPROFIEL_PERSOONLIJK))
    def familie(self) -> Familiegegevens | None:
        return familie_uit(self.doc.familie) if self.doc.familie else None

    @strawberry.field(directives=groep(G.KLANTPROFIEL_PERSOONLIJK))
    def status(self) -> Statusgegevens | None:
        return status_uit(self.doc.status) if self.doc.status else None

    @strawberry.field(directives=groep(G.KLANTPROFIEL_PARTICIPATIE))
    def inburgering(self) -> Inburgeringsgegevens | None:
        return inburgering_uit(self.doc.inburgering) if self.doc.inburgering else None

    @strawberry.field(directives=groep(G.KLANTPROFIEL_PARTICIPATIE))
    def educatie(self) -> Educatiegegevens | None:
        return educatie_uit(self.doc.educatie) if self.doc.educatie else None

    @strawberry.field(directives=groep(G.KLANTPROFIEL_PARTICIPATIE))
    def arbeid(self) -> Arbeidsgegevens | None:
        return arbeid_uit(self.doc.arbeid) if self.doc.arbeid else None

    @strawberry.field(directives=groep(G.KLANTPROFIEL_PARTICIPATIE))
    def ambities(self) -> str | None:
        return self.doc.ambities  # type: ignore[no-any-return]

    @strawberry.field(description="GET with the same bearer token; application/pdf")
    def pdf_url(self, info: Info[Any, None]) -> str:
        base = info.context.settings.public_url.rstrip("/")
        return f"{base}/klantprofielen/{self.v_nummer}.pdf?versie={self.versie}"

    @classmethod
    def from_row(cls, r: Any) -> Klantprofiel:
        return cls(
            versie=r.versie,
            verzonden_op=r.verzonden_op,
            contactpersoon_coa=CoaContactpersoon(naam=r.coa_naam, email=r.coa_email),
            v_nummer=r.v_nummer,
            doc=r,
        )


@strawberry.type(
    description="Why no klantprofiel is shown. GEEN_TOESTEMMING takes precedence over NOG_NIET_VERZONDEN."
)
class KlantprofielNietBeschikbaar:
    reden: KlantprofielReden  # type: ignore[valid-type]


KlantprofielResultaat = Annotated[
    Klantprofiel | KlantprofielNietBeschikbaar, strawberry.union("KlantprofielResultaat")
]


def resultaat(value: Any) -> Klantprofiel | KlantprofielNietBeschikbaar:
    if isinstance(value, Reden):
        return KlantprofielNietBeschikbaar(reden=value)
    return Klantprofiel.from_row(value)
