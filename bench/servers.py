"""The three servers under test, as child processes of the benchmark, each in its own process group.

- gateway: `tvs-gateway serve`, 1 uvicorn worker, TVS_ENV=production (tokens verified against
  the benchmark's JWKS, access log on and keyed), TVS_MAX_PAGE_SIZE=1000 so Q2's `first: 1000` is
  allowed (the default bound is 500), and the rate limit raised out of the way (the benchmark
  measures the resolver path; every check, the limiter's included, still runs).
- postgraphile: PostGraphile v5 on Node 22 (bench/postgraphile/graphile.config.mjs).
- floor: bench/floor.py on uvicorn, 1 worker.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.config import PG_PORT, ROOT, WORK, Ports, dsn
from bench.tokens import BenchKeys
from bench.tools import NODE, PG_DIR, POSTGRAPHILE_CLI

LOGS = WORK / "logs"


@dataclass
class Server:
    name: str
    port: int
    command: list[str]
    env: dict[str, str]
    cwd: Path
    ready_path: str
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    @property
    def log_path(self) -> Path:
        return LOGS / f"{self.name}.log"

    def start(self, timeout: float = 90.0) -> None:
        LOGS.mkdir(parents=True, exist_ok=True)
        _refuse_busy_port(self.port)
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                self.command,
                env={**os.environ, **self.env},
                cwd=self.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped as one, by its id
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"bench: {self.name} exited at start; see {self.log_path}")
            try:
                if self._ready():
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
        self.stop()
        raise SystemExit(f"bench: {self.name} did not come up in {timeout:.0f} s; see {self.log_path}")

    def _ready(self) -> bool:
        if self.ready_path == "/graphql":
            r = httpx.post(f"http://127.0.0.1:{self.port}/graphql", json={"query": "{ __typename }"})
        else:
            r = httpx.get(f"http://127.0.0.1:{self.port}{self.ready_path}")
        return r.status_code == 200

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def _refuse_busy_port(port: int) -> None:
    try:
        httpx.get(f"http://127.0.0.1:{port}/", timeout=0.5)
    except httpx.ConnectError:
        return
    except httpx.HTTPError:
        pass
    raise SystemExit(f"bench: port {port} is in use; stop what listens there or set other ports")


def make_servers(
    database: str, keys: BenchKeys, ports: Ports, *, pg_port: int | None = None
) -> dict[str, Server]:
    """The three servers against `database`; through PostgreSQL port `pg_port` when given."""
    port = pg_port or PG_PORT
    bin_dir = Path(sys.executable).parent
    gateway = Server(
        name="gateway",
        port=ports.gateway,
        command=[str(bin_dir / "tvs-gateway"), "serve"],
        env={
            "TVS_ENV": "production",
            "TVS_DATABASE_URL": dsn(database, port=port, driver="postgresql+asyncpg"),
            "TVS_HOST": "127.0.0.1",
            "TVS_PORT": str(ports.gateway),
            "TVS_WORKERS": "1",
            "TVS_LOG_LEVEL": "INFO",
            "TVS_MAX_PAGE_SIZE": "1000",
            "TVS_RATE_LIMIT_PER_MINUTE": "10000000",
            "TVS_RATE_LIMIT_BURST": "1000000",
            "TVS_PUBLIC_URL": f"http://127.0.0.1:{ports.gateway}",
            **keys.gateway_env(),
        },
        cwd=ROOT,
        ready_path="/healthz",
    )
    postgraphile = Server(
        name="postgraphile",
        port=ports.postgraphile,
        command=[str(NODE), str(POSTGRAPHILE_CLI), "-C", str(PG_DIR / "graphile.config.mjs")],
        env={
            "BENCH_DATABASE_URL": dsn(database, port=port),
            "BENCH_PORT": str(ports.postgraphile),
            "GRAPHILE_ENV": "production",
            "NODE_ENV": "production",
        },
        cwd=PG_DIR,
        ready_path="/graphql",
    )
    floor = Server(
        name="floor",
        port=ports.floor,
        command=[
            sys.executable,
            *["-m", "uvicorn", "bench.floor:app", "--host", "127.0.0.1", "--workers", "1"],
            *f"--port {ports.floor} --no-access-log --log-level warning".split(),
        ],
        env={"BENCH_FLOOR_DSN": dsn(database, port=port)},
        cwd=ROOT,
        ready_path="/healthz",
    )
    resolvers = Server(
        name="resolvers",
        port=ports.resolvers,
        command=gateway.command,
        env={
            **gateway.env,
            "TVS_PORT": str(ports.resolvers),
            "TVS_PUBLIC_URL": f"http://127.0.0.1:{ports.resolvers}",
            "TVS_COMPILED_READS": "false",
        },
        cwd=ROOT,
        ready_path="/healthz",
    )
    return {s.name: s for s in (gateway, resolvers, postgraphile, floor)}
