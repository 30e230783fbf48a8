"""The Starlette application: routes, middleware and lifespan (engine open and close)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Scope

from db.session import create_engine, create_read_engine, create_sessionmaker
from gateway import graphiql
from gateway.audit import AuditCipher
from gateway.auth import AuthMiddleware, TokenVerifier
from gateway.cursors import configure_cursor_key
from gateway.downloads.routes import Downloads
from gateway.graphql_http import graphql_endpoint
from gateway.graphql_ws import GraphQLWebSocket
from gateway.http_security import SecurityHeadersMiddleware, cors
from gateway.keys import audit_keys
from gateway.mail import start_worker
from gateway.metrics import metrics_endpoint
from gateway.notify import make_notifier
from gateway.ratelimit import RateLimitMiddleware, make_limiter
from gateway.request_log import RequestLogMiddleware
from gateway.schema import build_schema
from gateway.settings import Settings, get_settings
from gateway.state import AppState

log = logging.getLogger("tvs.app")

#: Routes that serve personal data need a valid token and an account that may log in.
_PROTECTED_PREFIXES = ("/klantprofielen/", "/plaatsingseenheden/")


def requires_auth(scope: Scope) -> bool:
    path: str = scope["path"]
    if path == "/graphql":
        return bool(scope["method"] == "POST")
    return path.startswith(_PROTECTED_PREFIXES)


async def healthz(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    state: AppState = request.app.state.gateway
    timeout = state.settings.readiness_timeout_seconds
    try:
        async with asyncio.timeout(timeout):
            async with state.engine.connect() as conn:
                await conn.execute(sa.text("SELECT 1"))
    except TimeoutError:
        log.warning("readiness check failed: the database did not answer within %s s", timeout)
        reason = f"database did not answer within {timeout:g} s"
        return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
    except Exception as exc:
        log.warning("readiness check failed: %s", type(exc).__name__)
        return JSONResponse({"status": "unavailable", "reason": "database unreachable"}, status_code=503)
    return JSONResponse({"status": "ready"})


def _settle_garbage_collector() -> None:
    """What start-up made lives as long as the process (the schema, SQLAlchemy's and Strawberry's
    machinery): freeze it out of the collector's sight, so a full collection only walks what
    requests allocate, and collect the young generation less often. Both shorten latency tails."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*_GC_THRESHOLDS)


#: Python's default is (700, 10, 10): a young collection every 700 allocations.
_GC_THRESHOLDS = (20_000, 20, 20)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()
    schema = build_schema(settings)
    verifier = TokenVerifier(settings)
    keys = audit_keys(settings)
    cipher = AuditCipher(keys)
    configure_cursor_key(keys.encryption_key)
    downloads = Downloads.from_settings(settings, schema)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        engine = create_engine(settings.database_url, pool_size=5)
        read_engine = create_read_engine(
            settings.database_url, pool_size=settings.db_pool_size, write_engine=engine
        )
        limiter = make_limiter(settings)
        state = AppState(
            settings=settings,
            schema=schema,
            verifier=verifier,
            cipher=cipher,
            engine=engine,
            read_engine=read_engine,
            sessionmaker=create_sessionmaker(engine),
            limiter=limiter,
        )
        app.state.gateway = state
        notifier = state.notifier = make_notifier(settings.database_url)
        await notifier.fanout.start()
        mail_worker = start_worker(engine, settings, notifier.mail_waiting)
        _settle_garbage_collector()
        try:
            yield {"gateway": state}
        finally:
            if mail_worker is not None:
                mail_worker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await mail_worker
            await notifier.fanout.stop()
            await limiter.close()
            if read_engine is not engine:
                await read_engine.dispose()
            await engine.dispose()

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/graphql", graphql_endpoint, methods=["GET", "POST"]),
        *graphiql.routes(settings),
        WebSocketRoute("/graphql", GraphQLWebSocket(schema, allowed_origins=settings.cors_origins)),
        *downloads.routes(),
    ]
    if settings.metrics_enabled and settings.metrics_port is None:
        routes.append(Route("/metrics", metrics_endpoint, methods=["GET"]))
    # Outermost first. Headers wrap everything (also 401, 413, 429 and CORS answers); the rate
    # limit needs the principal, so it comes after authentication.
    middleware = [
        Middleware(SecurityHeadersMiddleware, cors_origins=settings.cors_origins),
        Middleware(
            RequestLogMiddleware,
            static_paths=[r.path for r in routes if isinstance(r, Route | WebSocketRoute)],
        ),
        cors(settings),
        Middleware(RequestBodyLimitMiddleware, max_body_size=settings.max_body_bytes),
        Middleware(
            AuthMiddleware,
            requires_auth=requires_auth,
            engine_of=lambda scope: scope["app"].state.gateway.read_engine,
            verifier_of=lambda scope: scope["app"].state.gateway.verifier,
        ),
        Middleware(RateLimitMiddleware),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
