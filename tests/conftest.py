"""Test fixtures: every test that uses `api` runs against SQLite and, where TVS_TEST_DATABASE_URL is
set, against PostgreSQL too. Each backend is migrated and seeded once per session (a template);
tests that write get a fresh copy of it, tests that only read share one.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from starlette.applications import Starlette

from db.migrate import upgrade
from db.seed import seed
from db.session import create_engine
from gateway.app import create_app
from gateway.settings import Settings, load_settings
from gateway.state import AppState
from tests.production import IdentityProvider, production_settings

PG_URL = os.environ.get("TVS_TEST_DATABASE_URL")
#: Small enough to seed fast, large enough for every role to see several people.
SEED_SIZE = 300
SEED = 7

DEMO = {
    "utrecht": "medewerker@utrecht.demo",
    "beheerder": "beheerder@utrecht.demo",
    "nieuwegein": "medewerker@nieuwegein.demo",
    "amsterdam": "medewerker@amsterdam.demo",
    "derde": "begeleider@vluchtelingenwerk.demo",
    "amr": "tool@midden-utrecht.demo",
    "casemanager": "casemanager@coa.demo",
    "regievoerder": "regievoerder@coa.demo",
    "fg": "fg@coa.demo",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test runs on SQLite (resolver path) and, with TVS_TEST_DATABASE_URL, on PostgreSQL as
    the gateway runs there (compiled reads on). Modules marked `both_read_paths` run on PostgreSQL
    through the resolver path as well; `postgres_only` ones only on PostgreSQL."""
    if "backend" not in metafunc.fixturenames:
        return
    pg_only = metafunc.definition.get_closest_marker("postgres_only") is not None
    combos: list[Any] = [] if pg_only else [("sqlite", "resolver")]
    if PG_URL:
        combos.append(("postgresql", "compiled"))
        if metafunc.definition.get_closest_marker("both_read_paths"):
            combos.append(("postgresql", "resolver"))
    elif pg_only:
        skip = pytest.mark.skip(reason="needs PostgreSQL: set TVS_TEST_DATABASE_URL (CI does)")
        combos.append(pytest.param("postgresql", "compiled", marks=skip))
    if "read_path" not in metafunc.fixturenames:  # no gateway in this test: one run per backend
        combos = [c for i, c in enumerate(combos) if i == 0 or _backend(c) != _backend(combos[i - 1])]
        combos = [pytest.param(_backend(c), marks=c.marks) if hasattr(c, "marks") else c[0] for c in combos]
        metafunc.parametrize("backend", combos, scope="session")
        return
    metafunc.parametrize(("backend", "read_path"), combos, scope="session")


def _backend(combo: Any) -> str:
    return str(combo.values[0] if hasattr(combo, "values") else combo[0])


# --- databases -------------------------------------------------------------------------------------


def _pg_admin_url() -> str:
    assert PG_URL
    return make_url(PG_URL).set(database="postgres").render_as_string(hide_password=False)


def _pg_url(name: str) -> str:
    assert PG_URL
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def _pg_admin(*statements: str) -> None:
    async def run() -> None:
        engine = create_async_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                for s in statements:
                    await conn.execute(sa.text(s))
        finally:
            await engine.dispose()

    asyncio.run(run())


def _seed(url: str, size: int = SEED_SIZE, random_seed: int = SEED) -> None:
    upgrade(url)

    async def run() -> None:
        engine = create_engine(url)
        try:
            await seed(engine, vergunninghouders=size, seed=random_seed)
        finally:
            await engine.dispose()

    asyncio.run(run())


@dataclass
class Template:
    backend: str
    url: str
    path: Path | None = None
    copies: list[str] = field(default_factory=list)

    def copy(self, tmp: Path) -> str:
        if self.backend == "sqlite":
            assert self.path is not None
            target = tmp / f"copy-{uuid.uuid4().hex[:8]}.db"
            shutil.copy(self.path, target)
            return f"sqlite+aiosqlite:///{target}"
        name = f"tvs_t_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        tpl = make_url(self.url).database
        _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{tpl}"')
        self.copies.append(name)
        return _pg_url(name)


