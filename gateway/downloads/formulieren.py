"""The forms of a plaatsingseenheid, generated from its data: the Informatieformulier (for the
gemeente), the Inkomstenverklaring (from COA) and the Informatieformulier Huisvesting (for the
woningcorporatie and the gemeente). Every field of a group is there only where the reader's role
may read that group (the `Lezer`); the whole form belongs to HUISVESTING, as the plaatsingseenheid
does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from db.enums import FormulierSoort as Soort
from db.enums import Gegevensgroep as G
from db.enums import Geslacht
from gateway.downloads.document import (
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
)

GESLACHT = {Geslacht.MAN: "Man", Geslacht.VROUW: "Vrouw", Geslacht.ONBEKEND: "Onbekend"}


@dataclass(frozen=True)
class Huishouden:
    """A plaatsingseenheid and what the forms need of it, as loaded within the reader's scope."""

    ple: Any
    gemeente: Any
    #: The members in scope (all of them: a household is linked to one gemeente as a unit).
    leden: Sequence[Any]
    aantal_personen: int
    huurcontract: Any | None

    @property
    def v_nummers(self) -> list[str]:
        return [lid.v_nummer for lid in self.leden]


def _naam(lid: Any) -> str:
    return f"{lid.voornamen} {lid.achternaam}"


def _kenmerken(h: Huishouden) -> tuple[tuple[str, str], ...]:
    gemeente = f"{h.gemeente.naam} ({h.gemeente.code})" if h.gemeente else "Nog niet gekoppeld"
    return (
        ("Plaatsingseenheid", h.ple.ple_nummer),
        ("Gekoppelde gemeente", gemeente),
        ("Aantal personen", str(h.aantal_personen)),
    )


def _koppeling(h: Huishouden) -> Sectie:
    eerste = h.leden[0] if h.leden else None
    return Sectie(
        "Koppeling",
        (
            Velden(
                (
                    ("Gemeente", h.gemeente.naam if h.gemeente else "Nog niet gekoppeld"),
                    ("Koppeldatum", datum(eerste.koppeldatum if eerste else None)),
                    ("Taakstellingsperiode", tekst(eerste.taakstelling_periode if eerste else None)),
                )
            ),
        ),
    )


def _leden(h: Huishouden, lezer: Lezer, *, minimaal: bool = False) -> Sectie:
    """The members; birth date and nationality (BASIS) and BSN only where the role reads them.
    `minimaal`: only what a woningcorporatie needs (no nationality, no BSN)."""
    kolommen: list[tuple[str, Callable[[Any], str]]] = [
        ("V-nummer", lambda lid: lid.v_nummer),
        ("Naam", _naam),
        ("Geslacht", lambda lid: GESLACHT[lid.geslacht]),
    ]
    if lezer.mag(G.BASIS):
        kolommen.append(("Geboortedatum", lambda lid: datum(lid.geboortedatum)))
        if not minimaal:
            kolommen.append(("Nationaliteit", lambda lid: tekst(lid.nationaliteit)))
    if not minimaal and lezer.mag(G.BSN):
        kolommen.append(("BSN", lambda lid: tekst(lid.bsn)))
    tabel = Tabel(
        tuple(k for k, _ in kolommen),
        tuple(tuple(waarde(lid) for _, waarde in kolommen) for lid in h.leden),
    )
    return Sectie("Leden van de plaatsingseenheid", (tabel,))


def _opvang(h: Huishouden) -> Sectie:
    azcs = sorted({f"{lid.azc_naam} ({lid.azc_plaats})" for lid in h.leden if lid.azc_naam})
    return Sectie("Opvang", (Velden((("Azc", opsomming(azcs)),)),))


