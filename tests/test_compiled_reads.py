"""Compiled reads answer exactly as the resolver path does: the same JSON (cursors compared by the
sort values they seal), the same errors, the same access-log records, for every demo account, the
example queries and generated ones; one statement per root field; every benchmark query compiled.

Both gateways run on the same PostgreSQL database: one with compiled reads, one without.
TVS_DIFF_QUERIES sets how many generated queries run (default 300, about 50 s; docs/compiler.md
has the figures of a longer run).
"""

from __future__ import annotations

import base64
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import sqlalchemy as sa

from db.models import (
    Contactpersoon,
    Gemeente,
    Nareiziger,
    Notificatie,
    Plaatsingseenheid,
    Vergunninghouder,
)
from gateway.cursors import _CursorKey
from gateway.graphiql import DEFAULT_EXAMPLES_DIR, load_examples
from gateway.schema.node import encode_id
from tests.conftest import DEMO, Api, audit_rows_for, make_settings, open_api
from tests.querygen import Pools, QueryGenerator, register_enums
from tests.test_read_graph import DETAIL, REFERENCE
from tests.test_statement_counts import DASHBOARD, GEMEENTEN, counting

pytestmark = pytest.mark.postgres_only

GENERATED = int(os.environ.get("TVS_DIFF_QUERIES", "300"))

#: The benchmark's queries (bench/, issue 9): none may fall back.
Q1 = """query Q1($gemeente: String!) { gemeente(code: $gemeente) { vergunninghouders(first: 50) { nodes {
  vNummer voornamen achternaam geslacht geboortedatum nationaliteit fase historisch
  plaatsingseenheid { pleNummer leden { vNummer voornamen achternaam } }
  klantprofiel { __typename ... on Klantprofiel { versie verzondenOp ambities } } } } } }"""
Q1_ROOT = """query Q1($gemeente: String!) { vergunninghouders(first: 50, filter: {gekoppeldeGemeente: $gemeente}, orderBy: [{veld: ACHTERNAAM}]) { nodes {
  vNummer voornamen achternaam geslacht geboortedatum nationaliteit fase historisch
  plaatsingseenheid { pleNummer leden { vNummer voornamen achternaam } }
  klantprofiel { __typename ... on Klantprofiel { versie verzondenOp ambities } } } } }"""
Q2 = """query Q2 { vergunninghouders(first: 500) { nodes {
  vNummer bsn voornamen achternaam geslacht geboortedatum nationaliteit fase historisch gesprekGevoerd } } }"""
Q3 = """query Q3 { nareizigers(first: 200) { nodes { vNummer voornamen achternaam mvvStap woningcheck
  referent { vNummer achternaam klantprofiel { __typename ... on KlantprofielNietBeschikbaar { reden } } } } } }"""
README = [
    """{ vergunninghouders(filter: {historisch: false, heeftKlantprofiel: true}, orderBy: [{veld: KOPPELDATUM, richting: AFLOPEND}], first: 20) {
    totalCount nodes { vNummer voornamen achternaam bsn fase klantprofiel { __typename ... on Klantprofiel { versie pdfUrl } } } } }""",
    """{ vergunninghouders(first: 20) { nodes { voornamen achternaam klantprofiel { ... on Klantprofiel { inburgering { leerroute } educatie { nederlandsNiveau } } } } } }""",
    """{ vergunninghouders(filter: {heeftKlantprofiel: true}, first: 100) { nodes { vNummer gekoppeldeGemeente { code } klantprofiel { ... on Klantprofiel { arbeid { heeftCv werkervaring { functie sector jaren } } ambities } } } } }""",
    """{ vergunninghouders(filter: {fase: [VERGUNNING_VERLEEND]}) { totalCount nodes { vNummer nationaliteit azc { naam } } } }""",
    """{ gemeente(code: "GM0344") { taakstelling(periode: "2026-H2") { opgave gerealiseerd achterstandVorigePeriode nogTeHuisvesten } } }""",
    """{ uitplaatsingsregios { naam regievoerders { naam email } gemeenten { code naam } } }""",
    """{ contactpersonen { naam email notificaties { klantprofiel } magInloggen } }""",
    """{ mijnNotificaties(alleenOngelezen: true) { totalCount nodes { soort onderwerp vergunninghouder { vNummer } } } }""",
    """query Page($after: String) { vergunninghouders(first: 7, after: $after) { totalCount edges { cursor node { vNummer } } pageInfo { hasNextPage endCursor } } }""",
    """{ ik { gebruikersnaam naam rol gegevensgroepen gemeente { code } arbeidsmarktregio { code } uitplaatsingsregio { naam } } }""",
]


