"""The demo accounts DESIGN.md lists, their contactpersonen, and the households every demo needs:
Utrecht people in every consent state, households of several people, nareizigers with a referent,
historisch records; a few people in Nieuwegein and Amsterdam, and some not yet linked."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from db.enums import Fase, NotificatieSoort, Organisatietype, Rol
from db.seed.people import Household, PeopleGenerator, Rows


@dataclass(frozen=True)
class DemoAccount:
    gebruikersnaam: str
    naam: str
    rol: Rol
    gemeente: str | None = None  # CBS code
    arbeidsmarktregio: str | None = None  # AM code
    uitplaatsingsregio: str | None = None  # region code
    organisatie: str | None = None
    organisatietype: Organisatietype = Organisatietype.GEMEENTE
    grondslag: str | None = None
    beheerder: bool = False


DEMO_ACCOUNTS = (
    DemoAccount(
        "medewerker@utrecht.demo",
        "Sanne de Vries",
        Rol.GEMEENTE_MEDEWERKER,
        gemeente="GM0344",
        organisatie="Gemeente Utrecht",
    ),
    DemoAccount(
        "beheerder@utrecht.demo",
        "Ahmed Bakker",
        Rol.GEMEENTE_BEHEERDER,
        gemeente="GM0344",
        organisatie="Gemeente Utrecht",
        beheerder=True,
    ),
    DemoAccount(
        "medewerker@nieuwegein.demo",
        "Lotte Jansen",
        Rol.GEMEENTE_MEDEWERKER,
        gemeente="GM0356",
        organisatie="Gemeente Nieuwegein",
    ),
    DemoAccount(
        "medewerker@amsterdam.demo",
        "Jeroen Visser",
        Rol.GEMEENTE_MEDEWERKER,
        gemeente="GM0363",
        organisatie="Gemeente Amsterdam",
    ),
    DemoAccount(
        "begeleider@vluchtelingenwerk.demo",
        "Fatima El Amrani",
        Rol.DERDE_PARTIJ,
        gemeente="GM0344",
        organisatie="VluchtelingenWerk Midden-Nederland",
        organisatietype=Organisatietype.MAATSCHAPPELIJKE_BEGELEIDING,
        grondslag="Overeenkomst maatschappelijke begeleiding 2026 (Wet inburgering 2021, art. 13) met "
        "verwerkersovereenkomst; vastgesteld door de gemeente Utrecht",
    ),
    DemoAccount(
        "tool@midden-utrecht.demo",
        "Participatietool Midden-Utrecht",
        Rol.ARBEIDSMARKTREGIO,
        arbeidsmarktregio="AM13",
    ),
    DemoAccount("casemanager@coa.demo", "Mirjam Hoekstra", Rol.COA_CASEMANAGER),
    DemoAccount("regievoerder@coa.demo", "Karim Benali", Rol.COA_REGIEVOERDER, uitplaatsingsregio="MIDDEN"),
    DemoAccount("fg@coa.demo", "Functionaris Gegevensbescherming COA", Rol.COA_FG),
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def add_accounts(
    rows: Rows,
    rng: random.Random,
    gemeenten: dict[str, int],
    am: dict[str, int],
    regio: dict[str, int],
    fake_name: Any,
) -> dict[str, int]:
    """Demo accounts (and their contactpersonen), extra COA casemanagers and regievoerders."""
    account_ids: dict[str, int] = {}
    for a in DEMO_ACCOUNTS:
        acc_id = rows.add(
            "account",
            gebruikersnaam=a.gebruikersnaam,
            naam=a.naam,
            rol=a.rol,
            gemeente_id=gemeenten.get(a.gemeente) if a.gemeente else None,
            arbeidsmarktregio_id=am.get(a.arbeidsmarktregio) if a.arbeidsmarktregio else None,
            uitplaatsingsregio_id=regio.get(a.uitplaatsingsregio) if a.uitplaatsingsregio else None,
            actief=True,
            aangemaakt_op=NOW,
        )
        account_ids[a.gebruikersnaam] = acc_id
        if a.gemeente:
            rows.add(
                "contactpersoon",
                gemeente_id=gemeenten[a.gemeente],
                account_id=acc_id,
                naam=a.naam,
                email=a.gebruikersnaam,
                telefoonnummer="0302860000" if a.gemeente == "GM0344" else "0888889999",
                faxnummer=None,
                geslacht=None,
                organisatietype=a.organisatietype,
                organisatie=a.organisatie,
                straat="Stadsplateau",
                huisnummer="1",
                toevoeging=None,
                postcode="3521 AZ",
                plaats="Utrecht",
                notificatie_algemeen=True,
                notificatie_woningcheck=True,
                notificatie_mvv_proces=True,
                notificatie_klantprofiel=True,
                mag_inloggen=True,
                beheerder=a.beheerder,
                ontvangt_voordrachten=a.beheerder,
                grondslag=a.grondslag,
                toegevoegd_op=NOW,
                toegevoegd_door_id=None,
            )
    # More casemanagers, so profiles name different COA contacts.
    for i in range(4):
        naam = fake_name()
        account_ids[f"casemanager{i + 2}@coa.demo"] = rows.add(
            "account",
            gebruikersnaam=f"casemanager{i + 2}@coa.demo",
            naam=naam,
            rol=Rol.COA_CASEMANAGER,
            gemeente_id=None,
            arbeidsmarktregio_id=None,
            uitplaatsingsregio_id=None,
            actief=True,
            aangemaakt_op=NOW,
        )
    # Regievoerders: two per region; the demo regievoerder is one of MIDDEN's.
    for code, regio_id in sorted(regio.items()):
        for i in range(2):
            naam = "Karim Benali" if code == "MIDDEN" and i == 0 else fake_name()
            email = (
                "regievoerder@coa.demo"
                if code == "MIDDEN" and i == 0
                else f"regievoerder.{code.lower()}{i + 1}@coa.demo"
            )
            rows.add(
                "regievoerder",
                uitplaatsingsregio_id=regio_id,
                naam=naam,
                email=email,
                telefoonnummer=f"088715{rng.randrange(1000, 9999)}",
            )
    return account_ids


def add_extra_contactpersonen(
    rows: Rows, rng: random.Random, gemeenten: dict[str, int], fake_name: Any, by: int
) -> None:
    """Contacts without login: integration and housing staff, as TVS's 'Profiel' list shows them."""
    for code, n in (("GM0344", 3), ("GM0356", 1), ("GM0363", 2)):
        for i in range(n):
            naam = fake_name()
            local = naam.lower().replace(" ", ".").replace("'", "")
            rows.add(
                "contactpersoon",
                gemeente_id=gemeenten[code],
                account_id=None,
                naam=naam,
                email=f"{local}.{i}@{code.lower()}.demo",
                telefoonnummer=f"0{rng.randrange(100000000, 999999999)}",
                faxnummer=None,
                geslacht=None,
                organisatietype=Organisatietype.GEMEENTE,
                organisatie={
                    "GM0344": "Gemeente Utrecht",
                    "GM0356": "Gemeente Nieuwegein",
                    "GM0363": "Gemeente Amsterdam",
                }[code],
                straat=None,
                huisnummer=None,
                toevoeging=None,
                postcode=None,
                plaats=None,
                notificatie_algemeen=rng.random() < 0.5,
                notificatie_woningcheck=rng.random() < 0.5,
                notificatie_mvv_proces=rng.random() < 0.5,
                notificatie_klantprofiel=rng.random() < 0.5,
                mag_inloggen=False,
                beheerder=False,
                ontvangt_voordrachten=False,
                grondslag=None,
                toegevoegd_op=NOW,
                toegevoegd_door_id=by,
            )


