"""SQL statements per request are bounded by the query's shape, never by the number of rows.

Counted with a SQLAlchemy cursor event on the gateway's own engine, for the whole request
(principal lookup and access-log insert included).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa

from db.models import Vergunninghouder
from tests.conftest import Api

pytestmark = pytest.mark.both_read_paths

DASHBOARD = """query Dashboard($first: Int) {
  vergunninghouders(first: $first) { nodes {
    vNummer achternaam bsn
    gekoppeldeGemeente { code }
    toestemming { status }
    klantprofiel { __typename ... on Klantprofiel { versie ambities } ... on KlantprofielNietBeschikbaar { reden } }
    plaatsingseenheid { pleNummer aantalPersonen huurcontract { verhuurder } formulieren { soort downloadUrl }
      leden { vNummer klantprofiel { __typename ... on Klantprofiel { versie } } } }
    nareizigers { vNummer mvvStap }
  } }
  nareizigers(first: $first) { nodes { vNummer referent { vNummer klantprofiel { __typename } } } }
  gemeente(code: "GM0344") { naam contactpersonen { naam }
    vergunninghouders(first: $first) { totalCount nodes { vNummer } } }
}"""

GEMEENTEN = """query($first: Int) { gemeenten { code
  vergunninghouders(first: $first) { totalCount nodes { vNummer toestemming { status } } }
  nareizigers(first: $first) { totalCount nodes { vNummer } }
  taakstelling { periode gerealiseerd } } }"""

#: The bound per relation level: a loader batch, and for the consent gate two (consent, profile).
MAX_PER_LEVEL = 2


@contextmanager
def counting(api: Api) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.startswith(("BEGIN", "PRAGMA")):
            statements.append(statement)

    engines = {api.engine.sync_engine, api.state.read_engine.sync_engine}
    for engine in engines:
        sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        for engine in engines:
            sa.event.remove(engine, "before_cursor_execute", count)


async def _count(api: Api, persona: str, query: str, first: int) -> tuple[int, Any]:
    with counting(api) as statements:
        data = await api.data(persona, query, {"first": first})
    return len(statements), data


@pytest.mark.parametrize("persona", ["casemanager", "utrecht"])
async def test_the_dashboard_costs_the_same_for_10_and_200_rows(api: Api, persona: str) -> None:
    small, data_small = await _count(api, persona, DASHBOARD, 10)
    large, data_large = await _count(api, persona, DASHBOARD, 200)
    assert len(data_large["vergunninghouders"]["nodes"]) > len(data_small["vergunninghouders"]["nodes"])
    assert small == large
    # Relations in the document: 13 levels (loaders) + 3 roots + 1 count + principal + access log.
    assert large <= 13 * MAX_PER_LEVEL + 6


async def test_child_lists_of_many_parents_use_one_windowed_statement(api: Api) -> None:
    small, _ = await _count(api, "casemanager", GEMEENTEN, 2)
    # 10 a gemeente: 40 for each of ~342 gemeenten is over the query cost limit (TVS_MAX_COST).
    large, data = await _count(api, "casemanager", GEMEENTEN, 10)
    assert small == large
    pages = [g["vergunninghouders"] for g in data["gemeenten"]]
    # Each gemeente got its own page (a per-parent window, not one LIMIT for the batch).
    assert sum(1 for p in pages if len(p["nodes"]) == min(p["totalCount"], 10)) == len(pages)
    linked = await api.scalar(
        sa.select(sa.func.count()).where(Vergunninghouder.gekoppelde_gemeente_id.is_not(None))
    )
    assert sum(p["totalCount"] for p in pages) == linked