def _plaatsingskenmerken(h: Huishouden, lezer: Lezer) -> Sectie:
    velden = Velden(
        (
            ("Huishoudgrootte", str(h.aantal_personen)),
            (
                "Rolstoeltoegankelijke woning nodig",
                ja_nee(any(lid.rolstoeltoegankelijk_nodig for lid in h.leden)),
            ),
        )
    )
    blokken: list[Any] = [velden]
    if lezer.mag(G.BIJZONDER):
        blokken.append(
            Tabel(
                ("Naam", "Medische urgentie", "Toelichting"),
                tuple(
                    (_naam(lid), ja_nee(lid.medische_urgentie), tekst(lid.plaatsingskenmerken_toelichting))
                    for lid in h.leden
                    if lid.medische_urgentie
                ),
                leeg="Geen medische urgentie vastgelegd",
            )
        )
    return Sectie("Plaatsingskenmerken", tuple(blokken))


def _huurcontract(h: Huishouden) -> Sectie:
    c = h.huurcontract
    if c is None:
        return Sectie("Huurcontract", (Tekst("Geen huurcontract bekend"),))
    adres = (
        f"{c.straat} {c.huisnummer}{(' ' + c.toevoeging) if c.toevoeging else ''}, {c.postcode} {c.plaats}"
    )
    return Sectie(
        "Huurcontract",
        (Velden((("Adres", adres), ("Ingangsdatum", datum(c.ingangsdatum)), ("Verhuurder", c.verhuurder))),),
    )


def informatieformulier(h: Huishouden, lezer: Lezer) -> list[Sectie]:
    return [
        _koppeling(h),
        _leden(h, lezer),
        _opvang(h),
        _plaatsingskenmerken(h, lezer),
        _huurcontract(h),
    ]


def inkomstenverklaring(h: Huishouden, lezer: Lezer) -> list[Sectie]:
    vertrek = datum(h.huurcontract.ingangsdatum) if h.huurcontract else "Nog niet bekend"
    verklaring = (
        "Het COA verklaart dat de hieronder genoemde personen in de opvang van het COA verblijven. "
        "De verstrekkingen van het COA eindigen op de dag waarop zij de opvang verlaten."
    )
    return [
        Sectie("Verklaring", (Tekst(verklaring),)),
        _leden(h, lezer),
        Sectie("Vertrek uit de opvang", (Velden((("Ingangsdatum huurcontract", vertrek),)),)),
        _opvang(h),
        Sectie("Ondertekening", (Velden((("Namens het COA", ""), ("Datum", ""), ("Handtekening", ""))),)),
    ]


def informatieformulier_huisvesting(h: Huishouden, lezer: Lezer) -> list[Sectie]:
    # Also read by the woningcorporatie: only what housing the household needs.
    return [
        _leden(h, lezer, minimaal=True),
        _plaatsingskenmerken(h, lezer),
        _huurcontract(h),
        _koppeling(h),
    ]


FORMULIEREN: dict[Soort, tuple[str, Callable[[Huishouden, Lezer], list[Sectie]]]] = {
    Soort.INFORMATIEFORMULIER: ("Informatieformulier", informatieformulier),
    Soort.INKOMSTENVERKLARING: ("Inkomstenverklaring", inkomstenverklaring),
    Soort.INFORMATIEFORMULIER_HUISVESTING: (
        "Informatieformulier Huisvesting",
        informatieformulier_huisvesting,
    ),
}


def document(soort: Soort, h: Huishouden, lezer: Lezer, herkomst: str) -> Document:
    """The form `soort` of household `h`. The plaatsingseenheid itself is HUISVESTING data."""
    if not lezer.mag(G.HUISVESTING):
        raise PermissionError("a form of a plaatsingseenheid needs HUISVESTING")  # routes check first
    naam, secties = FORMULIEREN[soort]
    return Document(
        soort=naam,
        onderwerp=f"Plaatsingseenheid {h.ple.ple_nummer}",
        kenmerken=_kenmerken(h),
        secties=tuple(secties(h, lezer)),
        herkomst=herkomst,
        titel=f"{naam} plaatsingseenheid {h.ple.ple_nummer}",
    )
