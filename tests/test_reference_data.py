"""The shipped reference data: CBS codes well-formed and unique, every gemeente in a region."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.reference import REFERENCE_DIR, ReferenceDataError, parse_gemeenten, read_csv
from gateway.identifiers import is_arbeidsmarktregio_code, is_cbs_gemeentecode


def _regions() -> tuple[dict[str, str], set[str]]:
    provincie_regio = {
        pv: r["code"]
        for r in read_csv(REFERENCE_DIR / "uitplaatsingsregios.csv")
        for pv in r["provincies"].split(";")
    }
    am = {r["code"] for r in read_csv(REFERENCE_DIR / "arbeidsmarktregios.csv")}
    return provincie_regio, am


def test_35_arbeidsmarktregios_with_am_codes() -> None:
    rows = read_csv(REFERENCE_DIR / "arbeidsmarktregios.csv")
    assert len(rows) == 35
    assert all(is_arbeidsmarktregio_code(r["code"]) for r in rows)
    assert len({r["code"] for r in rows}) == 35


def test_five_coa_regions_cover_the_twelve_provinces_once() -> None:
    provincie_regio, _ = _regions()
    assert len(read_csv(REFERENCE_DIR / "uitplaatsingsregios.csv")) == 5
    assert sorted(provincie_regio) == [f"PV{n}" for n in range(20, 32)]


def test_gemeenten_are_well_formed_unique_and_in_a_region() -> None:
    provincie_regio, am = _regions()
    rows = parse_gemeenten(REFERENCE_DIR / "gemeenten.csv", provincie_regio, am)
    codes = [r.code for r in rows]
    assert all(is_cbs_gemeentecode(c) for c in codes)
    assert len(codes) == len(set(codes))
    assert len({r.naam for r in rows}) == len(rows)
    assert all(r.provincie in provincie_regio and r.arbeidsmarktregio in am for r in rows)


def test_the_required_regions_are_complete() -> None:
    provincie_regio, am = _regions()
    rows = parse_gemeenten(REFERENCE_DIR / "gemeenten.csv", provincie_regio, am)
    by_am: dict[str, set[str]] = {}
    for r in rows:
        by_am.setdefault(r.arbeidsmarktregio, set()).add(r.naam)
    assert {"Utrecht", "Nieuwegein", "Houten", "Zeist", "Woerden", "Stichtse Vecht"} <= by_am["AM13"]
    assert {"Amsterdam", "Amstelveen", "Haarlemmermeer", "Diemen", "De Ronde Venen"} <= by_am["AM18"]
    assert {"Rotterdam", "Schiedam", "Vlaardingen"} <= by_am["AM22"]
    assert {"'s-Gravenhage", "Delft", "Westland", "Rijswijk", "Midden-Delfland"} <= by_am["AM21"]
    assert {"Amersfoort", "Nijkerk"} <= by_am["AM14"]
    codes = {r.code: r.naam for r in rows}
    assert codes["GM0344"] == "Utrecht" and codes["GM0363"] == "Amsterdam" and codes["GM0599"] == "Rotterdam"
    assert codes["GM0518"] == "'s-Gravenhage" and codes["GM0356"] == "Nieuwegein"
    assert len(rows) >= 100  # the five regions plus the 40 largest


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("GM344,Nergens,PV26,AM13,1", "not a CBS gemeentecode"),
        ("GM9999,Nergens,PV99,AM13,1", "province"),
        ("GM9999,Nergens,PV26,AM99,1", "arbeidsmarktregio"),
    ],
)
def test_a_bad_import_file_names_its_line(tmp_path: Path, line: str, error: str) -> None:
    provincie_regio, am = _regions()
    path = tmp_path / "gemeenten.csv"
    path.write_text("code,naam,provincie,arbeidsmarktregio,inwoners\n" + line + "\n")
    with pytest.raises(ReferenceDataError, match=rf"gemeenten.csv:2: .*{error}"):
        parse_gemeenten(path, provincie_regio, am)
