"""The fast completion of plain-leaf objects answers exactly as graphql-core does, errors included."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import pytest
import strawberry

from gateway.schema.execution import FastLeafExecutionContext


@strawberry.enum
class Kleur(Enum):
    ROOD = "rood"
    BLAUW = "blauw"


@strawberry.type
class Rij:
    naam: str
    leeftijd: int | None
    kleur: Kleur
    datum: dt.date

    @strawberry.field
    def groet(self) -> str:
        return f"hoi {self.naam}"


ROWS = [
    Rij(naam="a", leeftijd=3, kleur=Kleur.ROOD, datum=dt.date(2026, 1, 2)),
    Rij(naam="b", leeftijd=None, kleur=Kleur.BLAUW, datum=dt.date(2026, 1, 3)),
    Rij(naam=None, leeftijd=1, kleur=Kleur.ROOD, datum=dt.date(2026, 1, 4)),  # type: ignore[arg-type]
    Rij(naam="d", leeftijd=1, kleur="paars", datum=dt.date(2026, 1, 5)),  # type: ignore[arg-type]
]


@strawberry.type
class Query:
    @strawberry.field
    def rijen(self) -> list[Rij | None]:
        return ROWS


@pytest.mark.parametrize(
    "query",
    [
        "{ rijen { naam leeftijd kleur datum __typename } }",
        "{ rijen { x: naam y: leeftijd naam } }",
        "{ rijen { naam groet } }",
        "{ rijen { ... on Rij { kleur } leeftijd @include(if: false) } }",
    ],
)
async def test_same_answer_as_graphql_core(query: str) -> None:
    fast = strawberry.Schema(query=Query, execution_context_class=FastLeafExecutionContext)
    plain = strawberry.Schema(query=Query)
    a, b = await fast.execute(query), await plain.execute(query)
    assert a.data == b.data
    assert [(e.message, e.path) for e in a.errors or []] == [(e.message, e.path) for e in b.errors or []]
    if "naam" in query and "groet" not in query:
        assert a.errors  # the null in a non-null field and the bad enum value are reported
