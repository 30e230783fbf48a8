"""HTTP hardening in pure ASGI middleware: security headers on every response, the CORS allow-list,
and the same allow-list for WebSocket handshakes.

Every response gets ``Cache-Control: no-store`` (personal data must not sit in a proxy or browser
cache), ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``, ``API-Version`` and a
Content-Security-Policy. The default policy lets a response load nothing at all; a page the gateway
serves itself (GraphiQL, the Informatieformulier Huisvesting) sets its own, as strict as that page
allows ('self' and hashes, nothing external, no 'unsafe-*'), and keeps it.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.settings import Settings

try:
    API_VERSION = version("tvs-gateway")
except PackageNotFoundError:  # pragma: no cover - running from a tree that was never installed
    API_VERSION = "0"

#: For every response that does not bring a page policy of its own.
API_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

_FIXED = [
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"api-version", API_VERSION.encode()),
]
_OURS = {name for name, _ in _FIXED}
_CSP = b"content-security-policy"


def origin_allowed(origin: str, allowed: frozenset[str], host: str | None) -> bool:
    """An Origin from the allow-list, or the gateway's own (a page it served itself)."""
    if origin in allowed or "*" in allowed:
        return True
    return host is not None and urlsplit(origin).netloc == host


class SecurityHeadersMiddleware:
    """Sets the headers above on every HTTP response; refuses WebSocket handshakes from origins
    outside the allow-list (clients without a browser send no Origin and are not affected)."""

    def __init__(self, app: ASGIApp, *, cors_origins: list[str]) -> None:
        self.app = app
        self.allowed = frozenset(cors_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            headers = dict(scope["headers"])
            origin = headers.get(b"origin")
            host = headers.get(b"host")
            if origin is not None and not origin_allowed(
                origin.decode("latin-1"), self.allowed, host.decode("latin-1") if host else None
            ):
                await send({"type": "websocket.close", "code": 1008})  # before accept: HTTP 403
                return
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(n, v) for n, v in message.get("headers", []) if n.lower() not in _OURS]
                headers += _FIXED
                if not any(n.lower() == _CSP for n, _ in headers):
                    headers.append((_CSP, API_CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def cors(settings: Settings) -> Middleware:
    """CORS from TVS_CORS_ORIGINS (empty: no cross-origin browser access). Bearer tokens, no
    cookies: credentials stay off."""
    return Middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["POST"],
        allow_headers=["authorization", "content-type", "traceparent"],
        expose_headers=["traceparent", "api-version", "retry-after"],
        allow_credentials=False,
        max_age=600,
    )
