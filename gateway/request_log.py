"""One structured log line and the metrics of every HTTP request, in one pure ASGI middleware.

The line holds: time, trace id, account, role, operation, method, route, status, duration and the
SQL statements sent. Never a query, its variables, a token, a name or a BSN: inner layers can only
add the fields of :class:`RequestRecord`. Routes are logged by their template
(``/klantprofielen/{v_nummer}.pdf``), never by a path that names a person.

The middleware also makes the request's W3C trace context (taken from ``traceparent`` or made),
returns it in the ``traceparent`` response header, and turns an unhandled exception into a JSON
INTERNAL answer carrying the trace id, logged with its traceback.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from db.session import count_statements
from gateway import metrics
from gateway.audit import TraceContext
from gateway.errors import Code, error_body

log = logging.getLogger("tvs.request")

#: HTTP refusals answered outside GraphQL, by status, as counted in tvs_refusals.
_HTTP_CODES = {
    400: "BAD_REQUEST",
    401: Code.UNAUTHENTICATED.value,
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: Code.RATE_LIMITED.value,
    500: Code.INTERNAL.value,
    503: "UNAVAILABLE",
}


@dataclass
class RequestRecord:
    """What inner layers may add to the request's log line."""

    trace: TraceContext
    account: str | None = None
    rol: str | None = None
    operation: str | None = None
    #: extensions.code of each error in the answer.
    codes: list[str] = field(default_factory=list)
    #: "compiled" or "resolver" (gateway/compiler/), and why the compiler stepped aside.
    read_path: str | None = None
    fallback: str | None = None


def record_of(scope: Scope) -> RequestRecord:
    record = scope.get("state", {}).get("request_record")
    if record is None:  # an app without the middleware (a bare test app)
        record = RequestRecord(TraceContext.from_header(None))
        scope.setdefault("state", {})["request_record"] = record
    return record  # type: ignore[no-any-return]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


class RequestLogMiddleware:
    def __init__(self, app: ASGIApp, *, static_paths: Iterable[str] = ()) -> None:
        self.app = app
        self.static_paths = frozenset(static_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        record = RequestRecord(TraceContext.from_header(_header(scope, b"traceparent")))
        scope.setdefault("state", {})["request_record"] = record
        status = 500
        response_started = False

        async def send_with_trace(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status, response_started = message["status"], True
                trace_header = (b"traceparent", record.trace.traceparent.encode())
                message = {**message, "headers": [*message.get("headers", []), trace_header]}
            await send(message)

        with count_statements() as statements:
            try:
                await self.app(scope, receive, send_with_trace)
            except Exception:
                log.exception("unhandled error", extra={"trace_id": record.trace.trace_id})
                if response_started:
                    raise
                await _internal(send_with_trace, record)
            finally:
                self._finish(scope, record, status, time.perf_counter() - started, statements.count)

    def _finish(
        self, scope: Scope, record: RequestRecord, status: int, seconds: float, statements: int
    ) -> None:
        route = self._route(scope)
        codes = record.codes or ([_HTTP_CODES[status]] if status in _HTTP_CODES else [])
        operation = metrics.operation_label(record.operation) if route == "/graphql" else route
        metrics.REQUESTS.labels(operation, str(status)).inc()
        metrics.LATENCY.labels(operation).observe(seconds)
        if statements:
            metrics.SQL_STATEMENTS.labels(operation).inc(statements)
        for code in codes:
            metrics.REFUSALS.labels(code).inc()
        line: dict[str, Any] = {
            "trace_id": record.trace.trace_id,
            "method": scope["method"],
            "route": route,
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
            "statements": statements,
        }
        if record.account is not None:
            line.update(account=record.account, rol=record.rol)
        if record.operation is not None:
            line["operation"] = record.operation
        if codes:
            line["errors"] = codes
        if record.read_path is not None:
            line["path"] = record.read_path
            metrics.READS.labels(record.read_path, metrics.fallback_label(record.fallback)).inc()
            if record.fallback is not None:
                line["fallback"] = record.fallback
        log.info("request", extra=line)

    def _route(self, scope: Scope) -> str:
        route = scope.get("route")
        if route is not None and hasattr(route, "path"):
            return str(route.path)
        path: str = scope["path"]
        return path if path in self.static_paths else "(unrouted)"


async def _internal(send: Send, record: RequestRecord) -> None:
    body = orjson.dumps(error_body(Code.INTERNAL, "Interne fout", traceId=record.trace.trace_id))
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
