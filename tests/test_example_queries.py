"""The example queries of docs/queries/ work: each, run as the account its comment names on `make
run`'s demo data, answers without errors and with rows; GraphiQL offers every one of them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from db.seed.demo import DEMO_ACCOUNTS
from gateway.graphiql import DEFAULT_EXAMPLES_DIR, Example, load_examples
from tests.conftest import Api, make_settings, open_api

EXAMPLES = {e.name: e for e in load_examples(DEFAULT_EXAMPLES_DIR)}
DEMO_NAMES = {a.gebruikersnaam for a in DEMO_ACCOUNTS}


@pytest.fixture
async def demo_api(demo_db_url: str, key_dir: Path) -> AsyncIterator[Api]:
    async for a in open_api(make_settings(demo_db_url, key_dir)):
        yield a


def rows_in(value: Any) -> int:
    """How many list items the answer holds, at any depth: 0 means it found nothing."""
    if isinstance(value, list):
        return len(value) + sum(rows_in(v) for v in value)
    if isinstance(value, dict):
        return sum(rows_in(v) for v in value.values())
    return 0


async def run(api: Api, example: Example) -> Any:
    return await api.data(example.persona, example.query)


def test_there_is_one_example_per_task() -> None:
    assert set(EXAMPLES) == {
        "gemeente-overzicht",
        "vergunninghouder-detail",
        "nareizigers-mvv-woningcheck",
        "arbeidsmarktregio-participatie",
        "fg-wie-zag-deze-persoon",
        "taakstelling-regio",
    }


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_example_says_who_runs_it(name: str) -> None:
    example = EXAMPLES[name]
    assert example.title and example.persona in DEMO_NAMES, example.runs_as
    assert "(" in example.runs_as, "say who that account is, e.g. '(a gemeente's medewerker)'"


@pytest.mark.parametrize("name", sorted(set(EXAMPLES) - {"fg-wie-zag-deze-persoon"}))
async def test_each_example_answers_with_rows_for_its_persona(demo_api: Api, name: str) -> None:
    data = await run(demo_api, EXAMPLES[name])
    assert rows_in(data) > 0, data


async def test_the_detail_example_shows_what_it_promises(demo_api: Api) -> None:
    vh = (await run(demo_api, EXAMPLES["vergunninghouder-detail"]))["vergunninghouder"]
    assert vh is not None, "the default V-nummer is not in `make run`'s demo data of Utrecht any more"
    assert vh["koppeling"]["gemeente"]["code"] == "GM0344"
    assert len(vh["plaatsingseenheid"]["leden"]) > 1
    assert any(f["downloadUrl"] for f in vh["plaatsingseenheid"]["formulieren"])
    assert vh["klantprofiel"]["__typename"] == "Klantprofiel" and vh["klantprofiel"]["pdfUrl"]


async def test_the_fg_sees_who_opened_the_detail(demo_api: Api) -> None:
    await run(demo_api, EXAMPLES["vergunninghouder-detail"])
    log = (await run(demo_api, EXAMPLES["fg-wie-zag-deze-persoon"]))["auditLog"]
    seen = {(r["gebruikersnaam"], r["operatie"], r["resultaat"]) for r in log["nodes"]}
    assert ("medewerker@utrecht.demo", "VergunninghouderDetail", "GETOOND") in seen


async def test_the_overview_is_refused_to_the_arbeidsmarktregio(demo_api: Api) -> None:
    body = await demo_api.gql("amr", EXAMPLES["gemeente-overzicht"].query)
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "Vergunninghouder.bsn" in error["extensions"]["velden"]


async def test_graphiql_offers_every_example(demo_api: Api) -> None:
    response = await demo_api.client.get("/graphiql/examples")
    assert response.status_code == 200
    offered = {e["name"]: e for e in response.json()}
    assert set(offered) == set(EXAMPLES)
    assert offered["gemeente-overzicht"]["persona"] == "medewerker@utrecht.demo"
    assert offered["gemeente-overzicht"]["query"] == EXAMPLES["gemeente-overzicht"].query
