"""Row scope: for each demo account, no root, filter, order, count or cursor ever returns a person
outside its scope (checked against the database), and out-of-scope rows do not exist for it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from db.models import Gemeente, Vergunninghouder
from tests.conftest import Api
from tests.scopes import ALL_PERSONAS, PERSONAS_WITH_ROWS, v_nummers_in_scope, v_nummers_outside_scope

pytestmark = pytest.mark.both_read_paths

PAGE = """
query($first: Int, $after: String, $f: VergunninghouderFilter, $o: [VergunninghouderSortering!]) {
  vergunninghouders(first: $first, after: $after, filter: $f, orderBy: $o) {
    totalCount
    edges { cursor node { vNummer } }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def _walk(api: Api, persona: str, page_size: int, **variables: object) -> tuple[list[str], int]:
    seen: list[str] = []
    after = None
    total = -1
    while True:
        data = await api.data(persona, PAGE, {"first": page_size, "after": after, **variables})
        conn = data["vergunninghouders"]
        total = conn["totalCount"]
        seen += [e["node"]["vNummer"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            return seen, total
        after = conn["pageInfo"]["endCursor"]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
async def test_lists_counts_and_cursors_stay_in_scope(api: Api, persona: str) -> None:
    expected = await v_nummers_in_scope(api, persona)
    seen, total = await _walk(api, persona, 500)
    assert set(seen) == expected and len(seen) == len(expected) == total
    if persona in ("utrecht", "amr"):
        paged, _ = await _walk(api, persona, 7)
        assert paged == seen  # cursors neither skip nor repeat


@pytest.mark.parametrize("persona", ["utrecht", "derde", "regievoerder"])
@pytest.mark.parametrize("veld", ["ACHTERNAAM", "V_NUMMER", "KOPPELDATUM", "GEBOORTEDATUM"])
@pytest.mark.parametrize("richting", ["OPLOPEND", "AFLOPEND"])
async def test_every_ordering_pages_through_exactly_the_scope(
    api: Api, persona: str, veld: str, richting: str
) -> None:
    expected = await v_nummers_in_scope(api, persona)
    seen, total = await _walk(api, persona, 9, o=[{"veld": veld, "richting": richting}])
    assert len(seen) == len(set(seen)) == total
    assert set(seen) == expected


async def test_ordering_is_what_it_says(api: Api) -> None:
    data = await api.data(
        "casemanager",
        "{ vergunninghouders(first: 200, orderBy: [{veld: GEBOORTEDATUM, richting: AFLOPEND}]) "
        "{ nodes { geboortedatum achternaam } } }",
    )
    dates = [n["geboortedatum"] for n in data["vergunninghouders"]["nodes"]]
    known = [d for d in dates if d is not None]
    assert known == sorted(known, reverse=True)
    data = await api.data("casemanager", "{ vergunninghouders(first: 300) { nodes { achternaam } } }")
    names = [n["achternaam"] for n in data["vergunninghouders"]["nodes"]]
    assert names == sorted(names, key=lambda s: s.encode())


@pytest.mark.parametrize("persona", PERSONAS_WITH_ROWS)
async def test_filters_never_reach_outside(api: Api, persona: str) -> None:
    outside = sorted(await v_nummers_outside_scope(api, persona))[:3]
    for v in outside:
        data = await api.data(persona, PAGE, {"first": 10, "f": {"vNummer": v}})
        assert data["vergunninghouders"]["totalCount"] == 0
        assert data["vergunninghouders"]["edges"] == []
    rotterdam = {
        r.v_nummer
        for r in await api.rows(
            sa.select(Vergunninghouder.v_nummer)
            .join(Gemeente, Gemeente.id == Vergunninghouder.gekoppelde_gemeente_id)
            .where(Gemeente.code == "GM0599")
        )
    }
    seen, total = await _walk(api, persona, 500, f={"gekoppeldeGemeente": "GM0599"})
    assert set(seen) == rotterdam & await v_nummers_in_scope(api, persona) and total == len(seen)


@pytest.mark.parametrize("persona", [p for p in ALL_PERSONAS if p != "casemanager"])  # sees everyone
async def test_out_of_scope_is_indistinguishable_from_nonexistent(api: Api, persona: str) -> None:
    query = "query($v: String!) { vergunninghouder(vNummer: $v) { vNummer voornamen } }"
    outside = sorted(await v_nummers_outside_scope(api, persona))
    existing = await api.gql(persona, query, {"v": outside[0]})
    missing = await api.gql(persona, query, {"v": "0000000001"})
    assert existing == missing == {"data": {"vergunninghouder": None}}


async def test_heeft_klantprofiel_partitions_the_scope(api: Api) -> None:
    for persona in ("utrecht", "amr", "casemanager"):
        expected = await v_nummers_in_scope(api, persona)
        yes, n_yes = await _walk(api, persona, 500, f={"heeftKlantprofiel": True})
        no, n_no = await _walk(api, persona, 500, f={"heeftKlantprofiel": False})
        assert set(yes) | set(no) == expected and not set(yes) & set(no)
        assert n_yes + n_no == len(expected)


async def test_search_criteria_of_the_tvs_overview(api: Api) -> None:
    """Each TVS search criterion narrows the list to rows that match it, within the scope."""
    utrecht = await v_nummers_in_scope(api, "utrecht")
    rows = await api.rows(sa.select(Vergunninghouder).where(Vergunninghouder.v_nummer.in_(utrecht)))
    someone = next(r for r in rows if r.bsn and r.azc_naam and r.etniciteit)
    cases = {
        "fase": ([someone.fase.value], {r.v_nummer for r in rows if r.fase == someone.fase}),
        "bsn": (someone.bsn, {someone.v_nummer}),
        "azc": (someone.azc_naam.upper(), {r.v_nummer for r in rows if r.azc_naam == someone.azc_naam}),
        "nationaliteit": (
            someone.nationaliteit.lower(),
            {r.v_nummer for r in rows if r.nationaliteit == someone.nationaliteit},
        ),
        "achternaam": (
            someone.achternaam[:3].lower(),
            {r.v_nummer for r in rows if r.achternaam.lower().startswith(someone.achternaam[:3].lower())},
        ),
        "etniciteit": (someone.etniciteit, {r.v_nummer for r in rows if r.etniciteit == someone.etniciteit}),
        "geslacht": (someone.geslacht.value, {r.v_nummer for r in rows if r.geslacht == someone.geslacht}),
        "historisch": (True, {r.v_nummer for r in rows if r.historisch}),
        "gesprekGevoerd": (False, {r.v_nummer for r in rows if not r.gesprek_gevoerd}),
        "geblokkeerd": (False, {r.v_nummer for r in rows if not r.geblokkeerd}),
    }
    for criterion, (value, expected) in cases.items():
        seen, total = await _walk(api, "utrecht", 500, f={criterion: value})
        assert set(seen) == expected and total == len(expected), criterion


async def test_personen_in_ple_counts_the_household(api: Api) -> None:
    data = await api.data(
        "utrecht",
        "{ vergunninghouders(first: 500, filter: {personenInPle: {van: 3}}) "
        "{ nodes { plaatsingseenheid { aantalPersonen } plaatsingskenmerken { huishoudgrootte } } } }",
    )
    nodes = data["vergunninghouders"]["nodes"]
    assert nodes and all(n["plaatsingseenheid"]["aantalPersonen"] >= 3 for n in nodes)
    assert all(n["plaatsingskenmerken"]["huishoudgrootte"] >= 3 for n in nodes)
    data = await api.data(
        "utrecht",
        "{ vergunninghouders(first: 500, filter: {personenInPle: {van: 1, totEnMet: 1}}) { totalCount } }",
    )
    singles = data["vergunninghouders"]["totalCount"]
    assert 0 < singles < len(await v_nummers_in_scope(api, "utrecht"))
