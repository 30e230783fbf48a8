"""The access matrix (DESIGN.md) as one table: every role x every group, through the HTTP API.

Allowed gives data and a GETOOND access-log record naming the group; not allowed gives FORBIDDEN,
the fields named, no data, and a GEWEIGERD record.
"""

from __future__ import annotations

import pytest

from db.enums import AuditResultaat
from tests.conftest import Api, audit_rows_for

# One probe per group: a query that reads that group and nothing else that is grouped.
PROBES = {
    "BASIS": (
        "{ vergunninghouders(first: 5) { nodes { vNummer geboortedatum } } }",
        "Vergunninghouder.geboortedatum",
    ),
    "BSN": ("{ vergunninghouders(first: 5) { nodes { vNummer bsn } } }", "Vergunninghouder.bsn"),
    "BIJZONDER": (
        "{ vergunninghouders(first: 5) { nodes { vNummer etniciteit } } }",
        "Vergunninghouder.etniciteit",
    ),
    "HUISVESTING": (
        "{ vergunninghouders(first: 5) { nodes { vNummer plaatsingseenheid { pleNummer } } } }",
        "Vergunninghouder.plaatsingseenheid",
    ),
    "KLANTPROFIEL_PERSOONLIJK": (
        "{ vergunninghouders(first: 5, filter: {heeftKlantprofiel: true}) { nodes { vNummer"
        " klantprofiel { ... on Klantprofiel { persoonlijk { talen } } } } } }",
        "Klantprofiel.persoonlijk",
    ),
    "KLANTPROFIEL_PARTICIPATIE": (
        "{ vergunninghouders(first: 5, filter: {heeftKlantprofiel: true}) { nodes { vNummer"
        " klantprofiel { ... on Klantprofiel { inburgering { leerroute } } } } } }",
        "Klantprofiel.inburgering",
    ),
    "CONTACTGEGEVENS": (
        "query($g: String) { contactpersonen(gemeenteCode: $g) { naam email } }",
        "Query.contactpersonen",
    ),
    "AUDIT": ("{ auditLog(first: 5) { nodes { vNummer resultaat } } }", "Query.auditLog"),
}

Y, N = True, False
# role persona -> group -> may read (✓ and ✓c both read: the probes pick people with consent).
MATRIX = {
    "utrecht": {
        "BASIS": Y,
        "BSN": Y,
        "BIJZONDER": Y,
        "HUISVESTING": Y,
        "KLANTPROFIEL_PERSOONLIJK": Y,
        "KLANTPROFIEL_PARTICIPATIE": Y,
        "CONTACTGEGEVENS": Y,
        "AUDIT": N,
    },
    "beheerder": {
        "BASIS": Y,
        "BSN": Y,
        "BIJZONDER": Y,
        "HUISVESTING": Y,
        "KLANTPROFIEL_PERSOONLIJK": Y,
        "KLANTPROFIEL_PARTICIPATIE": Y,
        "CONTACTGEGEVENS": Y,
        "AUDIT": N,
    },
    "derde": {
        "BASIS": Y,
        "BSN": N,
        "BIJZONDER": N,
        "HUISVESTING": N,
        "KLANTPROFIEL_PERSOONLIJK": N,
        "KLANTPROFIEL_PARTICIPATIE": Y,
        "CONTACTGEGEVENS": Y,
        "AUDIT": N,
    },
    "amr": {
        "BASIS": N,
        "BSN": N,
        "BIJZONDER": N,
        "HUISVESTING": N,
        "KLANTPROFIEL_PERSOONLIJK": N,
        "KLANTPROFIEL_PARTICIPATIE": Y,
        "CONTACTGEGEVENS": N,
        "AUDIT": N,
    },
    "casemanager": {
        "BASIS": Y,
        "BSN": Y,
        "BIJZONDER": Y,
        "HUISVESTING": Y,
        "KLANTPROFIEL_PERSOONLIJK": Y,
        "KLANTPROFIEL_PARTICIPATIE": Y,
        "CONTACTGEGEVENS": Y,
        "AUDIT": N,
    },
    "regievoerder": {
        "BASIS": Y,
        "BSN": Y,
        "BIJZONDER": Y,
        "HUISVESTING": Y,
        "KLANTPROFIEL_PERSOONLIJK": Y,
        "KLANTPROFIEL_PARTICIPATIE": Y,
        "CONTACTGEGEVENS": Y,
        "AUDIT": N,
    },
    "fg": {
        "BASIS": N,
        "BSN": N,
        "BIJZONDER": N,
        "HUISVESTING": N,
        "KLANTPROFIEL_PERSOONLIJK": N,
        "KLANTPROFIEL_PARTICIPATIE": N,
        "CONTACTGEGEVENS": N,
        "AUDIT": Y,
    },
}
PERSON_GROUPS = {
    "BASIS",
    "BSN",
    "BIJZONDER",
    "HUISVESTING",
    "KLANTPROFIEL_PERSOONLIJK",
    "KLANTPROFIEL_PARTICIPATIE",
}
CASES = [(persona, group, allowed) for persona, row in MATRIX.items() for group, allowed in row.items()]


