"""Observability: one structured JSON line per request in the real log output, never a variable, a
BSN, a name or a token; Prometheus metrics, added up over several workers."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import create_async_engine

from db.models import Gemeente, Vergunninghouder
from tests.conftest import DEMO, Api
from tests.server import free_port, start_server

ZOEK = """
query Zoek($bsn: String) {
  vergunninghouders(filter: { bsn: $bsn }) { nodes { vNummer voornamen achternaam bsn } }
}
"""


def _samples(text: str, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name:
                out[tuple(sorted(sample.labels.items()))] = sample.value
    return out


async def test_the_log_never_holds_a_bsn_a_name_or_a_token(
    fresh_db_url: str, key_dir: Path, tmp_path: Path
) -> None:
    engine = create_async_engine(fresh_db_url)
    async with engine.connect() as conn:
        person = (
            await conn.execute(
                sa.select(Vergunninghouder.bsn, Vergunninghouder.voornamen, Vergunninghouder.achternaam)
                .join(Gemeente, Gemeente.id == Vergunninghouder.gekoppelde_gemeente_id)
                .where(Gemeente.code == "GM0344", Vergunninghouder.bsn.is_not(None))
                .limit(1)
            )
        ).one()
    env = {"TVS_ENV": "development", "TVS_DATABASE_URL": fresh_db_url, "TVS_KEY_DIR": str(key_dir)}
    server = start_server(env, tmp_path)
    try:
        token = server.token(DEMO["utrecht"])
        headers = {"Authorization": f"Bearer {token}"}
        search = {"query": ZOEK, "variables": {"bsn": person.bsn}}
        async with httpx.AsyncClient(base_url=server.base_url, headers=headers) as client:
            body = (await client.post("/graphql", json=search)).json()
            assert body["data"]["vergunninghouders"]["nodes"][0]["achternaam"] == person.achternaam
            # An unexpected error while the BSN is a statement parameter: logged with its traceback.
            async with engine.begin() as conn:
                await conn.execute(sa.text("ALTER TABLE vergunninghouder RENAME TO vergunninghouder_weg"))
            body = (await client.post("/graphql", json=search)).json()
            assert body["errors"][0]["extensions"]["code"] == "INTERNAL"
            # A refused request, with the BSN in the variables again.
            refused = await client.post("/graphql", json=search, headers={"Authorization": "Bearer x"})
            assert refused.status_code == 401
    finally:
        server.stop()
        await engine.dispose()

    output = server.output()
    lines = server.log_lines()  # every line is one JSON object
    for secret in (person.bsn, person.achternaam, person.voornamen, token, token.split(".")[2]):
        assert secret not in output, secret
    assert any(line.get("exception") and "vergunninghouder" in line["exception"] for line in lines)
    requests = [line for line in lines if line["logger"] == "tvs.request" and line["route"] == "/graphql"]
    assert len(requests) == 3  # one line per request
    first = requests[0]
    assert first["account"] == DEMO["utrecht"] and first["rol"] == "GEMEENTE_MEDEWERKER"
    assert first["operation"] == "Zoek" and first["status"] == 200 and first["statements"] >= 2
    assert re.fullmatch(r"[0-9a-f]{32}", first["trace_id"]) and first["duration_ms"] > 0
    assert set(first) >= {
        "time",
        "trace_id",
        "account",
        "rol",
        "operation",
        "duration_ms",
        "status",
        "statements",
    }
    assert requests[1]["errors"] == ["INTERNAL"] and requests[2]["status"] == 401


async def test_metrics_count_requests_statements_audit_records_and_refusals(api: Api) -> None:
    before = (await api.client.get("/metrics")).text
    await api.post("utrecht", "query Lijst { vergunninghouders(first: 3) { nodes { vNummer } } }")
    await api.post("amr", "query Verboden { vergunninghouders { nodes { bsn } } }")
    await api.post(None, "{ ik { naam } }")
    after = (await api.client.get("/metrics")).text

    def delta(name: str, **labels: str) -> float:
        key = tuple(sorted(labels.items()))
        return _samples(after, name).get(key, 0) - _samples(before, name).get(key, 0)

    assert delta("tvs_requests_total", operation="Lijst", status="200") == 1
    assert delta("tvs_request_duration_seconds_count", operation="Lijst") == 1
    assert delta("tvs_sql_statements_total", operation="Lijst") >= 2
    assert delta("tvs_audit_records_written_total") >= 3 + 1  # three persons shown, one refusal
    assert delta("tvs_refusals_total", code="FORBIDDEN") == 1
    assert delta("tvs_refusals_total", code="UNAUTHENTICATED") == 1


def test_metrics_add_up_over_workers_on_their_own_port(
    fresh_db_url: str, key_dir: Path, tmp_path: Path
) -> None:
    metrics_port = free_port()
    env = {
        "TVS_ENV": "development",
        "TVS_DATABASE_URL": fresh_db_url,
        "TVS_KEY_DIR": str(key_dir),
        "TVS_METRICS_PORT": str(metrics_port),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    server = start_server(env, tmp_path, "--workers", "2")
    try:
        headers = {"Authorization": f"Bearer {server.token(DEMO['utrecht'])}", "Connection": "close"}
        for _ in range(12):  # a new connection each time: both workers answer some
            response = httpx.post(
                f"{server.base_url}/graphql", json={"query": "query Wie { ik { naam } }"}, headers=headers
            )
            assert response.status_code == 200
        assert httpx.get(f"{server.base_url}/metrics").status_code == 404  # not on the public port
        for _ in range(3):  # every scrape sees all workers
            text = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics").text
            assert _samples(text, "tvs_requests_total")[(("operation", "Wie"), ("status", "200"))] == 12
    finally:
        server.stop()
    pids = {
        line["message"] for line in server.log_lines() if line["message"].startswith("Started server process")
    }
    assert len(pids) == 2  # two workers served
