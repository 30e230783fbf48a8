"""Synthetic households: vergunninghouders with plaatsingseenheid, huurcontract, forms, consent
history, klantprofiel versions and nareizigers. Deterministic for a given random generator.

Distributions: domain.md section 7 (nationalities, household sizes), about 70% consent,
0-4 klantprofiel versions, nareizigers for about a quarter of households, historisch records.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from db.enums import (
    Fase,
    FormulierSoort,
    Geslacht,
    MvvStap,
    RelatieTotReferent,
    ToestemmingSoort,
    WoningcheckResultaat,
)
from db.seed import klantprofiel as kp
from db.seed.names import Names, Nationaliteit
from gateway.identifiers import is_bsn

#: The data describe the situation on this day, whatever day the seed runs (deterministic).
PEILDATUM = date(2026, 12, 1)

HUISHOUD_GEWICHTEN = {1: 70, 2: 8, 3: 6, 4: 6, 5: 5, 6: 3, 7: 2}
FASE_GEWICHTEN = {
    Fase.VERGUNNING_VERLEEND: 18,
    Fase.GEKOPPELD: 34,
    Fase.WONING_AANGEBODEN: 10,
    Fase.HUURCONTRACT_GETEKEND: 10,
    Fase.GEHUISVEST: 28,
}
VERSIE_GEWICHTEN = {0: 15, 1: 35, 2: 25, 3: 15, 4: 10}
MVV_GEWICHTEN = {
    MvvStap.AANVRAAG_INGEDIEND: 30,
    MvvStap.IND_BESLUIT_POSITIEF: 20,
    MvvStap.IND_BESLUIT_NEGATIEF: 5,
    MvvStap.MVV_AFGEGEVEN: 15,
    MvvStap.INGEREISD: 15,
    MvvStap.GEHUISVEST: 15,
}
VERHUURDERS = [
    "Mitros",
    "Portaal",
    "Bo-Ex",
    "Jutphaas Wonen",
    "Ymere",
    "Eigen Haard",
    "Stadgenoot",
    "De Alliantie",
    "Havensteder",
    "Woonstad Rotterdam",
    "Haag Wonen",
    "Staedion",
    "Vidomes",
    "Woonbedrijf",
    "Lefier",
    "Woonbron",
    "Alwel",
    "Woonzorg Nederland",
    "Particuliere verhuurder",
]
FORMULIEREN = [
    (
        FormulierSoort.INFORMATIEFORMULIER,
        "Informatieformulier",
        "Dit is het informatieformulier voor de gemeente.",
    ),
    (FormulierSoort.INKOMSTENVERKLARING, "Inkomstenverklaring", "Dit is de inkomstenverklaring vanuit COA."),
    (
        FormulierSoort.INFORMATIEFORMULIER_HUISVESTING,
        "Informatieformulier Huisvesting",
        "Dit is het informatieformulier voor de corporatie en gemeente.",
    ),
]


def weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def periode_van(d: date) -> str:
    return f"{d.year}-H{1 if d.month <= 6 else 2}"


def moment(d: date, rng: random.Random) -> datetime:
    return datetime.combine(d, time(rng.randrange(8, 17), rng.randrange(60)), tzinfo=UTC)


@dataclass
class Rows:
    """Rows per table, with explicit ids so references need no round trip."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    next_id: dict[str, int] = field(default_factory=lambda: defaultdict(lambda: 1))

    def add(self, table: str, **values: Any) -> int:
        values.setdefault("id", self.next_id[table])
        self.next_id[table] = max(self.next_id[table], values["id"]) + 1
        self.tables[table].append(values)
        return int(values["id"])


@dataclass
class Unique:
    """Unique V-nummers and BSNs (elfproef)."""

    rng: random.Random
    v_nummers: set[str] = field(default_factory=set)
    bsns: set[str] = field(default_factory=set)

    def v_nummer(self) -> str:
        while True:
            v = str(self.rng.randrange(1_000_000_000, 9_999_999_999))
            if v not in self.v_nummers:
                self.v_nummers.add(v)
                return v

    def bsn(self) -> str:
        while True:
            digits = [self.rng.randrange(10) for _ in range(8)]
            if digits[0] == 0 and digits[1] == 0:
                continue
            total = sum(d * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2), strict=True))
            check = total % 11  # last weight is -1: the check digit equals the sum modulo 11
            if check == 10:
                continue
            value = "".join(map(str, digits)) + str(check)
            if is_bsn(value) and value not in self.bsns:
                self.bsns.add(value)
                return value


