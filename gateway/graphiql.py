"""GraphiQL, served entirely by the gateway: it works in a network without internet.

- ``GET /graphql`` gives the page (gateway/templates/graphiql.html); its scripts and styles come
  from ``/graphiql/static/``: our own (gateway/static/graphiql/) and GraphiQL's, fetched at install
  time into gateway/static/vendor/ (gateway/graphiql_assets.py).
- ``GET /graphiql/examples``: the example queries of docs/queries/, offered on the page.
- Development only: ``GET /graphiql/personas`` lists the demo accounts and ``POST /graphiql/token``
  issues a development token for one of them. These routes do not exist in production, where the
  page is off unless ``TVS_GRAPHIQL=true`` and then only takes a pasted token.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from gateway import graphiql_assets
from gateway.auth import AuthenticationFailed, load_principal
from gateway.settings import Settings
from gateway.state import AppState

STATIC_DIR = Path(__file__).resolve().parent / "static"
DEFAULT_EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "docs" / "queries"

#: The one <style> element GraphiQL 3.8.3 adds at run time: react-remove-scroll-bar's scroll lock,
#: inserted whenever a dialog or menu opens (settings, shortcuts, choosing one of several operations).
#: Its text holds the scrollbar width, which is 0 on this page (the body never scrolls), so its
#: hash is fixed. Everything else GraphiQL styles through the CSSOM, which style-src allows.
SCROLL_LOCK_STYLE_HASH = "'sha256-Y/huXlwoYkVyQlxwSVcCi1RCDGDCSVBzDt0hYP9qlTc='"

#: What the page needs, and nothing more: no inline script and no inline style of our own, no
#: 'unsafe-inline' or 'unsafe-eval'; GraphiQL's fonts and icons are data: URLs in its stylesheet.
#: tests/test_graphiql_browser.py fails on any violation of it.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        f"style-src 'self' {SCROLL_LOCK_STYLE_HASH}",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)

_MISSING_ASSETS = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>GraphiQL is not installed</title></head><body>
<h1>GraphiQL's files are not installed</h1>
<p>The gateway serves GraphiQL's scripts itself, so the page works without internet. They are
fetched at install time: run <code>tvs-gateway fetch-graphiql</code> (<code>make run</code> does
this) and reload.</p></body></html>"""


# --- the page --------------------------------------------------------------------------------------


@cache
def _page(mode: str) -> str:
    template = graphiql_assets.TEMPLATE.read_text(encoding="utf-8")
    return template.replace("{{mode}}", mode)


def assets_installed() -> bool:
    """Whether every vendored file is there. The browser checks their hashes (SRI) on load."""
    return all((graphiql_assets.VENDOR_DIR / a.relpath).is_file() for a in _assets())


@cache
def _assets() -> list[graphiql_assets.Asset]:
    return graphiql_assets.page_assets()


def page_response(settings: Settings) -> Response:
    headers = {"Content-Security-Policy": CONTENT_SECURITY_POLICY}
    if not assets_installed():
        return HTMLResponse(_MISSING_ASSETS, status_code=503, headers=headers)
    return HTMLResponse(_page("production" if settings.is_production else "development"), headers=headers)


# --- example queries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """One file of docs/queries/: its first comment line is the title, and a line
    ``# Runs as: ACCOUNT (who)`` names the demo account that runs it."""

    name: str
    title: str
    persona: str
    runs_as: str
    query: str


def parse_example(path: Path) -> Example:
    text = path.read_text(encoding="utf-8")
    comments = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
    runs_as = next((c.partition(":")[2].strip() for c in comments if c.startswith("Runs as:")), "")
    if not comments or not runs_as:
        raise ValueError(f"{path}: needs a title comment and a '# Runs as: ACCOUNT (who)' line")
    return Example(name=path.stem, title=comments[0], persona=runs_as.split()[0], runs_as=runs_as, query=text)


def load_examples(directory: Path) -> list[Example]:
    return [parse_example(p) for p in sorted(directory.glob("*.graphql"))] if directory.is_dir() else []


# --- routes ----------------------------------------------------------------------------------------


def _json(body: Any, status: int = 200) -> Response:
    return Response(
        orjson.dumps(body),
        status_code=status,
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


async def examples(request: Request) -> Response:
    state: AppState = request.app.state.gateway
    directory = state.settings.graphiql_examples_dir or DEFAULT_EXAMPLES_DIR
    return _json([asdict(e) for e in load_examples(directory)])


def _demo_accounts() -> dict[str, Any]:
    from db.seed.demo import DEMO_ACCOUNTS  # development only: the seed's fixed cast

    return {a.gebruikersnaam: a for a in DEMO_ACCOUNTS}


def _scope(account: Any) -> str:
    if account.organisatie:
        return str(account.organisatie)
    if account.arbeidsmarktregio:
        return f"arbeidsmarktregio {account.arbeidsmarktregio}"
    if account.uitplaatsingsregio:
        return f"COA, uitplaatsingsregio {account.uitplaatsingsregio}"
    return "COA"


async def personas(request: Request) -> Response:
    """The demo accounts that exist in this database and may log in, in the seed's order."""
    state: AppState = request.app.state.gateway
    found = []
    for name, account in _demo_accounts().items():
        try:
            principal = await load_principal(state.engine, name)
        except AuthenticationFailed:
            continue
        found.append(
            {
                "gebruikersnaam": name,
                "naam": principal.naam,
                "rol": principal.rol.value,
                "scope": _scope(account),
            }
        )
    return _json(found)


async def token(request: Request) -> Response:
    """A fresh development token for one demo account; for nothing else."""
    state: AppState = request.app.state.gateway
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return _json({"error": "Content-Type moet application/json zijn"}, 415)
    try:
        name = orjson.loads(await request.body()).get("gebruikersnaam")
    except (orjson.JSONDecodeError, AttributeError):
        name = None
    if not isinstance(name, str) or name.lower() not in _demo_accounts():
        return _json({"error": "alleen voor de demo-accounts"}, 404)
    try:
        await load_principal(state.engine, name)
    except AuthenticationFailed:
        return _json({"error": "dit demo-account bestaat hier niet of mag niet inloggen"}, 404)
    return _json({"gebruikersnaam": name.lower(), "token": state.verifier.issue_dev_token(name)})


def routes(settings: Settings) -> list[BaseRoute]:
    """GraphiQL's routes beside GET /graphql; none where GraphiQL is off."""
    if not settings.graphiql_enabled:
        return []
    found: list[BaseRoute] = [
        Mount("/graphiql/static", app=StaticFiles(directory=STATIC_DIR), name="graphiql-static"),
        Route("/graphiql/examples", examples, methods=["GET"]),
    ]
    if not settings.is_production:
        found += [
            Route("/graphiql/personas", personas, methods=["GET"]),
            Route("/graphiql/token", token, methods=["POST"]),
        ]
    return found
