"""The klantprofiel as a document: TVS's sections in TVS's order, only those the reader's role may
read, and at the bottom the COA casemanager to contact (TVS werkinstructie, "Het klantprofiel").

Which group a section belongs to is read from the schema's own ``@gegevensgroep`` declarations on
the Klantprofiel type, so the PDF and GraphQL cannot disagree about it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from db.enums import Gegevensgroep as G
from db.enums import Leerroute, RelatieTotReferent, Taalniveau
from gateway.downloads.document import (
    NIET_INGEVULD,
    Document,
    Lezer,
    Sectie,
    Tabel,
    Tekst,
    Velden,
    datum,
    ja_nee,
    opsomming,
    tekst,
    tijdstip,
)
from gateway.schema import klantprofiel as kp

LEERROUTE = {
    Leerroute.B1_ROUTE: "B1-route",
    Leerroute.ONDERWIJSROUTE: "Onderwijsroute",
    Leerroute.Z_ROUTE: "Z-route",
    Leerroute.NOG_NIET_BEPAALD: "Nog niet bepaald",
}
RELATIE = {
    RelatieTotReferent.PARTNER: "Partner",
    RelatieTotReferent.KIND: "Kind",
    RelatieTotReferent.OUDER: "Ouder",
    RelatieTotReferent.OVERIG: "Overig",
}


def niveau(n: Taalniveau) -> str:
    return "Geen" if n is Taalniveau.GEEN else n.value


@dataclass(frozen=True)
class Persoon:
    v_nummer: str
    voornamen: str
    achternaam: str

    @property
    def naam(self) -> str:
        return f"{self.voornamen} {self.achternaam}"


def _persoonlijk(d: dict[str, Any]) -> Sectie:
    p = kp.persoonlijk_uit(d)
    return Sectie(
        "Persoonlijke gegevens",
        (
            Velden(
                (
                    ("Geboorteplaats", tekst(p.geboorteplaats)),
                    ("Talen", opsomming(p.talen)),
                    ("Burgerlijke staat", tekst(p.burgerlijke_staat)),
                    ("Telefoonnummer", tekst(p.telefoonnummer)),
                    ("E-mailadres", tekst(p.email)),
                )
            ),
        ),
    )


def _familie(d: dict[str, Any]) -> Sectie:
    f = kp.familie_uit(d)
    leden = Tabel(
        ("Voornaam", "Relatie", "Geboortejaar", "Verblijfplaats"),
        tuple(
            (g.voornaam, RELATIE[g.relatie], tekst(g.geboortejaar), tekst(g.verblijfplaats))
            for g in f.gezinsleden
        ),
        leeg="Geen gezinsleden vastgelegd",
    )
    hereniging = Velden(
        (("Gezinshereniging aangevraagd", ja_nee(f.gezinshereniging_aangevraagd)),)
        + ((("Toelichting", f.toelichting),) if f.toelichting else ())
    )
    return Sectie(
        "Familiegegevens",
        subsecties=(
            Sectie("Overige gezinsleden", (leden,)),
            Sectie("Gezinshereniging", (hereniging,)),
        ),
    )


def _status(d: dict[str, Any]) -> Sectie:
    s = kp.status_uit(d)
    return Sectie(
        "Statusgegevens",
        (
            Velden(
                (
                    ("Vergunning verleend op", datum(s.vergunning_verleend_op)),
                    ("Vergunningsgrond", tekst(s.vergunningsgrond)),
                    ("Geldig tot", datum(s.geldig_tot)),
                )
            ),
        ),
    )


def _inburgering(d: dict[str, Any]) -> Sectie:
    i = kp.inburgering_uit(d)
    return Sectie(
        "Inburgeringsgegevens",
        (
            Velden(
                (
                    ("Inburgeringsplichtig", ja_nee(i.inburgeringsplichtig)),
                    ("Leerroute", LEERROUTE[i.leerroute]),
                    ("Voorinburgering gevolgd", ja_nee(i.voorinburgering_gevolgd)),
                    ("KNM afgerond", ja_nee(i.knm_afgerond)),
                )
            ),
        ),
    )


def _educatie(d: dict[str, Any]) -> Sectie:
    e = kp.educatie_uit(d)
    talen = Tabel(
        ("Taal", "Niveau"),
        (
            ("Nederlands", niveau(e.nederlands_niveau)),
            *((t.taal, niveau(t.niveau)) for t in e.taalvaardigheid),
        ),
    )
    opleidingen = Tabel(
        ("Niveau", "Richting", "Land", "Diploma", "Jaar"),
        tuple(
            (o.niveau, tekst(o.richting), o.land, ja_nee(o.diploma_behaald), tekst(o.jaar))
            for o in e.opleidingen
        ),
        leeg="Geen opleidingen vastgelegd",
    )
    return Sectie(
        "Educatieve gegevens",
        subsecties=(
            Sectie("Taalvaardigheid", (talen,)),
            Sectie("Onderwijsgegevens", (opleidingen,)),
            Sectie("Contact met UAF", (Velden((("Contact met UAF", ja_nee(e.contact_met_uaf)),)),)),
            Sectie(
                "Diplomawaardering (IDW/ION)",
                (Velden((("Uitkomst", tekst(e.diplomawaardering)),)),),
            ),
        ),
    )


def _arbeid(d: dict[str, Any]) -> Sectie:
    a = kp.arbeid_uit(d)
    werk = Tabel(
        ("Functie", "Sector", "Land", "Jaren"),
        tuple((w.functie, w.sector, w.land, str(w.jaren)) for w in a.werkervaring),
        leeg="Geen werkervaring vastgelegd",
    )
    return Sectie(
        "Arbeidsgegevens",
        subsecties=(
            Sectie("CV", (Velden((("CV aanwezig", ja_nee(a.heeft_cv)),)),)),
            Sectie("Werkervaring", (werk,)),
            Sectie("Zelfwerkzaamheid", (Tekst(tekst(a.zelfwerkzaamheid)),)),
            Sectie("Overige competenties", (Tekst(opsomming(a.overige_competenties)),)),
            Sectie("Vrijetijdsbesteding", (Tekst(tekst(a.vrijetijdsbesteding)),)),
        ),
    )


def _ambities(text: str) -> Sectie:
    return Sectie("Ambities", (Tekst(text),))


#: TVS's order: (the Klantprofiel field, which holds the section, and how to lay it out).
SECTIES: tuple[tuple[str, str, Callable[[Any], Sectie]], ...] = (
    ("persoonlijk", "Persoonlijke gegevens", _persoonlijk),
    ("familie", "Familiegegevens", _familie),
    ("status", "Statusgegevens", _status),
    ("inburgering", "Inburgeringsgegevens", _inburgering),
    ("educatie", "Educatieve gegevens", _educatie),
    ("arbeid", "Arbeidsgegevens", _arbeid),
    ("ambities", "Ambities", _ambities),
)


def document(
    persoon: Persoon,
    row: Any,
    lezer: Lezer,
    sectie_groepen: Mapping[str, frozenset[G]],
    herkomst: str,
) -> Document:
    """The klantprofiel version `row` of `persoon`, as far as `lezer` may read it.

    `sectie_groepen` maps each Klantprofiel field to its groups (from the schema). A section the
    role may read but the casemanager has not filled in yet is shown as such; a section the role
    may not read is left out entirely.
    """
    secties = []
    for veld, titel, maak in SECTIES:
        if not lezer.mag(*sectie_groepen[veld]):
            continue
        inhoud = getattr(row, veld)
        secties.append(maak(inhoud) if inhoud else Sectie(titel, (Tekst(NIET_INGEVULD),)))
    secties.append(
        Sectie(
            "Contactpersoon COA",
            (Velden((("Naam", row.coa_naam), ("E-mailadres", row.coa_email))),),
        )
    )
    return Document(
        soort="Klantprofiel",
        onderwerp=persoon.naam,
        kenmerken=(
            ("V-nummer", persoon.v_nummer),
            ("Versie", str(row.versie)),
            ("Verzonden op", tijdstip(row.verzonden_op)),
        ),
        secties=tuple(secties),
        herkomst=herkomst,
        titel=f"Klantprofiel {persoon.v_nummer} versie {row.versie}",
    )
