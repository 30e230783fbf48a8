"""The access log holds exactly the persons returned, with the groups returned, one record per
person per request, written before the response leaves; no record, no data."""

from __future__ import annotations

import secrets
from collections import defaultdict

import pytest
import sqlalchemy as sa

from db.enums import AuditResultaat, Gegevensgroep
from db.models import AuditRecord
from tests.conftest import DEMO, Api, audit_rows_for

pytestmark = pytest.mark.both_read_paths


def _trace(response: object) -> str:
    return response.headers["traceparent"].split("-")[1]  # type: ignore[attr-defined]


async def _records(api: Api, response: object) -> dict[str, set[str]]:
    """v_nummer -> groups, for the records of this response (decrypting as the FG would)."""
    out: dict[str, set[str]] = defaultdict(set)
    for r in await api.rows(audit_rows_for(_trace(response))):
        v = api.state.cipher.decrypt(r.v_nummer_versleuteld) if r.v_nummer_versleuteld else None
        out[v] |= {g for g in r.gegevensgroepen.split(",") if g}
    return dict(out)


async def test_a_list_records_exactly_the_persons_returned(api: Api) -> None:
    response = await api.post(
        "utrecht", "query Overzicht { vergunninghouders(first: 7) { nodes { vNummer bsn geboortedatum } } }"
    )
    nodes = response.json()["data"]["vergunninghouders"]["nodes"]
    records = await _records(api, response)
    assert set(records) == {n["vNummer"] for n in nodes} and len(nodes) == 7
    assert all(groups == {"BSN", "BASIS"} for groups in records.values())
    rows = await api.rows(audit_rows_for(_trace(response)))
    assert len(rows) == 7
    r = rows[0]
    assert (r.gebruikersnaam, r.rol.value, r.operatie, r.resultaat) == (
        DEMO["utrecht"],
        "GEMEENTE_MEDEWERKER",
        "Overzicht",
        AuditResultaat.GETOOND,
    )
    assert r.verwerkingsactiviteit


async def test_a_count_alone_records_nobody(api: Api) -> None:
    response = await api.post("utrecht", "{ vergunninghouders { totalCount } }")
    assert response.json()["data"]["vergunninghouders"]["totalCount"] > 0
    assert await _records(api, response) == {}


async def test_one_record_per_person_per_request_with_the_union_of_groups(api: Api) -> None:
    v = (await api.data("utrecht", "{ vergunninghouders(first: 1) { nodes { vNummer } } }"))[
        "vergunninghouders"
    ]["nodes"][0]["vNummer"]
    q = "query($v: String!) { a: vergunninghouder(vNummer: $v) { bsn } b: vergunninghouder(vNummer: $v) { etniciteit } }"
    response = await api.post("utrecht", q, {"v": v})
    assert await _records(api, response) == {v: {"BSN", "BIJZONDER"}}
    assert len(await api.rows(audit_rows_for(_trace(response)))) == 1


async def test_klantprofiel_groups_only_when_the_profile_was_returned(api: Api) -> None:
    q = """{ vergunninghouders(first: 100) { nodes { vNummer
             klantprofiel { __typename ... on Klantprofiel { persoonlijk { talen } arbeid { heeftCv } } } } } }"""
    response = await api.post("utrecht", q)
    nodes = response.json()["data"]["vergunninghouders"]["nodes"]
    records = await _records(api, response)
    shown = {n["vNummer"] for n in nodes if n["klantprofiel"]["__typename"] == "Klantprofiel"}
    hidden = {n["vNummer"] for n in nodes} - shown
    assert shown and hidden
    for v in shown:
        assert records[v] == {"KLANTPROFIEL_PERSOONLIJK", "KLANTPROFIEL_PARTICIPATIE"}
    for v in hidden:
        assert records[v] == set()


async def test_nested_persons_are_recorded_each(api: Api) -> None:
    q = "{ nareizigers(first: 20) { nodes { vNummer geboortedatum referent { vNummer bsn } } } }"
    response = await api.post("utrecht", q)
    nodes = response.json()["data"]["nareizigers"]["nodes"]
    records = await _records(api, response)
    assert nodes
    for n in nodes:
        assert records[n["vNummer"]] == {"BASIS"}
        assert records[n["referent"]["vNummer"]] == {"BSN"}