@pytest.fixture
async def paths(shared_db_url: str, key_dir: Path) -> AsyncIterator[tuple[Api, Api]]:
    """(resolver path, compiled reads) on the same database."""
    async for resolver in open_api(make_settings(shared_db_url, key_dir, compiled_reads=False)):
        async for compiled in open_api(make_settings(shared_db_url, key_dir, compiled_reads=True)):
            yield resolver, compiled


def _cursor(value: str) -> Any:
    """A sealed cursor's contents (sealing uses a fresh nonce each time), or None."""
    if len(value) < 40:
        return None
    try:
        sealed = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        return orjson.loads(_CursorKey.aead.decrypt(sealed[:12], sealed[12:], b"cursor"))
    except Exception:
        return None


def normalise(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, str):
        sealed = _cursor(value)
        return ("cursor", sealed) if sealed is not None else value
    return value


async def _records(api: Api, response: Any) -> list[tuple[str | None, str, str]]:
    trace = response.headers["traceparent"].split("-")[1]
    out = []
    for r in await api.rows(audit_rows_for(trace)):
        v = api.state.cipher.decrypt(r.v_nummer_versleuteld) if r.v_nummer_versleuteld else None
        out.append((v, r.gegevensgroepen, r.resultaat.value))
    return sorted(out, key=repr)


