"""GraphQL over HTTP (OWASP GraphQL: batching, CSRF-safe transport, secure headers): only POST with a
JSON body executes, one operation per request, bodies are bounded, CORS and WebSocket origins come
from an allow-list, and every response carries the security headers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket

from gateway.http_security import API_CSP, API_VERSION
from tests.conftest import Api, make_settings, open_api

IK = {"query": "{ ik { naam } }"}


# --- only POST with JSON executes ----------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/graphql",
        None,
    ],
)
async def test_other_content_types_are_refused_with_415(api: Api, content_type: str | None) -> None:
    headers = api.headers("utrecht") | ({"Content-Type": content_type} if content_type else {})
    response = await api.client.post("/graphql", content=b'{"query": "{ ik { naam } }"}', headers=headers)
    assert response.status_code == 415
    assert "data" not in response.json()


async def test_json_with_a_charset_is_served(api: Api) -> None:
    headers = api.headers("utrecht") | {"Content-Type": "application/json; charset=utf-8"}
    response = await api.client.post("/graphql", content=b'{"query": "{ ik { naam } }"}', headers=headers)
    assert response.status_code == 200 and response.json()["data"]["ik"]["naam"]


async def test_get_never_executes_an_operation(api: Api, prod_api: Api) -> None:
    params = {"query": "{ ik { naam } }"}
    # Development: GraphiQL's page, not an answer.
    response = await api.client.get("/graphql", params=params, headers=api.headers("utrecht"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "Sanne" not in response.text and '"data"' not in response.text
    # Production: 405, and nothing else.
    response = await prod_api.client.get("/graphql", params=params, headers=prod_api.headers("utrecht"))
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    assert "data" not in response.json()


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
async def test_other_methods_are_405(api: Api, method: str) -> None:
    response = await api.client.request(method, "/graphql", json=IK, headers=api.headers("utrecht"))
    assert response.status_code == 405


async def test_batched_bodies_are_refused(api: Api) -> None:
    response = await api.client.post("/graphql", json=[IK, IK], headers=api.headers("utrecht"))
    assert response.status_code == 400
    assert "batching" in response.json()["errors"][0]["message"]


# --- body size -------------------------------------------------------------------------------------

BIG = b'{"query": "{ ik { naam } }", "variables": {"x": "' + b"a" * 1_000_000 + b'"}}'


async def test_bodies_over_one_megabyte_are_413(api: Api) -> None:
    response = await api.client.post(
        "/graphql", content=BIG, headers=api.headers("utrecht") | {"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["cache-control"] == "no-store"


async def test_chunked_bodies_over_one_megabyte_are_413(api: Api) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(BIG), 64 * 1024):
            yield BIG[start : start + 64 * 1024]

    response = await api.client.post(
        "/graphql", content=chunks(), headers=api.headers("utrecht") | {"Content-Type": "application/json"}
    )
    assert "content-length" not in response.request.headers  # sent chunked
    assert response.status_code == 413


async def test_a_body_just_under_the_limit_is_read(api: Api) -> None:
    body = b'{"query": "{ ik { naam } }", "variables": {"x": "' + b"a" * 999_000 + b'"}}'
    response = await api.client.post(
        "/graphql", content=body, headers=api.headers("utrecht") | {"Content-Type": "application/json"}
    )
    assert response.status_code == 200 and response.json()["data"]["ik"]["naam"]


# --- headers on every response -------------------------------------------------------------------


def _assert_security_headers(response: httpx.Response, csp: str = API_CSP) -> None:
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["content-security-policy"] == csp
    assert response.headers["api-version"] == API_VERSION


async def test_every_response_carries_the_security_headers(api: Api) -> None:
    json_headers = {"Content-Type": "application/json"}
    responses = [
        await api.client.post("/graphql", json=IK, headers=api.headers("utrecht")),  # 200
        await api.client.post("/graphql", json=IK),  # 401
        await api.client.post("/graphql", content=b"x", headers=api.headers("utrecht")),  # 415
        await api.client.post("/graphql", content=BIG, headers=api.headers("utrecht") | json_headers),  # 413
        await api.client.get("/healthz"),
        await api.client.get("/readyz"),
        await api.client.get("/metrics"),
        await api.client.get("/bestaat-niet"),  # 404
        await api.client.delete("/graphql"),  # 405
    ]
    assert [r.status_code for r in responses] == [200, 401, 415, 413, 200, 200, 200, 404, 405]
    for response in responses:
        _assert_security_headers(response)


async def test_graphiql_may_load_only_the_gateways_own_assets(api: Api) -> None:
    response = await api.client.get("/graphql", headers={"Accept": "text/html"})
    csp = response.headers["content-security-policy"]
    _assert_security_headers(response, csp=csp)
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    for name in ("script-src", "connect-src"):
        assert directives[name] == "'self'", name  # no CDN, no inline script
    assert "http" not in csp and "unsafe" not in csp and "*" not in csp


async def test_responses_carry_their_trace_context(api: Api) -> None:
    traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    response = await api.client.post(
        "/graphql", json=IK, headers=api.headers("utrecht") | {"traceparent": traceparent}
    )
    assert response.headers["traceparent"].startswith("00-0af7651916cd43dd8448eb211c80319c-")


# --- CORS ------------------------------------------------------------------------------------------

ALLOWED = "https://dashboard.utrecht.example"
PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization,content-type",
}


async def test_cors_is_closed_by_default(api: Api) -> None:
    response = await api.client.options("/graphql", headers={"Origin": ALLOWED, **PREFLIGHT})
    assert response.status_code == 400 and "access-control-allow-origin" not in response.headers
    _assert_security_headers(response)
    response = await api.client.post(
        "/graphql", json=IK, headers=api.headers("utrecht") | {"Origin": ALLOWED}
    )
    assert "access-control-allow-origin" not in response.headers


async def test_cors_follows_the_allow_list(shared_db_url: str, key_dir: Path) -> None:
    async for api in open_api(make_settings(shared_db_url, key_dir, cors_origins=ALLOWED)):
        response = await api.client.options("/graphql", headers={"Origin": ALLOWED, **PREFLIGHT})
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == ALLOWED
        assert "access-control-allow-credentials" not in response.headers
        _assert_security_headers(response)
        response = await api.client.post(
            "/graphql", json=IK, headers=api.headers("utrecht") | {"Origin": ALLOWED}
        )
        assert response.headers["access-control-allow-origin"] == ALLOWED

        evil = "https://evil.example"
        response = await api.client.options("/graphql", headers={"Origin": evil, **PREFLIGHT})
        assert response.status_code == 400 and "access-control-allow-origin" not in response.headers
        response = await api.client.post(
            "/graphql", json=IK, headers=api.headers("utrecht") | {"Origin": evil}
        )
        assert "access-control-allow-origin" not in response.headers


# --- WebSocket origins -----------------------------------------------------------------------------


async def _handshake(app: Any, origin: str | None) -> list[dict[str, Any]]:
    """A WebSocket handshake driven at the ASGI level: what the app sends back."""
    headers = [(b"host", b"gateway.test"), *([(b"origin", origin.encode())] if origin else [])]
    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "path": "/ws-test",
        "raw_path": b"/ws-test",
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "server": ("gateway.test", 80),
        "client": ("127.0.0.1", 50000),
        "subprotocols": [],
        "state": {},
    }
    inbox: list[dict[str, Any]] = [{"type": "websocket.connect"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return inbox.pop(0) if inbox else {"type": "websocket.disconnect", "code": 1000}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


async def test_websocket_handshakes_follow_the_same_allow_list(shared_db_url: str, key_dir: Path) -> None:
    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text("hallo")
        await websocket.close()

    async for api in open_api(make_settings(shared_db_url, key_dir, cors_origins=ALLOWED)):
        api.app.router.routes.append(WebSocketRoute("/ws-test", echo))
        for origin in (ALLOWED, "http://gateway.test", None):  # listed, its own page, no browser
            sent = await _handshake(api.app, origin)
            assert [m["type"] for m in sent][:2] == ["websocket.accept", "websocket.send"], origin
        sent = await _handshake(api.app, "https://evil.example")
        assert sent == [{"type": "websocket.close", "code": 1008}]
