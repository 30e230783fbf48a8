"""Taakstelling figures per half year, computed from the data.

- gerealiseerd: people housed in the period (gehuisvest_op within it), nareizigers included;
- achterstandVorigePeriode: what the previous period left, carried over (negative: a surplus,
  credited to this period, as provinces count it);
- nogTeHuisvesten: opgave + achterstand - gerealiseerd, at least 0.
Periods run 1 January to 1 July (H1) and 1 July to 1 January (H2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class TaakstellingCijfers:
    periode: str
    opgave: int
    gerealiseerd: int
    achterstand_vorige_periode: int
    nog_te_huisvesten: int


def periode_van(d: date) -> str:
    return f"{d.year}-H{1 if d.month <= 6 else 2}"


def bereken(opgaven: list[Any], gehuisvest: dict[str, int]) -> list[TaakstellingCijfers]:
    """`opgaven`: rows with periode and opgave; `gehuisvest`: people housed per periode."""
    out: list[TaakstellingCijfers] = []
    achterstand = 0
    for row in sorted(opgaven, key=lambda r: r.periode):
        gerealiseerd = gehuisvest.get(row.periode, 0)
        out.append(
            TaakstellingCijfers(
                periode=row.periode,
                opgave=row.opgave,
                gerealiseerd=gerealiseerd,
                achterstand_vorige_periode=achterstand,
                nog_te_huisvesten=max(0, row.opgave + achterstand - gerealiseerd),
            )
        )
        achterstand = row.opgave + achterstand - gerealiseerd
    return out