@pytest.fixture(scope="session")
def template(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("db") / "template.db"
        url = f"sqlite+aiosqlite:///{path}"
        _seed(url)
        yield Template(backend, url, path)
        return
    name = f"tvs_t_{os.getpid()}_template"
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    tpl = Template(backend, _pg_url(name))
    _seed(tpl.url)
    yield tpl
    _pg_admin(*[f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)' for n in [*tpl.copies, name]])


@pytest.fixture(scope="session")
def shared_db_url(template: Template, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A seeded database that tests only read from (the access log grows; filter by trace id)."""
    return template.copy(tmp_path_factory.mktemp("shared"))


@pytest.fixture
def fresh_db_url(template: Template, tmp_path: Path) -> str:
    """A seeded database of this test's own, for tests that write."""
    return template.copy(tmp_path)


# --- the demo data `make run` serves ----------------------------------------------------------------

#: `tvs-gateway seed`'s default seed: the people of docs/queries/ and of GraphiQL's examples. The
#: demo cast is made before the other people, so its V-nummers do not depend on the size.
DEMO_SEED = 2026
DEMO_SIZE = 30


@pytest.fixture(scope="session")
def demo_sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make run`'s demo data (smaller), in a SQLite file; copy it before writing to it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    _seed(f"sqlite+aiosqlite:///{path}", DEMO_SIZE, DEMO_SEED)
    return path


@pytest.fixture(scope="session")
def demo_db_url(
    backend: str, demo_sqlite_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database of `make run`'s demo data on each backend, for the example queries."""
    if backend == "sqlite":
        target = tmp_path_factory.mktemp("demo-copy") / "demo.db"
        shutil.copy(demo_sqlite_db, target)
        yield f"sqlite+aiosqlite:///{target}"
        return
    name = f"tvs_t_{os.getpid()}_demo"
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    _seed(_pg_url(name), DEMO_SIZE, DEMO_SEED)
    yield _pg_url(name)
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the application -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def key_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keys")


def make_settings(database_url: str, key_dir: Path, **overrides: Any) -> Settings:
    return load_settings(database_url=database_url, key_dir=key_dir, env="development", **overrides)


@dataclass
class Api:
    """The gateway over HTTP, as a client sees it, plus the database behind it for assertions."""

    app: Starlette
    client: httpx.AsyncClient
    state: AppState

    @property
    def engine(self) -> AsyncEngine:
        return self.state.engine

    def token(self, user: str, ttl: int | None = None) -> str:
        return self.state.verifier.issue_dev_token(DEMO.get(user, user), ttl)

    def headers(self, user: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user)}"} if user else {}

    async def post(
        self,
        user: str | None,
        query: str,
        variables: dict[str, Any] | None = None,
        operation_name: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        if operation_name is not None:
            body["operationName"] = operation_name
        return await self.client.post(
            "/graphql", json=body, headers={**self.headers(user), **(headers or {})}
        )

    async def gql(
        self, user: str | None, query: str, variables: dict[str, Any] | None = None, **kw: Any
    ) -> Any:
        response = await self.post(user, query, variables, **kw)
        assert response.status_code == 200, response.text
        return response.json()

    async def data(
        self, user: str | None, query: str, variables: dict[str, Any] | None = None, **kw: Any
    ) -> Any:
        """The data of a response that must have no errors."""
        body = await self.gql(user, query, variables, **kw)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def scalar(self, statement: Any) -> Any:
        async with self.engine.connect() as conn:
            return (await conn.execute(statement)).scalar()

    async def rows(self, statement: Any) -> list[Any]:
        async with self.engine.connect() as conn:
            return list((await conn.execute(statement)).all())


@dataclass
class ProductionApi(Api):
    """The gateway in production mode: tokens signed by the test's identity provider."""

    idp: IdentityProvider | None = None

    def token(self, user: str, ttl: int | None = None) -> str:
        assert self.idp is not None
        return self.idp.token(DEMO.get(user, user), ttl or 600)


async def open_api(settings: Settings, idp: IdentityProvider | None = None) -> AsyncIterator[Api]:
    app = create_app(settings)
    async with app.router.lifespan_context(app) as state:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            if idp is None:
                yield Api(app=app, client=client, state=state["gateway"])
            else:
                yield ProductionApi(app=app, client=client, state=state["gateway"], idp=idp)


@pytest.fixture(scope="session")
def read_path() -> str:
    """Overridden by the parametrisation above: "compiled" or "resolver"."""
    return "compiled"


@pytest.fixture
async def api(shared_db_url: str, key_dir: Path, read_path: str) -> AsyncIterator[Api]:
    """The gateway on the shared (read-only) database."""
    settings = make_settings(shared_db_url, key_dir, compiled_reads=read_path == "compiled")
    async for a in open_api(settings):
        yield a


@pytest.fixture
async def fresh_api(fresh_db_url: str, key_dir: Path, read_path: str) -> AsyncIterator[Api]:
    """The gateway on a database of this test's own."""
    settings = make_settings(fresh_db_url, key_dir, compiled_reads=read_path == "compiled")
    async for a in open_api(settings):
        yield a


@pytest.fixture(scope="session")
def idp(tmp_path_factory: pytest.TempPathFactory) -> IdentityProvider:
    """A production identity provider: an ES256 key pair and its JWKS file, made here."""
    return IdentityProvider.make(tmp_path_factory.mktemp("idp"))


@pytest.fixture
async def prod_api(shared_db_url: str, idp: IdentityProvider, tmp_path: Path) -> AsyncIterator[Api]:
    """The gateway in production mode (TVS_ENV=production) on the shared database."""
    async for a in open_api(production_settings(idp, shared_db_url, tmp_path), idp):
        yield a


def audit_rows_for(trace_id: str) -> Any:
    from db.models import AuditRecord

    return sa.select(AuditRecord).where(AuditRecord.trace_id == trace_id).order_by(AuditRecord.id)
