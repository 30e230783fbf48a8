"""Closed-loop load and what it cost: latency histogram, CPU of server, PostgreSQL and the rest.

The load comes from bench/loadgen.py (every request it starts is finished and counted, see there);
wrk (Debian's package, with a Lua script that prints its full latency histogram) runs the same
case as a cross-check that the generator is not the bottleneck.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from bench.procstat import BackendCpu, machine_busy, tree_cpu

_MARK = "BENCH-JSON "

_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%s{"requests":%d,"duration_us":%d,"errors":%d,"latency":[',
    "{mark}", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout))
  for i = 1, #latency do
    local value, count = latency(i)
    if i > 1 then io.write(",") end
    io.write(string.format("[%d,%d]", value, count))
  end
  io.write("]}\\n")
end
"""


@dataclass(frozen=True)
class Case:
    """One server answering one query: what the load sends."""

    server: str
    query: str
    port: int
    body: bytes
    token: str | None

    def files(self, directory: Path) -> tuple[Path, Path]:
        """The body (for bench/loadgen.py) and the Lua script (for wrk), written once."""
        directory.mkdir(parents=True, exist_ok=True)
        body_file = directory / f"{self.server}-{self.query}.json"
        body_file.write_bytes(self.body)
        lua = [
            'wrk.method = "POST"',
            f"wrk.body = [==[{self.body.decode()}]==]",
            'wrk.headers["Content-Type"] = "application/json"',
        ]
        if self.token:
            lua.append(f'wrk.headers["Authorization"] = "Bearer {self.token}"')
        script = directory / f"{self.server}-{self.query}.lua"
        script.write_text("\n".join(lua) + "\n" + _DONE.replace("{mark}", _MARK))
        return body_file, script

    def command(self, tool: str, directory: Path, seconds: float, concurrency: int) -> list[str]:
        body_file, script = self.files(directory)
        if tool == "wrk":
            threads = min(2, concurrency)
            return [
                *f"wrk -t{threads} -c{concurrency} -d{max(1, round(seconds))}s --timeout 60s -s".split(),
                str(script),
                f"http://127.0.0.1:{self.port}/graphql",
            ]
        command = [
            sys.executable,
            *f"-m bench.loadgen --port {self.port} --concurrency {concurrency}".split(),
            *f"--seconds {seconds} --body-file".split(),
            str(body_file),
        ]
        return command + (["--token", self.token] if self.token else [])


@dataclass
class Segment:
    """One measured run of the load against one server."""

    requests: int
    seconds: float
    errors: int
    latency_us: Counter[int]
    server_cpu: float
    postgres_cpu: float
    load_cpu: float  # the load generator's own CPU
    other_cpu: float  # everything else on the machine (other engineers' test suites, ...)
    wall: float = 0.0  # the measurement window, from before the generator starts until it has exited
    connections: int = 0  # database connections the server opened during the run


@dataclass
class Totals:
    """Segments of one server and query, merged over rounds."""

    segments: list[Segment] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(s.requests for s in self.segments)

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.segments)

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.segments)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, p: float) -> float:
        merged: Counter[int] = Counter()
        for s in self.segments:
            merged.update(s.latency_us)
        total = sum(merged.values())
        if not total:
            return float("nan")
        rank, seen = p / 100 * total, 0
        for value in sorted(merged):
            seen += merged[value]
            if seen >= rank:
                return value / 1000
        return max(merged) / 1000

    def per_request_ms(self, attr: str) -> float:
        n = self.requests
        return 1000 * sum(getattr(s, attr) for s in self.segments) / n if n else float("nan")

    def cores(self, attr: str) -> float:
        """Average cores used over the measurement windows."""
        wall = sum(s.wall for s in self.segments)
        return sum(getattr(s, attr) for s in self.segments) / wall if wall else 0.0

    @property
    def connections_per_request(self) -> float:
        return sum(s.connections for s in self.segments) / self.requests if self.requests else 0.0


async def _backends(conn: asyncpg.Connection, database: str) -> list[int]:
    rows = await conn.fetch(
        "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", database
    )
    return [r["pid"] for r in rows]


async def run_load(
    command: list[str],
    *,
    server_pid: int | None = None,
    monitor: asyncpg.Connection | None = None,
    database: str | None = None,
    cwd: Path | None = None,
) -> Segment:
    """Run the load `command`; measure CPU when `server_pid`, `monitor` and `database` are given."""
    measure = server_pid is not None and monitor is not None and database is not None
    if measure:
        backends = BackendCpu(await _backends(monitor, database))  # type: ignore[arg-type]
        server_start, busy_start = tree_cpu(server_pid), machine_busy()  # type: ignore[arg-type]
    children_start = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall_start = time.monotonic()
    proc = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE, cwd=cwd)
    output = asyncio.create_task(proc.communicate())
    while measure and not output.done():
        backends.sample(await _backends(monitor, database))  # type: ignore[arg-type]
        await asyncio.wait({output}, timeout=0.5)
    stdout, _ = await output
    wall = time.monotonic() - wall_start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_cpu = (children.ru_utime - children_start.ru_utime) + (children.ru_stime - children_start.ru_stime)
    if proc.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({proc.returncode}): {stdout.decode()[-2000:]}")
    lines = [x.removeprefix(_MARK) for x in stdout.decode().splitlines() if x.startswith(("{", _MARK))]
    data = json.loads(lines[-1])
    segment = Segment(
        requests=int(data["requests"]),
        seconds=data["duration_us"] / 1e6,
        errors=int(data["errors"]),
        latency_us=Counter({int(v): int(c) for v, c in data["latency"]}),
        server_cpu=0.0,
        postgres_cpu=0.0,
        # the generator reports its own CPU while sending; wrk's is taken from the kernel
        load_cpu=float(data.get("cpu_s", load_cpu)),
        other_cpu=0.0,
        wall=wall,
    )
    if measure:
        backends.sample(await _backends(monitor, database))  # type: ignore[arg-type]
        segment.server_cpu = tree_cpu(server_pid) - server_start  # type: ignore[arg-type]
        segment.postgres_cpu = backends.used()
        segment.connections = backends.opened
        busy = machine_busy() - busy_start
        segment.other_cpu = max(0.0, busy - segment.server_cpu - segment.postgres_cpu - load_cpu)
    return segment


async def settle(server_pid: int, monitor: asyncpg.Connection, database: str, limit_s: float = 180.0) -> None:
    """Wait until the server and its database work are idle.

    When wrk stops it drops its connections, but a server may still be working on the requests
    they had sent; that work must not spill into the next measured run (of this or another
    server). Idle: no active backend on the database, and the server used under 5% of a core
    over the last 0.2 s, twice in a row.
    """
    deadline = time.monotonic() + limit_s
    quiet = 0
    while quiet < 2 and time.monotonic() < deadline:
        before = tree_cpu(server_pid)
        await asyncio.sleep(0.2)
        active = await monitor.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND state = 'active' "
            "AND pid <> pg_backend_pid()",
            database,
        )
        quiet = quiet + 1 if tree_cpu(server_pid) - before < 0.01 and active == 0 else 0
