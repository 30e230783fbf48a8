"""What a downloaded document holds, independent of its format, and the helpers that fill it.

A builder (`klantprofiel.py`, `formulieren.py`) asks a :class:`Lezer` for each piece of personal
data whether the reader's role may read its group; the lezer remembers the groups it said yes to,
which is what the access log records. The renderers (`pdf.py`, `docx.py`, `html.py`) lay out a
:class:`Document` and never see a row, a role or a group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from db.enums import Gegevensgroep as G

TIJDZONE = ZoneInfo("Europe/Amsterdam")
MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
NIET_INGEVULD = "Niet ingevuld"


@dataclass(frozen=True)
class Velden:
    """Label and value pairs, shown as a two-column list."""

    rijen: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Tabel:
    kolommen: tuple[str, ...]
    rijen: tuple[tuple[str, ...], ...]
    #: Shown instead of the table when it has no rows.
    leeg: str = "Geen"


@dataclass(frozen=True)
class Tekst:
    tekst: str


Blok = Velden | Tabel | Tekst


@dataclass(frozen=True)
class Sectie:
    titel: str
    blokken: tuple[Blok, ...] = ()
    subsecties: tuple[Sectie, ...] = ()


@dataclass(frozen=True)
class Document:
    #: "Klantprofiel", "Informatieformulier", ...
    soort: str
    #: Whom or what it is about: a person's name, a plaatsingseenheid.
    onderwerp: str
    #: The key facts under the title: V-nummer, versie, verzonden op, ...
    kenmerken: tuple[tuple[str, str], ...]
    secties: tuple[Sectie, ...]
    #: Who asked for it and when: printed on every page, so a copy can be traced.
    herkomst: str
    #: For the document's metadata: names no person.
    titel: str


@dataclass
class Lezer:
    """What the reader's role may read; remembers the groups the document took data from."""

    mag_lezen: frozenset[G]
    gebruikt: set[G] = field(default_factory=set)

    def mag(self, *groepen: G) -> bool:
        """Whether the role may read data of all `groepen`; if so, the document now holds them."""
        if set(groepen) <= self.mag_lezen:
            self.gebruikt.update(groepen)
            return True
        return False


def datum(d: dt.date | None) -> str:
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}" if d else NIET_INGEVULD


def tijdstip(t: dt.datetime) -> str:
    local = t.astimezone(TIJDZONE)
    return f"{datum(local.date())}, {local:%H:%M}"


def ja_nee(value: bool | None) -> str:
    if value is None:
        return NIET_INGEVULD
    return "Ja" if value else "Nee"


def tekst(value: object) -> str:
    """A value as text; empty values read as "Niet ingevuld"."""
    if value is None or value == "":
        return NIET_INGEVULD
    return str(value)


def opsomming(values: Iterable[str]) -> str:
    items = [v for v in values if v]
    return ", ".join(items) if items else NIET_INGEVULD
