"""Small types shared by several domain types."""

from __future__ import annotations

from typing import Any

import strawberry


@strawberry.type
class Adres:
    straat: str
    huisnummer: str
    toevoeging: str | None
    postcode: str
    plaats: str

    @classmethod
    def from_row(cls, r: Any) -> Adres | None:
        if not r.straat:
            return None
        return cls(
            straat=r.straat,
            huisnummer=r.huisnummer,
            toevoeging=r.toevoeging,
            postcode=r.postcode,
            plaats=r.plaats,
        )


@strawberry.input
class IntBereik:
    van: int | None = None
    tot_en_met: int | None = None