@dataclass
class Household:
    """What the caller fixes about a household; the rest is drawn."""

    gemeente_id: int | None
    size: int | None = None
    fase: Fase | None = None
    historisch: bool | None = None
    #: Per member: None (draw), "geen", "verleend", "ingetrokken"
    toestemming: list[str] | None = None
    versies: list[int] | None = None
    nareizigers: int | None = None
    nationaliteit: Nationaliteit | None = None


class PeopleGenerator:
    def __init__(
        self,
        rng: random.Random,
        rows: Rows,
        names: Names,
        straten: list[tuple[str, str]],
        azcs: list[tuple[str, str]],
        casemanagers: list[tuple[int, str, str]],
        gemeente_plaats: dict[int, str],
    ) -> None:
        self.rng = rng
        self.rows = rows
        self.names = names
        self.unique = Unique(rng)
        self.straten = straten
        self.azcs = azcs
        self.casemanagers = casemanagers
        self.gemeente_plaats = gemeente_plaats
        self.ple_counter = 0

    # --- one household -------------------------------------------------------------------------

    def household(self, spec: Household) -> list[int]:
        rng = self.rng
        nat = spec.nationaliteit or self.names.nationaliteit(rng)
        size = spec.size or weighted(rng, HUISHOUD_GEWICHTEN)
        fase = spec.fase or (weighted(rng, FASE_GEWICHTEN) if spec.gemeente_id else Fase.VERGUNNING_VERLEEND)
        gemeente_id = spec.gemeente_id if fase is not Fase.VERGUNNING_VERLEEND else None
        vergunning_op = PEILDATUM - timedelta(days=rng.randrange(30, 540))
        koppeldatum = vergunning_op + timedelta(days=rng.randrange(7, 28)) if gemeente_id else None
        if koppeldatum and koppeldatum > PEILDATUM:
            koppeldatum = PEILDATUM - timedelta(days=1)
        gehuisvest_op = None
        if fase is Fase.GEHUISVEST and koppeldatum:
            gehuisvest_op = min(PEILDATUM, koppeldatum + timedelta(weeks=rng.randrange(8, 30)))
        historisch = (
            spec.historisch
            if spec.historisch is not None
            else (fase is Fase.GEHUISVEST and rng.random() < 0.8)
        )
        achternaam = self.names.achternaam(rng, nat)
        azc_naam, azc_plaats = rng.choice(self.azcs)

        self.ple_counter += 1
        ple_id = self.rows.add(
            "plaatsingseenheid",
            ple_nummer=f"{self.ple_counter + 40_000_000:08d}",
            gekoppelde_gemeente_id=gemeente_id,
            aangemaakt_op=moment(vergunning_op, rng),
        )
        if gemeente_id:
            for soort, naam, beschrijving in FORMULIEREN:
                self.rows.add(
                    "formulier",
                    plaatsingseenheid_id=ple_id,
                    soort=soort,
                    naam=naam,
                    beschrijving=beschrijving,
                    aangemaakt_op=moment(koppeldatum or vergunning_op, rng),
                )
        if fase in (Fase.HUURCONTRACT_GETEKEND, Fase.GEHUISVEST) and gemeente_id:
            straat, postcode = rng.choice(self.straten)
            self.rows.add(
                "huurcontract",
                plaatsingseenheid_id=ple_id,
                straat=straat,
                huisnummer=str(rng.randrange(1, 250)),
                toevoeging=rng.choice([None, None, None, "A", "B", "bis", "2"]),
                postcode=postcode,
                plaats=self.gemeente_plaats[gemeente_id],
                verhuurder=rng.choice(VERHUURDERS),
                ingangsdatum=gehuisvest_op
                or min(PEILDATUM, (koppeldatum or PEILDATUM) + timedelta(weeks=10)),
            )

        members: list[dict[str, Any]] = []
        for i in range(size):
            if i == 0:
                man = (size == 1 and rng.random() < 0.75) or size > 1
                age = rng.randrange(18, 46) if size == 1 else rng.randrange(24, 52)
                relatie = None
            elif (i == 1 and size > 2) or (i == 1 and rng.random() < 0.5):
                man, age, relatie = False, rng.randrange(20, 48), RelatieTotReferent.PARTNER
            else:
                man, age, relatie = rng.random() < 0.5, rng.randrange(0, 18), RelatieTotReferent.KIND
            members.append({"man": man, "age": age, "relatie": relatie})

        ids: list[int] = []
        gezin_info = []
        for m in members:
            geboortedatum = PEILDATUM - timedelta(days=m["age"] * 365 + rng.randrange(365))
            voornaam = self.names.voornaam(rng, nat, m["man"])
            tweede = self.names.voornaam(rng, nat, m["man"]) if rng.random() < 0.3 else None
            vh_id = self.rows.add(
                "vergunninghouder",
                v_nummer=self.unique.v_nummer(),
                bsn=self.unique.bsn() if rng.random() < 0.9 else None,
                voornamen=f"{voornaam} {tweede}" if tweede and tweede != voornaam else voornaam,
                achternaam=achternaam,
                geslacht=Geslacht.MAN if m["man"] else Geslacht.VROUW,
                geboortedatum=geboortedatum if rng.random() < 0.98 else None,
                nationaliteit=nat.naam,
                etniciteit=self.names.etniciteit(rng, nat) if rng.random() < 0.6 else None,
                fase=fase,
                gekoppelde_gemeente_id=gemeente_id,
                koppeldatum=koppeldatum,
                taakstelling_periode=periode_van(koppeldatum) if koppeldatum else None,
                historisch=historisch,
                geblokkeerd=rng.random() < 0.03,
                gesprek_gevoerd=bool(gemeente_id) and rng.random() < 0.6,
                azc_naam=None if historisch else azc_naam,
                azc_plaats=None if historisch else azc_plaats,
                plaatsingseenheid_id=ple_id,
                rolstoeltoegankelijk_nodig=rng.random() < 0.02,
                medische_urgentie=rng.random() < 0.05,
                plaatsingskenmerken_toelichting=None,
                gehuisvest_op=gehuisvest_op,
                aangemaakt_op=moment(vergunning_op, rng),
            )
            ids.append(vh_id)
            gezin_info.append(
                {
                    "voornamen": voornaam,
                    "relatie": (m["relatie"] or RelatieTotReferent.OVERIG).value,
                    "geboortejaar": geboortedatum.year,
                    "verblijfplaats": "Nederland",
                    "age": m["age"],
                    "id": vh_id,
                }
            )
        row_by_id = {r["id"]: r for r in self.rows.tables["vergunninghouder"][-size:]}
        for vh_id in ids:
            row = row_by_id[vh_id]
            if row["medische_urgentie"]:
                row["plaatsingskenmerken_toelichting"] = self.rng.choice(
                    ["Begane grond nodig", "Nabij ziekenhuis i.v.m. behandeling", "Geen trappen"]
                )

        n_nareizigers = (
            spec.nareizigers
            if spec.nareizigers is not None
            else (rng.randrange(1, 4) if rng.random() < 0.25 else 0)
        )
        nareiziger_ids = [
            self._nareiziger(ids[0], nat, achternaam, gemeente_id, koppeldatum or vergunning_op, k, size)
            for k in range(n_nareizigers)
        ]
        for n_id in nareiziger_ids:
            n = next(r for r in reversed(self.rows.tables["nareiziger"]) if r["id"] == n_id)
            gezin_info.append(
                {
                    "voornamen": n["voornamen"].split()[0],
                    "relatie": n["relatie_tot_referent"].value,
                    "geboortejaar": n["geboortedatum"].year,
                    "verblijfplaats": "Herkomstland",
                    "age": 30,
                    "id": None,
                }
            )

        for i, vh_id in enumerate(ids):
            adult = members[i]["age"] >= 16
            state = spec.toestemming[i] if spec.toestemming and i < len(spec.toestemming) else None
            if state is None:
                state = "geen" if not adult else weighted(rng, {"verleend": 65, "ingetrokken": 5, "geen": 30})
            versies = spec.versies[i] if spec.versies and i < len(spec.versies) else None
            if versies is None:
                versies = (
                    weighted(rng, VERSIE_GEWICHTEN)
                    if adult and state != "geen"
                    else (rng.randrange(0, 2) if adult else 0)
                )
            gezin = [g for g in gezin_info if g["id"] != vh_id]
            self._consent_and_profiles(
                "vergunninghouder_id", vh_id, state, versies, nat, vergunning_op, gezin, row_by_id[vh_id]
            )
        return ids

    def _nareiziger(
        self,
        referent_id: int,
        nat: Nationaliteit,
        achternaam: str,
        gemeente_id: int | None,
        since: date,
        k: int,
        household_size: int,
    ) -> int:
        rng = self.rng
        relatie = RelatieTotReferent.PARTNER if k == 0 and household_size == 1 else RelatieTotReferent.KIND
        man = relatie is RelatieTotReferent.KIND and rng.random() < 0.5
        age = rng.randrange(20, 45) if relatie is RelatieTotReferent.PARTNER else rng.randrange(1, 17)
        stap = weighted(rng, MVV_GEWICHTEN)
        sinds = min(PEILDATUM, since + timedelta(days=rng.randrange(20, 300)))
        gehuisvest_op = sinds if stap is MvvStap.GEHUISVEST else None
        woningcheck = (
            WoningcheckResultaat.GESCHIKT
            if stap in (MvvStap.MVV_AFGEGEVEN, MvvStap.INGEREISD, MvvStap.GEHUISVEST)
            else weighted(
                rng,
                {
                    WoningcheckResultaat.NIET_UITGEVOERD: 50,
                    WoningcheckResultaat.IN_BEHANDELING: 25,
                    WoningcheckResultaat.GESCHIKT: 15,
                    WoningcheckResultaat.NIET_GESCHIKT: 10,
                },
            )
        )
        n_id = self.rows.add(
            "nareiziger",
            v_nummer=self.unique.v_nummer(),
            voornamen=self.names.voornaam(rng, nat, man),
            achternaam=achternaam,
            geslacht=Geslacht.MAN if man else Geslacht.VROUW,
            geboortedatum=PEILDATUM - timedelta(days=age * 365 + rng.randrange(365)),
            nationaliteit=nat.naam,
            relatie_tot_referent=relatie,
            referent_id=referent_id,
            gekoppelde_gemeente_id=gemeente_id,
            mvv_stap=stap,
            mvv_stap_sinds=sinds,
            woningcheck=woningcheck,
            historisch=stap is MvvStap.GEHUISVEST and rng.random() < 0.7,
            gehuisvest_op=gehuisvest_op,
            aangemaakt_op=moment(since, rng),
        )
        # Nareizigers rarely meet a casemanager: a few have consent and a short profile.
        if age >= 16 and rng.random() < 0.15:
            self._consent_and_profiles(
                "nareiziger_id", n_id, "verleend", rng.randrange(0, 2), nat, since, [], None
            )
        return n_id

    def _consent_and_profiles(
        self,
        fk: str,
        person_id: int,
        state: str,
        versies: int,
        nat: Nationaliteit,
        vergunning_op: date,
        gezin: list[dict[str, Any]],
        vh_row: dict[str, Any] | None,
    ) -> None:
        rng = self.rng
        cm_id, cm_naam, cm_email = rng.choice(self.casemanagers)
        other = "nareiziger_id" if fk == "vergunninghouder_id" else "vergunninghouder_id"
        day = vergunning_op + timedelta(days=rng.randrange(3, 30))
        if state in ("verleend", "ingetrokken"):
            self.rows.add(
                "toestemming",
                **{fk: person_id, other: None},
                soort=ToestemmingSoort.VERLEEND,
                datum=min(day, PEILDATUM),
                vastgelegd_op=moment(min(day, PEILDATUM), rng),
                vastgelegd_door_id=cm_id,
            )
        sent = min(day, PEILDATUM)
        for versie in range(1, versies + 1):
            sent = min(PEILDATUM, sent + timedelta(days=rng.randrange(5, 60)))
            doc = kp.profiel(rng, vh_row or {}, nat.naam, versie, gezin, vergunning_op, (cm_naam, cm_email))
            self.rows.add(
                "klantprofiel",
                **{fk: person_id, other: None},
                versie=versie,
                verzonden_op=moment(sent, rng),
                verzonden_door_id=cm_id,
                **doc,
            )
        if state == "ingetrokken":
            withdrawn = min(PEILDATUM, sent + timedelta(days=rng.randrange(1, 60)))
            self.rows.add(
                "toestemming",
                **{fk: person_id, other: None},
                soort=ToestemmingSoort.INGETROKKEN,
                datum=withdrawn,
                vastgelegd_op=moment(withdrawn, rng),
                vastgelegd_door_id=cm_id,
            )
