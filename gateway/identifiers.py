"""Validation of the identifiers this domain uses. One place, used by inputs, seed and import.

Sources in `domain.md` section 4: BSN elfproef (weights 9..2 and -1), V-nummer 10 digits (no check
digit is published), CBS gemeentecode GM + 4 digits, Dutch postcode 1234 AB.
"""

from __future__ import annotations

import re

_V_NUMMER = re.compile(r"\d{10}")
_CBS_GEMEENTE = re.compile(r"GM\d{4}")
_AM_CODE = re.compile(r"AM\d{2}")
# Postcodes never start with 0, and SA, SD and SS are not issued.
_POSTCODE = re.compile(r"[1-9]\d{3} (?!SA|SD|SS)[A-Z]{2}")
# A pragmatic address check: one @, no spaces, a dot in the domain, labels not empty.
_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
# Dutch numbers: 10 digits starting with 0, or +31 / 0031 followed by 9 digits (no leading 0).
_TELEFOON = re.compile(r"(?:0\d{9}|(?:\+31|0031)[1-9]\d{8})")


def is_bsn(value: str) -> bool:
    """Burgerservicenummer: 9 digits passing the elfproef (sum of d*w, last weight -1, % 11 == 0)."""
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(value, weights, strict=True))
    return total > 0 and total % 11 == 0


def is_v_nummer(value: str) -> bool:
    return _V_NUMMER.fullmatch(value) is not None


def is_cbs_gemeentecode(value: str) -> bool:
    return _CBS_GEMEENTE.fullmatch(value) is not None


def is_arbeidsmarktregio_code(value: str) -> bool:
    return _AM_CODE.fullmatch(value) is not None


def normalize_postcode(value: str) -> str:
    """'1234ab' and '1234 AB' both become '1234 AB'; anything else is returned unchanged."""
    compact = value.replace(" ", "").upper()
    if len(compact) == 6:
        return f"{compact[:4]} {compact[4:]}"
    return value


def is_postcode(value: str) -> bool:
    return _POSTCODE.fullmatch(value) is not None


def is_email(value: str) -> bool:
    return len(value) <= 254 and _EMAIL.fullmatch(value) is not None


def normalize_telefoon(value: str) -> str:
    """Drop the separators people type: spaces, dashes, dots and brackets."""
    return re.sub(r"[\s\-.()]", "", value)


def is_telefoon(value: str) -> bool:
    """A Dutch phone or fax number, after :func:`normalize_telefoon`."""
    return _TELEFOON.fullmatch(normalize_telefoon(value)) is not None