async def compare(
    paths: tuple[Api, Api], persona: str, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Both paths answer alike, and the compiled one answered every query without errors."""
    resolver, compiled = paths
    stats = compiled.state.schema.compiler.stats
    before = stats.compiled
    expected = await resolver.post(persona, query, variables)
    actual = await compiled.post(persona, query, variables)
    context = f"{persona}: {query} {variables}"
    assert actual.status_code == expected.status_code, context
    body = expected.json()
    assert normalise(actual.json()) == normalise(body), context
    assert list(actual.json().get("data") or {}) == list(body.get("data") or {}), context  # key order
    assert await _records(compiled, actual) == await _records(resolver, expected), context
    # The compiler covers the whole read schema: it steps aside only for an argument the resolver
    # path refuses (which, under a null parent, the resolver path may never reach).
    assert set(stats.fallbacks) <= {"argument"}, f"fell back ({stats.fallbacks}): {context}"
    if "errors" not in body and "(" not in query:  # no arguments: nothing to refuse
        assert stats.compiled == before + 1, context
    return body


async def _pools(api: Api) -> Pools:
    async def values(stmt: Any) -> list[Any]:
        return [r[0] for r in await api.rows(stmt)]

    vh = await values(sa.select(Vergunninghouder.v_nummer).order_by(Vergunninghouder.id).limit(60))
    utrecht = await values(
        sa.select(Vergunninghouder.v_nummer)
        .join(Gemeente, Gemeente.id == Vergunninghouder.gekoppelde_gemeente_id)
        .where(Gemeente.code == "GM0344")
        .limit(30)
    )
    ids = []
    for model, type_name in (
        (Vergunninghouder, "Vergunninghouder"),
        (Nareiziger, "Nareiziger"),
        (Plaatsingseenheid, "Plaatsingseenheid"),
        (Contactpersoon, "Contactpersoon"),
        (Notificatie, "Notificatie"),
        (Gemeente, "Gemeente"),
    ):
        ids += [str(encode_id(type_name, i)) for i in await values(sa.select(model.id).limit(8))]
    return Pools(
        v_nummers=vh[::3] + utrecht,
        nareiziger_v_nummers=await values(sa.select(Nareiziger.v_nummer).limit(20)),
        ple_nummers=await values(sa.select(Plaatsingseenheid.ple_nummer).limit(20)),
        gemeente_codes=["GM0344", "GM0356", "GM0363", "GM0599", "GM0307"],
        node_ids=ids,
        nationaliteiten=await values(sa.select(Vergunninghouder.nationaliteit).distinct().limit(5)),
        azcs=[
            n[:4].lower() for n in await values(sa.select(Vergunninghouder.azc_naam).distinct().limit(4)) if n
        ],
        achternamen=["A", "al-", "Ha", "m", "Z"],
    )


# --- the example queries, for every account -----------------------------------------------------------


@pytest.mark.parametrize("persona", list(DEMO))
async def test_the_example_queries_answer_alike(paths: tuple[Api, Api], persona: str) -> None:
    resolver, _ = paths
    v = (await _pools(resolver)).v_nummers[-1]
    for query, variables in [
        (REFERENCE, None),
        (DETAIL, {"v": v}),
        (DASHBOARD, {"first": 10}),
        (GEMEENTEN, {"first": 3}),
        (Q1, {"gemeente": "GM0344"}),
        (Q1_ROOT, {"gemeente": "GM0344"}),
        (Q2, None),
        (Q3, None),
        *[(q, None) for q in README],
    ]:
        await compare(paths, persona, query, variables)


@pytest.mark.parametrize("example", load_examples(DEFAULT_EXAMPLES_DIR), ids=lambda e: e.name)
async def test_the_docs_examples_answer_alike(paths: tuple[Api, Api], example: Any) -> None:
    """docs/queries/, as the account each names (compiled, no fallback) and as every other."""
    resolver, compiled = paths
    query = example.query
    if "auditLog" in query:  # the log grows with every request: compare a window that has ended
        until = (await resolver.scalar(sa.text("SELECT now()"))).isoformat()
        query = query.replace(
            "filter: { vNummer: $vNummer }", f'filter: {{ vNummer: $vNummer, tot: "{until}" }}'
        )
        assert "tot:" in query
    stats = compiled.state.schema.compiler.stats
    before = stats.compiled
    await compare(paths, example.persona, query)
    assert stats.compiled == before + 1, f"{example.name} fell back: {stats.fallbacks}"
    for persona in DEMO:
        await compare(paths, persona, query)


async def test_paging_with_cursors_of_either_path(paths: tuple[Api, Api]) -> None:
    """A cursor made by one path continues the list on the other."""
    query = README[-2]
    after = None
    for _ in range(4):
        body = await compare(paths, "utrecht", query, {"after": after})
        after = body["data"]["vergunninghouders"]["pageInfo"]["endCursor"]


async def test_the_fg_reads_the_access_log_alike(paths: tuple[Api, Api]) -> None:
    """The log grows with every request: compare a window that ended before this test."""
    resolver, _ = paths
    await resolver.data("utrecht", "{ vergunninghouders(first: 3) { nodes { vNummer bsn } } }")
    until = (await resolver.scalar(sa.text("SELECT now()"))).isoformat()
    v = (await _pools(resolver)).v_nummers[0]
    query = """query($f: AuditFilter, $first: Int) { auditLog(filter: $f, first: $first) { totalCount
      edges { cursor node { tijdstip traceId gebruikersnaam rol verwerkingsactiviteit operatie vNummer
        gegevensgroepen resultaat handeling } } pageInfo { hasNextPage endCursor } } }"""
    for f in (
        {"tot": until},
        {"tot": until, "vNummer": v},
        {"tot": until, "gebruikersnaam": DEMO["utrecht"]},
    ):
        await compare(paths, "fg", query, {"f": f, "first": 5})
        await compare(paths, "fg", "query($f: AuditFilter) { auditLog(filter: $f) { totalCount } }", {"f": f})


# --- generated queries ------------------------------------------------------------------------------------


async def test_generated_queries_answer_alike(paths: tuple[Api, Api]) -> None:
    resolver, compiled = paths
    schema = resolver.state.schema._schema
    register_enums(schema)
    generator = QueryGenerator(schema, await _pools(resolver), seed=10)
    personas = list(DEMO)
    for i in range(GENERATED):
        generated = generator.generate()
        await compare(paths, personas[i % len(personas)], generated.query, generated.variables)
    # The generator reached beyond errors: most generated queries were answered by compiled SQL.
    assert compiled.state.schema.compiler.stats.compiled > GENERATED // 3


# --- statements ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["casemanager", "utrecht"])
async def test_one_statement_per_root_field(paths: tuple[Api, Api], persona: str) -> None:
    """Principal lookup, one statement per root field, the access-log insert: for 10 rows and 200."""
    _, compiled = paths
    for first in (10, 200):
        with counting(compiled) as statements:
            await compiled.data(persona, DASHBOARD, {"first": first})
        assert len(statements) == 1 + 3 + 1, statements
    with counting(compiled) as statements:
        await compiled.data(persona, Q2)
    assert len(statements) == 3
