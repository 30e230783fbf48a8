"""GraphQL over HTTP: POST with a JSON body only, one operation per request.

GET never executes an operation (no query, variable or BSN ends up in a URL or an access log);
it serves GraphiQL where that is enabled. The access-log records are written before the response
leaves; if they cannot be written, the response carries no data.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from gateway import graphiql
from gateway.audit import AuditLog, AuditWriteFailed
from gateway.context import Context
from gateway.errors import Code, error_body, present
from gateway.request_log import RequestRecord, record_of
from gateway.schema.limits import QueryTooComplex
from gateway.state import AppState

log = logging.getLogger("tvs.request")

_ALLOWED = frozenset({OperationType.QUERY, OperationType.MUTATION})


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json", headers=headers)


def _bad_request(message: str, status: int = 400) -> Response:
    return json_response({"errors": [{"message": message}]}, status)


def _parse(body: bytes) -> tuple[str, dict[str, Any] | None, str | None] | Response:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return _bad_request("De body is geen geldige JSON")
    if isinstance(data, list):
        return _bad_request("Meerdere operaties in één verzoek (batching) worden niet ondersteund")
    if not isinstance(data, dict):
        return _bad_request("Verwacht een JSON-object met query, variables en operationName")
    query, variables, operation = data.get("query"), data.get("variables"), data.get("operationName")
    if not isinstance(query, str) or not query.strip():
        return _bad_request("Geen query in het verzoek")
    if variables is not None and not isinstance(variables, dict):
        return _bad_request("variables moet een JSON-object zijn")
    if operation is not None and not isinstance(operation, str):
        return _bad_request("operationName moet een string zijn")
    return query, variables, operation


def encode_result(result: ExecutionResult, record: RequestRecord, production: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if result.errors:
        out["errors"] = [
            present(e, trace_id=record.trace.trace_id, production=production) for e in result.errors
        ]
        record.codes.extend(e["extensions"]["code"] for e in out["errors"])
    out["data"] = result.data
    return out


def _operation_label(ctx: Context, operation_name: str | None) -> str | None:
    """The operation name, or for an anonymous operation its type and root fields."""
    if ctx.analysis is None:
        return operation_name
    op = ctx.analysis.operation
    if op.name is not None:
        return op.name.value
    roots = sorted({s.name.value for s in op.selection_set.selections if hasattr(s, "name")})
    return f"{op.operation.value} {','.join(roots)}"[:200]


async def graphql_endpoint(request: Request) -> Response:
    state: AppState = request.app.state.gateway
    if request.method != "POST":
        if state.settings.graphiql_enabled:
            return graphiql.page_response(state.settings)
        return json_response(
            {"errors": [{"message": "GraphQL alleen via POST"}]}, status=405, headers={"Allow": "POST"}
        )
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        return _bad_request("Content-Type moet application/json zijn", status=415)
    parsed = _parse(await request.body())
    if isinstance(parsed, Response):
        return parsed
    query, variables, operation_name = parsed
    return await execute(request, state, query, variables, operation_name)


async def execute(
    request: Request,
    state: AppState,
    query: str,
    variables: dict[str, Any] | None,
    operation_name: str | None,
) -> Response:
    principal = request.scope["state"]["principal"]
    record = record_of(request.scope)
    record.account, record.rol, record.operation = (
        principal.gebruikersnaam,
        principal.rol.value,
        operation_name,
    )
    audit = AuditLog(principal, record.trace, operation_name)
    ctx = Context.make(
        state,
        principal,
        request.scope["state"]["reader"],
        audit,
        request,
    )
    timeout = state.settings.request_timeout_seconds
    try:
        async with asyncio.timeout(timeout):
            result = await state.schema.execute(
                query,
                variable_values=variables,
                context_value=ctx,
                operation_name=operation_name,
                allowed_operation_types=_ALLOWED,
            )
    except TimeoutError:
        # Cancelled: whatever was being read is not sent, so nobody's data was shown.
        result = ExecutionResult(
            data=None,
            errors=[
                QueryTooComplex(
                    "timeoutSeconds",
                    timeout,
                    None,
                    f"Verzoek afgebroken na {timeout:g} s: vraag minder tegelijk",
                )
            ],
        )
    except Exception as exc:
        return _bad_request(f"Operatie niet uitvoerbaar: {exc}")
    audit.operatie = _operation_label(ctx, operation_name)
    record.operation = audit.operatie or operation_name
    record.read_path, record.fallback = ctx.read_path, ctx.fallback
    if result.data is None and ctx.compiled is None:
        audit.discard_shown()
    try:
        await audit.flush(request.scope["state"]["reader"], state.cipher)
    except AuditWriteFailed:
        log.exception("access log write failed; response withheld", extra={"trace_id": record.trace.trace_id})
        record.codes.append(Code.INTERNAL.value)
        return json_response(
            error_body(
                Code.INTERNAL, "Het toegangslogboek is niet beschikbaar", traceId=record.trace.trace_id
            ),
            status=503,
        )
    if ctx.compiled is not None:
        # The JSON PostgreSQL built, wrapped (gateway/compiler/run.py): not decoded and re-encoded.
        return Response(ctx.compiled, media_type="application/json")
    return json_response(encode_result(result, record, state.settings.is_production))