@pytest.mark.parametrize(("persona", "group", "allowed"), CASES, ids=[f"{p}-{g}" for p, g, _ in CASES])
async def test_access_matrix(api: Api, persona: str, group: str, allowed: bool) -> None:
    query, field = PROBES[group]
    variables = {"g": "GM0344" if persona in ("casemanager", "regievoerder") else None}
    if group == "AUDIT":
        await api.data("utrecht", "{ vergunninghouders(first: 2) { nodes { vNummer } } }")
    response = await api.post(persona, query, variables if group == "CONTACTGEGEVENS" else None)
    assert response.status_code == 200
    body = response.json()
    records = await api.rows(audit_rows_for(response.headers["traceparent"].split("-")[1]))
    if not allowed:
        assert body["data"] is None
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "FORBIDDEN"
        assert field in error["extensions"]["velden"]
        assert [r.resultaat for r in records] == [AuditResultaat.GEWEIGERD]
        assert group in records[0].gegevensgroepen.split(",")
        return
    assert "errors" not in body, body
    (result,) = body["data"].values()
    items = result["nodes"] if isinstance(result, dict) else result
    assert items, f"{persona} should see data for {group}"
    if group in PERSON_GROUPS:
        recorded = {r.v_nummer_hmac for r in records}
        # Every person returned is recorded (a plaatsingseenheid also records its other members).
        assert {api.state.cipher.index(i["vNummer"]) for i in items} <= recorded
        if group != "HUISVESTING":
            assert len(records) == len(items)
        for r in records:
            assert r.resultaat is AuditResultaat.GETOOND
            assert group in r.gegevensgroepen.split(",")


async def test_ik_lists_exactly_the_groups_of_the_matrix(api: Api) -> None:
    for persona, row in MATRIX.items():
        data = await api.data(persona, "{ ik { rol gegevensgroepen } }")
        assert set(data["ik"]["gegevensgroepen"]) == {g for g, ok in row.items() if ok}, persona


@pytest.mark.parametrize(
    "query",
    [
        # through an alias
        "{ vergunninghouders(first: 1) { nodes { nummer: bsn } } }",
        # through a named fragment
        "{ vergunninghouders(first: 1) { nodes { ...F } } } fragment F on Vergunninghouder { bsn }",
        # through an inline fragment on an interface
        '{ node(id: "x") { ... on Vergunninghouder { bsn } } }',
        # through a nested path
        "{ nareizigers(first: 1) { nodes { referent { bsn } } } }",
        # through a filter given as a literal and as a variable
        '{ vergunninghouders(filter: {bsn: "123456782"}) { totalCount } }',
    ],
)
async def test_a_group_cannot_be_reached_around_the_rule(api: Api, query: str) -> None:
    body = await api.gql("derde", query)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_filters_and_orderings_in_variables_are_checked(api: Api) -> None:
    q = "query($f: VergunninghouderFilter, $o: [VergunninghouderSortering!]) { vergunninghouders(filter: $f, orderBy: $o) { totalCount } }"
    body = await api.gql("derde", q, {"f": {"etniciteit": "Koerdisch"}})
    assert body["errors"][0]["extensions"]["velden"] == ["VergunninghouderFilter.etniciteit"]
    body = await api.gql("amr", q, {"o": [{"veld": "GEBOORTEDATUM"}]})
    assert body["errors"][0]["extensions"]["velden"] == ["VergunninghouderSorteerveld.GEBOORTEDATUM"]
    assert body["data"] is None
    # The same orderings and filters are fine for a role that may read the groups.
    assert await api.data("utrecht", q, {"f": {"etniciteit": "Koerdisch"}, "o": [{"veld": "GEBOORTEDATUM"}]})


async def test_a_count_alone_is_refused_without_the_group(api: Api) -> None:
    body = await api.gql("amr", "{ nareizigers { totalCount } }")
    assert body["data"] is None and body["errors"][0]["extensions"]["velden"] == ["Query.nareizigers"]
