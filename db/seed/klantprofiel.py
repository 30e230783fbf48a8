"""Klantprofiel content as a casemanager writes it: sparse after the first talk, fuller later."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

GEBOORTEPLAATSEN = {
    "Syrische": ["Aleppo", "Damascus", "Homs", "Idlib", "Deir ez-Zor", "Latakia", "Hama", "Raqqa"],
    "Eritrese": ["Asmara", "Keren", "Massawa", "Mendefera", "Adi Keyh"],
    "Turkse": ["Istanbul", "Ankara", "Diyarbakır", "Izmir", "Van", "Gaziantep"],
    "Jemenitische": ["Sanaa", "Aden", "Taiz", "Hodeidah"],
    "Afghaanse": ["Kabul", "Herat", "Kandahar", "Mazar-i-Sharif", "Jalalabad"],
    "Somalische": ["Mogadishu", "Hargeisa", "Kismayo", "Baidoa"],
    "Iraanse": ["Teheran", "Mashhad", "Isfahan", "Tabriz", "Shiraz"],
    "Iraakse": ["Bagdad", "Mosul", "Erbil", "Basra", "Kirkuk"],
    "Staatloos": ["Damascus", "Beiroet", "Gaza"],
    "Soedanese": ["Khartoum", "El Fasher", "Nyala", "Omdurman"],
    "Ethiopische": ["Addis Abeba", "Gondar", "Mekelle", "Dire Dawa"],
    "Guinese": ["Conakry", "Kankan", "Labé"],
    "Algerijnse": ["Algiers", "Oran", "Constantine"],
}
MOEDERTALEN = {
    "Syrische": ["Arabisch"],
    "Eritrese": ["Tigrinya"],
    "Turkse": ["Turks"],
    "Jemenitische": ["Arabisch"],
    "Afghaanse": ["Dari", "Pashto"],
    "Somalische": ["Somalisch"],
    "Iraanse": ["Farsi"],
    "Iraakse": ["Arabisch", "Koerdisch"],
    "Staatloos": ["Arabisch"],
    "Soedanese": ["Arabisch"],
    "Ethiopische": ["Amhaars"],
    "Guinese": ["Frans", "Fula"],
    "Algerijnse": ["Arabisch", "Frans"],
}
OPLEIDINGEN = [
    ("Basisonderwijs", None),
    ("Middelbare school", None),
    ("MBO-niveau", "Elektrotechniek"),
    ("MBO-niveau", "Verpleegkunde"),
    ("HBO-niveau", "Bedrijfskunde"),
    ("Universiteit", "Civiele techniek"),
    ("Universiteit", "Farmacie"),
    ("Universiteit", "Rechten"),
    ("Universiteit", "Informatica"),
    ("Beroepsopleiding", "Kapper"),
    ("Beroepsopleiding", "Lassen"),
]
WERK = [
    ("Timmerman", "Bouw"),
    ("Kok", "Horeca"),
    ("Vrachtwagenchauffeur", "Transport"),
    ("Kapper", "Dienstverlening"),
    ("Verpleegkundige", "Zorg"),
    ("Docent", "Onderwijs"),
    ("Elektricien", "Installatietechniek"),
    ("Boer", "Landbouw"),
    ("Kleermaker", "Textiel"),
    ("Winkelmedewerker", "Detailhandel"),
    ("Software-ontwikkelaar", "ICT"),
    ("Automonteur", "Techniek"),
    ("Boekhouder", "Financiën"),
]
AMBITIES = [
    "Wil zo snel mogelijk Nederlands leren en weer als {functie} aan het werk.",
    "Wil een opleiding in de zorg volgen.",
    "Wil een eigen bedrijf beginnen als {functie}.",
    "Wil diploma laten waarderen en verder studeren.",
    "Wil vrijwilligerswerk doen om de taal te oefenen en een netwerk op te bouwen.",
    "Wil werken in de techniek; heeft interesse in een BBL-traject.",
]
COMPETENTIES = [
    "Rijbewijs B",
    "Ervaring met klanten",
    "Handig met gereedschap",
    "Leidinggevende ervaring",
    "Spreekt meerdere talen",
    "Computervaardig",
    "Kan goed koken",
    "Sportief",
]
VRIJE_TIJD = ["Voetbal", "Koken", "Lezen", "Hardlopen", "Muziek maken", "Wandelen", "Schaken", "Tekenen"]
NIVEAUS = ["GEEN", "A0", "A1", "A2", "B1"]


def profiel(
    rng: random.Random,
    persoon: dict[str, Any],
    nationaliteit: str,
    versie: int,
    gezin: list[dict[str, Any]],
    vergunning_op: date,
    casemanager: tuple[str, str],
) -> dict[str, Any]:
    """Version `versie` of a person's profile; version 1 holds the first talk only."""
    functie, sector = rng.choice(WERK)
    vol = versie >= 2
    doc: dict[str, Any] = {
        "persoonlijk": {
            "geboorteplaats": rng.choice(GEBOORTEPLAATSEN.get(nationaliteit, ["Onbekend"])),
            "talen": MOEDERTALEN.get(nationaliteit, ["Engels"]) + (["Engels"] if rng.random() < 0.4 else []),
            "burgerlijke_staat": "Gehuwd"
            if len(gezin) > 1
            else rng.choice(["Ongehuwd", "Gehuwd", "Gescheiden"]),
            "telefoonnummer": f"06{rng.randrange(10_000_000, 99_999_999)}",
            "email": None,
        },
        "status": {
            "vergunning_verleend_op": vergunning_op.isoformat(),
            "vergunningsgrond": rng.choice(
                [
                    "Asiel, art. 29 lid 1 sub a Vw 2000",
                    "Asiel, art. 29 lid 1 sub b Vw 2000",
                    "Nareis, art. 29 lid 2 Vw 2000",
                ]
            ),
            "geldig_tot": (vergunning_op + timedelta(days=5 * 365)).isoformat(),
        },
        "familie": None,
        "inburgering": None,
        "educatie": None,
        "arbeid": None,
        "ambities": None,
        "coa_naam": casemanager[0],
        "coa_email": casemanager[1],
    }
    if vol:
        doc["familie"] = {
            "gezinsleden": [
                {
                    "voornaam": g["voornamen"],
                    "relatie": g["relatie"],
                    "geboortejaar": g["geboortejaar"],
                    "verblijfplaats": g["verblijfplaats"],
                }
                for g in gezin
            ],
            "gezinshereniging_aangevraagd": any(g["verblijfplaats"] != "Nederland" for g in gezin),
            "toelichting": None,
        }
        nl = rng.choice(NIVEAUS[: min(len(NIVEAUS), 2 + versie)])
        niveau, richting = rng.choice(OPLEIDINGEN)
        doc["inburgering"] = {
            "inburgeringsplichtig": True,
            "leerroute": rng.choice(["B1_ROUTE", "ONDERWIJSROUTE", "Z_ROUTE", "NOG_NIET_BEPAALD"]),
            "voorinburgering_gevolgd": rng.random() < 0.6,
            "knm_afgerond": rng.random() < 0.3,
        }
        doc["educatie"] = {
            "taalvaardigheid": [
                {"taal": t, "niveau": "C2"} for t in MOEDERTALEN.get(nationaliteit, ["Engels"])
            ]
            + ([{"taal": "Engels", "niveau": rng.choice(["A2", "B1", "B2"])}] if rng.random() < 0.5 else []),
            "nederlands_niveau": nl,
            "opleidingen": [
                {
                    "niveau": niveau,
                    "richting": richting,
                    "land": "Herkomstland",
                    "diploma_behaald": rng.random() < 0.6,
                    "jaar": rng.randrange(1995, 2022),
                }
            ],
            "contact_met_uaf": niveau in ("Universiteit", "HBO-niveau") and rng.random() < 0.5,
            "diplomawaardering": "Vergelijkbaar met hbo-bachelor"
            if niveau == "Universiteit" and versie >= 3
            else None,
        }
        doc["arbeid"] = {
            "heeft_cv": versie >= 3 or rng.random() < 0.3,
            "werkervaring": [
                {"functie": functie, "sector": sector, "land": "Herkomstland", "jaren": rng.randrange(1, 15)}
            ],
            "zelfwerkzaamheid": f"Eigen zaak als {functie.lower()}" if rng.random() < 0.15 else None,
            "overige_competenties": rng.sample(COMPETENTIES, k=rng.randrange(0, 3)),
            "vrijetijdsbesteding": rng.choice(VRIJE_TIJD),
        }
        doc["ambities"] = rng.choice(AMBITIES).format(functie=functie.lower())
    return doc
