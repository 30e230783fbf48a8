"""The floor: what a request costs when one hand-written SQL statement builds the whole JSON
response in PostgreSQL, and Python only passes the bytes on.

A minimal Starlette endpoint on uvicorn (1 worker, like the gateway). It takes the same POST
/graphql body as the others, but reads only its `operationName` and runs that query's statement;
the GraphQL text is not parsed. It answers with the gateway's exact response shape, so the
benchmark compares it with the gateway byte-for-byte after normalising timestamps.

Ordering: the benchmark's databases have the collation "C" (bench/database.py), so a plain
`ORDER BY achternaam, id` is the gateway's `achternaam COLLATE "C", id` order and can use the
(gekoppelde_gemeente_id, achternaam, id) and (achternaam, id) indexes. The gateway's explicit
COLLATE "C" cannot: to PostgreSQL it is another collation than the indexes' default one.

What it does not do, on purpose: no token check, no account lookup, no access log. The reader's
scope and the consent rule are written into the SQL for the reader each query names
(bench/queries.py): `medewerker@utrecht.demo` sees Utrecht's rows (historisch included) and a
klantprofiel only under consent; `casemanager@coa.demo` sees every row.

    uvicorn bench.floor:app --port 18403   (BENCH_FLOOR_DSN names the database)
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

#: The klantprofiel as a gemeente reader may see it (gateway/policy.py, klantprofiel_reden):
#: the latest consent event decides; only under VERLEEND is the latest version read at all.
#: Expects laterals `t` (latest consent event) and `k` (latest version, only when VERLEEND).
_KLANTPROFIEL_JSON = """
    CASE
        WHEN t.soort IS NULL THEN json_build_object(
            '__typename', 'KlantprofielNietBeschikbaar', 'reden', 'GEEN_TOESTEMMING')
        WHEN t.soort = 'INGETROKKEN' THEN json_build_object(
            '__typename', 'KlantprofielNietBeschikbaar', 'reden', 'TOESTEMMING_INGETROKKEN')
        WHEN k.versie IS NULL THEN json_build_object(
            '__typename', 'KlantprofielNietBeschikbaar', 'reden', 'NOG_NIET_VERZONDEN')
        ELSE json_build_object(
            '__typename', 'Klantprofiel', {fields})
    END
"""

_CONSENT_LATERALS = """
    LEFT JOIN LATERAL (
        SELECT soort FROM toestemming WHERE vergunninghouder_id = {person}.id ORDER BY id DESC LIMIT 1
    ) t ON true
    LEFT JOIN LATERAL (
        SELECT versie, verzonden_op, ambities FROM klantprofiel
        WHERE vergunninghouder_id = {person}.id AND t.soort = 'VERLEEND'
        ORDER BY versie DESC LIMIT 1
    ) k ON true
"""

#: Q1, read by medewerker@utrecht.demo ($1 = the gemeente's CBS code): the first 50 of the
#: gemeente by achternaam (binary order, then id), their household with every member in scope
#: (by geboortedatum, NULLs last, then id), and their klantprofiel under the consent rule.
Q1 = f"""
WITH g AS (SELECT id FROM gemeente WHERE code = $1)
SELECT json_build_object('data', json_build_object('vergunninghouders', json_build_object('nodes',
    coalesce(json_agg(json_build_object(
        'vNummer', v.v_nummer, 'voornamen', v.voornamen, 'achternaam', v.achternaam,
        'geslacht', v.geslacht, 'geboortedatum', v.geboortedatum, 'nationaliteit', v.nationaliteit,
        'fase', v.fase, 'historisch', v.historisch,
        'plaatsingseenheid', (
            SELECT json_build_object('pleNummer', p.ple_nummer, 'leden', (
                SELECT coalesce(json_agg(json_build_object(
                    'vNummer', l.v_nummer, 'voornamen', l.voornamen, 'achternaam', l.achternaam)
                    ORDER BY l.geboortedatum, l.id), '[]'::json)
                FROM vergunninghouder l
                WHERE l.plaatsingseenheid_id = p.id AND l.gekoppelde_gemeente_id = (SELECT id FROM g)))
            FROM plaatsingseenheid p
            WHERE p.id = v.plaatsingseenheid_id AND p.gekoppelde_gemeente_id = (SELECT id FROM g)),
        'klantprofiel', {
    _KLANTPROFIEL_JSON.format(
        fields="'versie', k.versie, 'verzondenOp', k.verzonden_op, 'ambities', k.ambities"
    )
}
    ) ORDER BY v.achternaam, v.id), '[]'::json))))