def add_demo_households(people: PeopleGenerator, gemeenten: dict[str, int]) -> dict[str, list[int]]:
    """The fixed cast: who holds which consent state is known, so demos and tests can rely on it."""
    utrecht, nieuwegein, amsterdam = gemeenten["GM0344"], gemeenten["GM0356"], gemeenten["GM0363"]
    cast = {
        "utrecht_geen_toestemming": Household(
            utrecht, size=1, fase=Fase.GEKOPPELD, toestemming=["geen"], versies=[1], nareizigers=0
        ),
        "utrecht_toestemming_verzonden": Household(
            utrecht,
            size=4,
            fase=Fase.WONING_AANGEBODEN,
            toestemming=["verleend", "verleend", "geen", "geen"],
            versies=[3, 1, 0, 0],
            nareizigers=0,
        ),
        "utrecht_toestemming_niet_verzonden": Household(
            utrecht, size=1, fase=Fase.GEKOPPELD, toestemming=["verleend"], versies=[0], nareizigers=0
        ),
        "utrecht_ingetrokken": Household(
            utrecht, size=1, fase=Fase.GEKOPPELD, toestemming=["ingetrokken"], versies=[2], nareizigers=0
        ),
        "utrecht_nareizigers": Household(
            utrecht,
            size=1,
            fase=Fase.HUURCONTRACT_GETEKEND,
            toestemming=["verleend"],
            versies=[2],
            nareizigers=2,
        ),
        "utrecht_historisch": Household(
            utrecht,
            size=2,
            fase=Fase.GEHUISVEST,
            historisch=True,
            toestemming=["verleend", "verleend"],
            versies=[4, 2],
            nareizigers=0,
        ),
        "nieuwegein": Household(
            nieuwegein,
            size=3,
            fase=Fase.GEKOPPELD,
            toestemming=["verleend", "geen", "geen"],
            versies=[2, 0, 0],
            nareizigers=1,
        ),
        "amsterdam": Household(
            amsterdam,
            size=2,
            fase=Fase.GEKOPPELD,
            toestemming=["verleend", "verleend"],
            versies=[1, 1],
            nareizigers=0,
        ),
        "niet_gekoppeld": Household(
            None, size=1, fase=Fase.VERGUNNING_VERLEEND, toestemming=["verleend"], versies=[1], nareizigers=0
        ),
    }
    return {name: people.household(spec) for name, spec in cast.items()}


def add_notificaties(
    rows: Rows, rng: random.Random, account_ids: dict[str, int], utrecht_people: list[int]
) -> None:
    """A few notifications for the demo gemeente accounts, some read."""
    onderwerpen = {
        NotificatieSoort.ALGEMEEN: "Nieuwe koppeling aan uw gemeente",
        NotificatieSoort.WONINGCHECK: "Resultaat woningcheck vastgelegd",
        NotificatieSoort.MVV_PROCES: "MVV-stap van een nareiziger gewijzigd",
        NotificatieSoort.KLANTPROFIEL: "Nieuw klantprofiel verzonden",
    }
    for gebruikersnaam in ("medewerker@utrecht.demo", "beheerder@utrecht.demo"):
        for i, vh_id in enumerate(utrecht_people[:8]):
            soort = list(onderwerpen)[i % 4]
            rows.add(
                "notificatie",
                account_id=account_ids[gebruikersnaam],
                soort=soort,
                onderwerp=onderwerpen[soort],
                aangemaakt_op=NOW,
                gelezen_op=NOW if rng.random() < 0.4 else None,
                vergunninghouder_id=vh_id,
                nareiziger_id=None,
            )
