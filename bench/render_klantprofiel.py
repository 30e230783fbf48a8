"""How long the gateway takes to turn a klantprofiel into a four-page PDF.

Builds a full profile (every section filled, long family, education and work lists) large enough
for four A4 pages, checks it renders to exactly four pages, then times building the document and
rendering it. The fonts are registered once beforehand, as the gateway does at start. Wall-clock
times swing with what else runs on the machine; the CPU time (process time) much less.

    .venv/bin/python bench/render_klantprofiel.py [--runs 50]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import time
from types import SimpleNamespace

from pypdf import PdfReader

from db.enums import Gegevensgroep as G
from gateway.downloads import klantprofiel, pdf
from gateway.downloads.document import Lezer
from gateway.downloads.fonts import register
from gateway.schema import build_schema
from gateway.settings import load_settings

PAGES = 4


def profile(rows: int) -> SimpleNamespace:
    return SimpleNamespace(
        versie=4,
        verzonden_op=dt.datetime(2026, 11, 20, 14, 5, tzinfo=dt.UTC),
        persoonlijk={
            "geboorteplaats": "Diyarbakır",
            "talen": ["Turks", "Koerdisch", "Arabisch", "Engels"],
            "burgerlijke_staat": "Gehuwd",
            "telefoonnummer": "0612345678",
            "email": "ayse.yilmaz@example.org",
        },
        familie={
            "gezinsleden": [
                {
                    "voornaam": f"Gezinslid {i}",
                    "relatie": "KIND",
                    "geboortejaar": 2005 + i % 15,
                    "verblijfplaats": "Nederland",
                }
                for i in range(rows)
            ],
            "gezinshereniging_aangevraagd": True,
            "toelichting": "Echtgenoot en twee kinderen verblijven nog in Turkije; aanvraag nareis loopt.",
        },
        status={
            "vergunning_verleend_op": "2026-03-02",
            "vergunningsgrond": "Asiel, art. 29 lid 1 sub a Vw 2000",
            "geldig_tot": "2031-03-02",
        },
        inburgering={
            "inburgeringsplichtig": True,
            "leerroute": "B1_ROUTE",
            "voorinburgering_gevolgd": True,
            "knm_afgerond": False,
        },
        educatie={
            "taalvaardigheid": [{"taal": t, "niveau": "C2"} for t in ("Turks", "Koerdisch", "Arabisch")],
            "nederlands_niveau": "A2",
            "opleidingen": [
                {
                    "niveau": "Universiteit",
                    "richting": f"Richting {i}",
                    "land": "Turkije",
                    "diploma_behaald": i % 2 == 0,
                    "jaar": 1995 + i,
                }
                for i in range(rows)
            ],
            "contact_met_uaf": True,
            "diplomawaardering": "Vergelijkbaar met hbo-bachelor",
        },
        arbeid={
            "heeft_cv": True,
            "werkervaring": [
                {"functie": f"Functie {i}", "sector": "Zorg", "land": "Turkije", "jaren": 1 + i % 9}
                for i in range(rows)
            ],
            "zelfwerkzaamheid": "Eigen naaiatelier, vijf jaar",
            "overige_competenties": ["Rijbewijs B", "Leidinggevende ervaring", "Computervaardig"],
            "vrijetijdsbesteding": "Bağlama spelen, wandelen",
        },
        ambities="Wil binnen een jaar B1 halen en als verpleegkundige aan het werk. " * 3,
        coa_naam="Gülşen Öztürk",
        coa_email="g.ozturk@coa.demo",
    )


def build(row: SimpleNamespace, groups: dict[str, frozenset[G]], fonts: object) -> bytes:
    lezer = Lezer(frozenset(G))
    persoon = klantprofiel.Persoon("1234567890", "Ayşe İpek", "Yılmaz")
    document = klantprofiel.document(persoon, row, lezer, groups, "opgevraagd door bench op 4 december 2026")
    return pdf.render(document, fonts)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    fonts = register(load_settings().pdf_font_dir)
    rules = build_schema().group_rules
    groups = {veld: rules.fields[("Klantprofiel", veld)] for veld, *_ in klantprofiel.SECTIES}
    # The smallest profile of these lists that fills four pages.
    rows = next(
        n
        for n in range(1, 200)
        if len(PdfReader(io.BytesIO(build(profile(n), groups, fonts))).pages) == PAGES
    )
    row = profile(rows)
    for _ in range(3):  # warm-up
        build(row, groups, fonts)
    times, cpu = [], []
    for _ in range(args.runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        content = build(row, groups, fonts)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    times.sort()
    print(
        f"klantprofiel PDF, {pages} pages ({rows} rows per list), {len(content) / 1024:.0f} KiB, "
        f"{args.runs} runs: "
        f"median {statistics.median(times):.1f} ms, p90 {times[int(len(times) * 0.9) - 1]:.1f} ms, "
        f"min {times[0]:.1f} ms; CPU time median {statistics.median(cpu):.1f} ms"
    )


if __name__ == "__main__":
    main()
