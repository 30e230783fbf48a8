"""Pagination: `first` bounds, opaque and sealed cursors, stable pages while rows are inserted."""

from __future__ import annotations

import base64

import pytest
import sqlalchemy as sa

from db.enums import Fase, Geslacht
from db.models import Gemeente, Vergunninghouder
from tests.conftest import Api

PAGE = """query($first: Int, $after: String, $o: [VergunninghouderSortering!]) {
  vergunninghouders(first: $first, after: $after, orderBy: $o) {
    edges { cursor node { vNummer achternaam } } pageInfo { hasNextPage endCursor } } }"""


@pytest.mark.parametrize("first", [0, -1, 501, 10_000])
async def test_first_outside_bounds_is_validation_failed(api: Api, first: int) -> None:
    body = await api.gql("utrecht", PAGE, {"first": first})
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "VALIDATION_FAILED"
    assert "first" in error["extensions"]["velden"]


@pytest.mark.parametrize(
    "cursor", ["nonsense", "", base64.urlsafe_b64encode(b'["ACHTERNAAM+","A",1]').decode()]
)
async def test_a_cursor_we_did_not_make_is_refused(api: Api, cursor: str) -> None:
    body = await api.gql("utrecht", PAGE, {"first": 2, "after": cursor})
    if cursor == "":
        assert "errors" not in body  # an empty `after` is no cursor: the first page
        return
    extensions = body["errors"][0]["extensions"]
    assert extensions["code"] == "VALIDATION_FAILED" and set(extensions["velden"]) == {"after"}


async def test_a_cursor_of_another_ordering_is_refused(api: Api) -> None:
    first = await api.data("utrecht", PAGE, {"first": 2})
    cursor = first["vergunninghouders"]["pageInfo"]["endCursor"]
    body = await api.gql("utrecht", PAGE, {"first": 2, "after": cursor, "o": [{"veld": "V_NUMMER"}]})
    assert body["errors"][0]["extensions"]["code"] == "VALIDATION_FAILED"


async def test_cursors_reveal_nothing(api: Api) -> None:
    data = await api.data("utrecht", PAGE, {"first": 5, "o": [{"veld": "GEBOORTEDATUM"}]})
    for edge in data["vergunninghouders"]["edges"]:
        raw = base64.urlsafe_b64decode(edge["cursor"] + "=" * (-len(edge["cursor"]) % 4))
        assert edge["node"]["achternaam"].encode() not in raw


async def test_pages_stay_correct_while_rows_are_inserted(fresh_api: Api) -> None:
    page1 = (await fresh_api.data("utrecht", PAGE, {"first": 5}))["vergunninghouders"]
    after = page1["pageInfo"]["endCursor"]
    before_insert = (await fresh_api.data("utrecht", PAGE, {"first": 5, "after": after}))["vergunninghouders"]
    utrecht = await fresh_api.scalar(sa.select(Gemeente.id).where(Gemeente.code == "GM0344"))
    async with fresh_api.engine.begin() as conn:
        # Someone who sorts before the cursor, and someone who sorts right after it.
        for v, naam in (("9900000001", "Aaaa"), ("9900000002", page1["edges"][-1]["node"]["achternaam"])):
            await conn.execute(
                sa.insert(Vergunninghouder).values(
                    v_nummer=v,
                    voornamen="Nieuw",
                    achternaam=naam,
                    geslacht=Geslacht.ONBEKEND,
                    fase=Fase.GEKOPPELD,
                    gekoppelde_gemeente_id=utrecht,
                    koppeldatum=sa.func.current_date(),
                    historisch=False,
                    geblokkeerd=False,
                    gesprek_gevoerd=False,
                    rolstoeltoegankelijk_nodig=False,
                )
            )
    after_insert = (await fresh_api.data("utrecht", PAGE, {"first": 6, "after": after}))["vergunninghouders"]
    ids = [e["node"]["vNummer"] for e in after_insert["edges"]]
    assert "9900000001" not in ids  # sorts before the cursor: not on a later page
    expected = [e["node"]["vNummer"] for e in before_insert["edges"]]
    # The new row with the same achternaam sorts after the cursor row (higher id): it appears,
    # and nothing of the original next page is skipped or repeated.
    assert [i for i in ids if i != "9900000002"][:5] == expected