async def test_trace_context_is_taken_in_and_returned(api: Api) -> None:
    trace_id = secrets.token_hex(16)  # the shared database serves both read paths
    response = await api.post(
        "utrecht",
        "{ vergunninghouders(first: 1) { nodes { vNummer } } }",
        headers={"traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"},
    )
    assert response.headers["traceparent"].split("-")[1] == trace_id
    assert [r.trace_id for r in await api.rows(audit_rows_for(trace_id))] == [trace_id]
    fresh = await api.post("utrecht", "{ ik { naam } }", headers={"traceparent": "garbage"})
    assert len(fresh.headers["traceparent"].split("-")[1]) == 32


async def test_v_nummers_are_stored_pseudonymised(api: Api) -> None:
    response = await api.post("utrecht", "{ vergunninghouders(first: 3) { nodes { vNummer } } }")
    v_nummers = {n["vNummer"] for n in response.json()["data"]["vergunninghouders"]["nodes"]}
    for r in await api.rows(audit_rows_for(_trace(response))):
        raw = " ".join(str(value) for value in r._mapping.values())
        assert not any(v in raw for v in v_nummers)
        assert not any(v.encode() in r.v_nummer_versleuteld for v in v_nummers)
    hashes = {r.v_nummer_hmac for r in await api.rows(audit_rows_for(_trace(response)))}
    assert hashes == {api.state.cipher.index(v) for v in v_nummers}


async def test_a_refused_operation_is_recorded_with_the_person_it_named(api: Api) -> None:
    response = await api.post("amr", 'query Kijk { vergunninghouder(vNummer: "1234567890") { bsn } }')
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    (r,) = await api.rows(audit_rows_for(_trace(response)))
    assert r.resultaat is AuditResultaat.GEWEIGERD and r.gegevensgroepen == "BSN" and r.operatie == "Kijk"
    assert api.state.cipher.decrypt(r.v_nummer_versleuteld) == "1234567890"


async def test_the_fg_finds_who_saw_a_person(api: Api) -> None:
    first = await api.data("casemanager", "{ vergunninghouders(first: 1) { nodes { vNummer } } }")
    v = first["vergunninghouders"]["nodes"][0]["vNummer"]
    await api.data("casemanager", "query($v: String!) { vergunninghouder(vNummer: $v) { bsn } }", {"v": v})
    q = """query($v: String!) { auditLog(filter: {vNummer: $v}, first: 50) {
             totalCount nodes { vNummer gebruikersnaam rol gegevensgroepen resultaat } } }"""
    response = await api.post("fg", q, {"v": v})
    log = response.json()["data"]["auditLog"]
    assert log["totalCount"] >= 2 and all(n["vNummer"] == v for n in log["nodes"])
    assert {
        "gebruikersnaam": DEMO["casemanager"],
        "rol": "COA_CASEMANAGER",
        "gegevensgroepen": ["BSN"],
        "resultaat": "GETOOND",
        "vNummer": v,
    } in log["nodes"]
    # The FG's own reading of V-nummers is logged too.
    assert await _records(api, response) == {v: {Gegevensgroep.AUDIT.value}}
    other = await api.data("fg", q, {"v": "0000000001"})
    assert other["auditLog"] == {"totalCount": 0, "nodes": []}


async def test_no_access_log_record_means_no_data(fresh_api: Api) -> None:
    async with fresh_api.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            await conn.execute(
                sa.text(
                    "CREATE TRIGGER audit_down BEFORE INSERT ON audit_event BEGIN SELECT RAISE(ABORT, 'down'); END"
                )
            )
        else:
            await conn.execute(
                sa.text(
                    "CREATE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE 'down'; END $$"
                )
            )
            await conn.execute(
                sa.text(
                    "CREATE TRIGGER audit_down BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_down()"
                )
            )
    response = await fresh_api.post("utrecht", "{ vergunninghouders(first: 3) { nodes { vNummer bsn } } }")
    assert response.status_code == 503
    body = response.json()
    assert "data" not in body or body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL"
    assert "vNummer" not in response.text
    assert (
        await fresh_api.scalar(
            sa.select(sa.func.count())
            .select_from(AuditRecord)
            .where(AuditRecord.gebruikersnaam == DEMO["utrecht"])
        )
        == 0
    )


async def test_the_api_offers_no_way_to_change_the_log(api: Api) -> None:
    mutation = api.state.schema._schema.mutation_type
    fields = set(mutation.fields) if mutation else set()
    assert not {f for f in fields if "audit" in f.lower() or "log" in f.lower()}
