"""The HTTP side every download shares: the request's context and access log, the bodies of its
answers, and the rule that the access log is written before a document leaves."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from db.enums import KlantprofielReden
from db.models.base import utcnow
from gateway.audit import AuditLog, AuditWriteFailed, TraceContext
from gateway.auth import Principal
from gateway.context import Context
from gateway.downloads.document import tijdstip
from gateway.errors import Code, error_body
from gateway.state import AppState

log = logging.getLogger("tvs.download")

#: Out of scope, unknown, or not for this role: one answer, byte for byte, so none can be told apart.
NOT_FOUND_BODY = orjson.dumps(error_body(Code.NOT_FOUND, "Niet gevonden"))

_ALWAYS = {
    # Personal data: no cache (browser, proxy) may keep a copy.
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@dataclass
class Download:
    """One download request: who asks, its trace, its access log and loaders."""

    request: Request
    state: AppState
    route: str
    ctx: Context
    started: float = field(default_factory=time.perf_counter)

    @classmethod
    def start(cls, request: Request, route: str) -> Download:
        state: AppState = request.app.state.gateway
        principal: Principal = request.scope["state"]["principal"]
        trace = TraceContext.from_header(request.headers.get("traceparent"))
        # The route, never the path, names the operation: the path holds a V-nummer.
        audit = AuditLog(principal, trace, route)
        ctx = Context.make(state, principal, request.scope["state"]["reader"], audit, request)
        return cls(request=request, state=state, route=route, ctx=ctx)

    @property
    def principal(self) -> Principal:
        return self.ctx.principal

    @property
    def herkomst(self) -> str:
        """Printed on the document: who asked for it, and when."""
        return f"opgevraagd door {self.principal.gebruikersnaam} op {tijdstip(utcnow())}"

    def respond(self, body: bytes | str, status: int, media_type: str, **headers: str) -> Response:
        all_headers = {**_ALWAYS, "traceparent": self.ctx.audit.trace.traceparent, **headers}
        log.info(
            "download",
            extra={
                "trace_id": self.ctx.audit.trace.trace_id,
                "account": self.principal.gebruikersnaam,
                "rol": self.principal.rol.value,
                "operation": self.route,
                "status": status,
                "duration_ms": round((time.perf_counter() - self.started) * 1000, 2),
            },
        )
        return Response(body, status_code=status, media_type=media_type, headers=all_headers)

    def json(self, body: Any, status: int) -> Response:
        return self.respond(orjson.dumps(body), status, "application/json")

    async def not_found(self) -> Response:
        """The one answer for what is out of scope, unknown or not for this role."""
        if not await self._flush():  # a refused attempt may have been recorded
            return self._audit_unavailable()
        return self.respond(NOT_FOUND_BODY, 404, "application/json")

    def validation_failed(self, velden: dict[str, str]) -> Response:
        message = "Invoer ongeldig: " + ", ".join(sorted(velden))
        return self.json(error_body(Code.VALIDATION_FAILED, message, velden=velden), 400)

    async def niet_beschikbaar(self, reden: KlantprofielReden) -> Response:
        """In scope, but no klantprofiel for this reader: the contract's reden, as GraphQL gives it."""
        if not await self._flush():
            return self._audit_unavailable()
        body = error_body(Code.NOT_FOUND, "Geen klantprofiel beschikbaar", reden=reden.value)
        return self.json(body, 404)

    async def document(
        self, content: bytes | str, media_type: str, disposition: str, **headers: str
    ) -> Response:
        """The document, once its access-log records are written; without them, no document."""
        if not await self._flush():
            return self._audit_unavailable()
        return self.respond(content, 200, media_type, **{"Content-Disposition": disposition, **headers})

    async def _flush(self) -> bool:
        try:
            await self.ctx.audit.flush(self.ctx.reader, self.state.cipher)
        except AuditWriteFailed:
            log.exception(
                "access log write failed; download withheld",
                extra={"trace_id": self.ctx.audit.trace.trace_id},
            )
            return False
        return True

    def _audit_unavailable(self) -> Response:
        trace_id = self.ctx.audit.trace.trace_id
        return self.json(
            error_body(Code.INTERNAL, "Het toegangslogboek is niet beschikbaar", traceId=trace_id), 503
        )
