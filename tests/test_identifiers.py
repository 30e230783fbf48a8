"""Identifier validation: known good and bad values (sources in domain.md section 4)."""

import pytest

from gateway import identifiers as ids


@pytest.mark.parametrize("bsn", ["123456782", "111222333", "999990019"])
def test_valid_bsn(bsn: str) -> None:
    assert ids.is_bsn(bsn)


@pytest.mark.parametrize(
    "bsn",
    [
        "123456789",  # fails the elfproef
        "000000000",  # sum 0 is not a BSN
        "12345678",  # 8 digits
        "1234567820",  # 10 digits
        "12345678a",
        "١٢٣٤٥٦٧٨٢",  # Arabic-Indic digits are digits to str.isdigit, not to us
        "",
    ],
)
def test_invalid_bsn(bsn: str) -> None:
    assert not ids.is_bsn(bsn)


def test_v_nummer() -> None:
    assert ids.is_v_nummer("1234567890")
    for bad in ("123456789", "12345678901", "12345abcde", "III-V123AL568", ""):
        assert not ids.is_v_nummer(bad)


def test_cbs_gemeentecode() -> None:
    for good in ("GM0344", "GM0363", "GM0014", "GM1992"):
        assert ids.is_cbs_gemeentecode(good)
    for bad in ("GM344", "gm0344", "0344", "GM03444", "PV26", ""):
        assert not ids.is_cbs_gemeentecode(bad)


def test_postcode() -> None:
    assert ids.is_postcode("3511 AB")
    assert ids.normalize_postcode("3511ab") == "3511 AB"
    for bad in ("0123 AB", "3511AB", "3511 SS", "3511 SA", "351 AB", "3511 A1", ""):
        assert not ids.is_postcode(bad)


def test_email() -> None:
    for good in ("a.b@utrecht.nl", "medewerker+tvs@gemeente.example.org"):
        assert ids.is_email(good)
    for bad in ("a@b", "a b@c.nl", "@utrecht.nl", "a@.nl", "a@utrecht..nl", ""):
        assert not ids.is_email(bad)


def test_telefoon() -> None:
    for good in ("030-2860000", "0302860000", "+31 30 286 0000", "0031302860000", "06 12345678"):
        assert ids.is_telefoon(good), good
    for bad in ("12345", "+32 2 123 45 67", "030-28600001", "+31 030 286 0000", "phone"):
        assert not ids.is_telefoon(bad), bad
