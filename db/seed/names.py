"""Names and nationalities for synthetic people, from db/reference/namen.csv and nationaliteiten.csv.

Distributions follow domain.md section 7 (first asylum applications 2023, [INFERRED] weights).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from db.reference import REFERENCE_DIR, read_csv


@dataclass(frozen=True)
class Nationaliteit:
    naam: str
    gewicht: int
    namengroep: str
    etniciteiten: tuple[tuple[str, int], ...]


class Names:
    def __init__(self) -> None:
        self.by_group: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for row in read_csv(REFERENCE_DIR / "namen.csv"):
            self.by_group[row["groep"]][row["soort"]].append(row["naam"])
        self.nationaliteiten = [
            Nationaliteit(
                naam=r["nationaliteit"],
                gewicht=int(r["gewicht"]),
                namengroep=r["namengroep"],
                etniciteiten=tuple(
                    (e.split(":")[0], int(e.split(":")[1])) for e in r["etniciteiten"].split(";")
                ),
            )
            for r in read_csv(REFERENCE_DIR / "nationaliteiten.csv")
        ]
        self._weights = [n.gewicht for n in self.nationaliteiten]

    def nationaliteit(self, rng: random.Random) -> Nationaliteit:
        return rng.choices(self.nationaliteiten, weights=self._weights)[0]

    def voornaam(self, rng: random.Random, nat: Nationaliteit, man: bool) -> str:
        return rng.choice(self.by_group[nat.namengroep]["man" if man else "vrouw"])

    def achternaam(self, rng: random.Random, nat: Nationaliteit) -> str:
        return rng.choice(self.by_group[nat.namengroep]["achternaam"])

    def etniciteit(self, rng: random.Random, nat: Nationaliteit) -> str:
        names, weights = zip(*nat.etniciteiten, strict=True)
        return str(rng.choices(names, weights=weights)[0])