FROM (
    SELECT * FROM vergunninghouder
    WHERE gekoppelde_gemeente_id = (SELECT id FROM g)
    ORDER BY achternaam, id
    LIMIT 50
) v
{_CONSENT_LATERALS.format(person="v")}
"""  # noqa: S608 - constant fragments; the gemeente code is a bind parameter

#: Q2, read by casemanager@coa.demo (scope: every row): 1,000 rows, 10 fields, flat.
Q2 = """
SELECT json_build_object('data', json_build_object('vergunninghouders', json_build_object('nodes',
    coalesce(json_agg(json_build_object(
        'vNummer', v.v_nummer, 'bsn', v.bsn, 'voornamen', v.voornamen, 'achternaam', v.achternaam,
        'geslacht', v.geslacht, 'geboortedatum', v.geboortedatum, 'nationaliteit', v.nationaliteit,
        'fase', v.fase, 'historisch', v.historisch, 'geblokkeerd', v.geblokkeerd
    ) ORDER BY v.achternaam, v.id), '[]'::json))))
FROM (
    SELECT * FROM vergunninghouder ORDER BY achternaam, id LIMIT 1000
) v
"""

#: Q3, read by medewerker@utrecht.demo ($1): 200 nareizigers of the gemeente by achternaam, each
#: with its referent (NULL when outside the reader's scope) and the referent's klantprofiel status.
Q3 = f"""
WITH g AS (SELECT id FROM gemeente WHERE code = $1)
SELECT json_build_object('data', json_build_object('nareizigers', json_build_object('nodes',
    coalesce(json_agg(json_build_object(
        'vNummer', n.v_nummer, 'voornamen', n.voornamen, 'achternaam', n.achternaam,
        'relatieTotReferent', n.relatie_tot_referent, 'mvvStap', n.mvv_stap,
        'referent', CASE WHEN r.id IS NOT NULL THEN json_build_object(
            'vNummer', r.v_nummer, 'voornamen', r.voornamen, 'achternaam', r.achternaam,
            'klantprofiel', {_KLANTPROFIEL_JSON.format(fields="'versie', k.versie")})
        END
    ) ORDER BY n.achternaam, n.id), '[]'::json))))
FROM (
    SELECT * FROM nareiziger
    WHERE gekoppelde_gemeente_id = (SELECT id FROM g)
    ORDER BY achternaam, id
    LIMIT 200
) n
LEFT JOIN vergunninghouder r ON r.id = n.referent_id AND r.gekoppelde_gemeente_id = (SELECT id FROM g)
{_CONSENT_LATERALS.format(person="r")}
"""  # noqa: S608 - constant fragments; the gemeente code is a bind parameter

#: operationName -> (statement, parameters).
STATEMENTS: dict[str, tuple[str, tuple[object, ...]]] = {
    "Q1": (Q1, ("GM0344",)),
    "Q2": (Q2, ()),
    "Q3": (Q3, ("GM0344",)),
}


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    # Same connection budget as the others' default pools (10). The statements change no session
    # state, so a connection goes back to the pool without asyncpg's reset round trip.
    app.state.pool = await asyncpg.create_pool(
        os.environ["BENCH_FLOOR_DSN"], min_size=10, max_size=10, reset=_keep_session
    )
    try:
        yield
    finally:
        await app.state.pool.close()


async def _keep_session(_: asyncpg.Connection) -> None:
    return None


async def graphql(request: Request) -> Response:
    body = orjson.loads(await request.body())
    found = STATEMENTS.get(body.get("operationName"))
    if found is None:
        return JSONResponse({"errors": [{"message": "unknown operationName"}]}, status_code=400)
    statement, params = found
    async with request.app.state.pool.acquire() as conn:
        payload: str = await conn.fetchval(statement, *params)
    return Response(payload, media_type="application/json")


async def healthz(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


app = Starlette(
    routes=[Route("/graphql", graphql, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])],
    lifespan=lifespan,
)
