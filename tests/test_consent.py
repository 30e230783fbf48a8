"""Consent: every consent state x every role that sees the person, and a withdrawal between two
requests. GEEN_TOESTEMMING and TOESTEMMING_INGETROKKEN take precedence over NOG_NIET_VERZONDEN;
COA's casemanager reads regardless."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from db.enums import ToestemmingSoort
from db.models import Klantprofiel, Toestemming, Vergunninghouder
from tests.conftest import Api

pytestmark = pytest.mark.both_read_paths

QUERY = """query($v: String!) { vergunninghouder(vNummer: $v) {
  toestemming { status ondertekendOp ingetrokkenOp }
  klantprofiel { __typename ... on KlantprofielNietBeschikbaar { reden } ... on Klantprofiel { versie } }
  klantprofielVersies { versie }
} }"""

# state -> (what a reader bound by consent gets, what the casemanager gets)
EXPECTED = {
    "geen": ("GEEN_TOESTEMMING", "Klantprofiel"),  # COA has a profile, the person did not consent
    "verleend_verzonden": ("Klantprofiel", "Klantprofiel"),
    "verleend_niet_verzonden": ("NOG_NIET_VERZONDEN", "NOG_NIET_VERZONDEN"),
    "ingetrokken": ("TOESTEMMING_INGETROKKEN", "Klantprofiel"),
}
READERS = ["utrecht", "beheerder", "derde", "amr", "regievoerder", "casemanager"]


async def _utrecht_person(api: Api, state: str) -> str:
    """A Utrecht person of the demo cast in `state`."""
    latest = (
        sa.select(Toestemming.soort)
        .where(Toestemming.vergunninghouder_id == Vergunninghouder.id)
        .order_by(Toestemming.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    sent = sa.exists().where(Klantprofiel.vergunninghouder_id == Vergunninghouder.id)
    condition = {
        "geen": sa.and_(latest.is_(None), sent),
        "verleend_verzonden": sa.and_(latest == ToestemmingSoort.VERLEEND.value, sent),
        "verleend_niet_verzonden": sa.and_(latest == ToestemmingSoort.VERLEEND.value, sa.not_(sent)),
        "ingetrokken": sa.and_(latest == ToestemmingSoort.INGETROKKEN.value, sent),
    }[state]
    from db.models import Gemeente

    utrecht = sa.select(Gemeente.id).where(Gemeente.code == "GM0344").scalar_subquery()
    rows = await api.rows(
        sa.select(Vergunninghouder.v_nummer)
        .where(Vergunninghouder.gekoppelde_gemeente_id == utrecht, condition)
        .order_by(Vergunninghouder.id)
    )
    assert rows, f"the demo data lacks a Utrecht person in state {state}"
    return str(rows[0].v_nummer)


@pytest.mark.parametrize("state", list(EXPECTED))
@pytest.mark.parametrize("persona", READERS)
async def test_consent_state_by_role(api: Api, state: str, persona: str) -> None:
    v = await _utrecht_person(api, state)
    person = (await api.data(persona, QUERY, {"v": v}))["vergunninghouder"]
    expected = EXPECTED[state][1 if persona == "casemanager" else 0]
    kp = person["klantprofiel"]
    if expected == "Klantprofiel":
        assert kp["__typename"] == "Klantprofiel" and kp["versie"] >= 1
        assert [k["versie"] for k in person["klantprofielVersies"]] == list(range(kp["versie"], 0, -1))
    else:
        assert kp == {"__typename": "KlantprofielNietBeschikbaar", "reden": expected}
        assert person["klantprofielVersies"] == []
    status = {"geen": "NIET_VASTGELEGD", "ingetrokken": "INGETROKKEN"}.get(state, "VERLEEND")
    assert person["toestemming"]["status"] == status
    assert (person["toestemming"]["ingetrokkenOp"] is not None) == (state == "ingetrokken")


async def test_a_withdrawal_counts_from_the_next_request(fresh_api: Api) -> None:
    v = await _utrecht_person(fresh_api, "verleend_verzonden")
    before = (await fresh_api.data("utrecht", QUERY, {"v": v}))["vergunninghouder"]
    assert before["klantprofiel"]["__typename"] == "Klantprofiel"
    filtered = "query($v: String!) { vergunninghouders(filter: {vNummer: $v, heeftKlantprofiel: true}) { totalCount } }"
    assert (await fresh_api.data("utrecht", filtered, {"v": v}))["vergunninghouders"]["totalCount"] == 1

    vh_id = await fresh_api.scalar(sa.select(Vergunninghouder.id).where(Vergunninghouder.v_nummer == v))
    async with fresh_api.engine.begin() as conn:
        await conn.execute(
            sa.insert(Toestemming).values(
                vergunninghouder_id=vh_id, soort=ToestemmingSoort.INGETROKKEN, datum=date(2026, 12, 2)
            )
        )

    after = (await fresh_api.data("utrecht", QUERY, {"v": v}))["vergunninghouder"]
    assert after["klantprofiel"] == {
        "__typename": "KlantprofielNietBeschikbaar",
        "reden": "TOESTEMMING_INGETROKKEN",
    }
    assert after["klantprofielVersies"] == []
    assert after["toestemming"]["status"] == "INGETROKKEN"
    assert (await fresh_api.data("utrecht", filtered, {"v": v}))["vergunninghouders"]["totalCount"] == 0
    # COA's casemanager still reads it: COA holds the profile itself.
    cm = (await fresh_api.data("casemanager", QUERY, {"v": v}))["vergunninghouder"]
    assert cm["klantprofiel"]["__typename"] == "Klantprofiel"


async def test_without_consent_nothing_of_the_profile_is_read(api: Api) -> None:
    """Nothing consent-bound leaves through the plaatsingseenheid's forms either."""
    v = await _utrecht_person(api, "ingetrokken")
    data = await api.data(
        "utrecht",
        "query($v: String!) { vergunninghouder(vNummer: $v) { plaatsingseenheid { formulieren { soort downloadUrl } } } }",
        {"v": v},
    )
    forms = data["vergunninghouder"]["plaatsingseenheid"]["formulieren"]
    own = [f for f in forms if f["soort"] == "KLANTPROFIEL" and f["downloadUrl"] and v in f["downloadUrl"]]
    assert own == []
