"""One benchmark run: install, seed, check, count, time in rounds, scale, report.

1. Tools: wrk (Debian) and PostGraphile + Node 22 (npm), each installed once.
2. Databases: the bench profile (50,000 vergunninghouders) and the scaling sizes, each seeded
   once into a database of its own and reused while its profile is unchanged.
3. Check and count: the three servers run against PostgreSQL through the counting proxy
   (bench/pgwire.py); every query must give the same canonical result on every server, then
   each server answers it `count_requests` times in a row to count SQL statements per request.
4. Timed rounds: the servers restart connected directly; each round runs every query on every
   server (a warm-up, then the measured run), the server order rotating between rounds, so
   drift of the (shared, noisy) machine hits all servers alike.
5. Scaling: Q1 and Q2 on every server at each size, one round.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx

from bench import database, report, tools
from bench.config import GATEWAYS, MAIN_SIZE, PG_HOST, PG_PORT, ROOT, SCALING_QUERIES, WORK, Plan, dsn
from bench.load import Case, Segment, Totals, run_load, settle
from bench.pgwire import CountingProxy, Counts
from bench.queries import QUERIES, UTRECHT, canonical, first_difference, outcomes
from bench.servers import Server, make_servers
from bench.tokens import BenchKeys, bench_keys

#: One run at a time on this machine, whichever checkout it starts from (ports, databases, CPU).
LOCK = "/tmp/tvs-bench.lock"  # noqa: S108 - machine-wide on purpose


@dataclass
class StatementCount:
    """SQL sent per request, counted at the wire; the gateway's own counter beside it."""

    requests: int
    counts: Counts
    gateway_log: float | None = None

    def per_request(self, what: str) -> float:
        if what == "round_trips":
            return self.counts.round_trips / self.requests
        if what == "connections":
            return self.counts.connections / self.requests
        return self.counts.by_kind()[what] / self.requests

    def statements(self) -> list[tuple[str, float]]:
        return sorted(
            ((sql, n / self.requests) for sql, n in self.counts.statements.items()), key=lambda x: -x[1]
        )


@dataclass
class Results:
    plan: Plan
    rows: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, dict[str, int]] = field(default_factory=dict)
    counts: dict[tuple[str, str], StatementCount] = field(default_factory=dict)
    timed: dict[tuple[str, str], Totals] = field(default_factory=dict)
    scaling: dict[int, dict[tuple[str, str], Totals]] = field(default_factory=dict)
    scaling_rows: dict[int, dict[str, int]] = field(default_factory=dict)
    #: The same case under bench/loadgen.py and under wrk, back to back (is the generator fast enough?).
    crosscheck: dict[str, Totals] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)


@contextlib.contextmanager
def _single_run() -> Iterator[None]:
    with open(LOCK, "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit(f"bench: another benchmark run holds {LOCK}") from None
        yield


@contextlib.asynccontextmanager
async def _running(servers: dict[str, Server], names: tuple[str, ...]) -> Any:
    started: list[Server] = []
    try:
        for name in names:
            await asyncio.to_thread(servers[name].start)
            started.append(servers[name])
        yield
    finally:
        for s in started:
            await asyncio.to_thread(s.stop)


class Client:
    """Sends a query's body to a server as its reader."""

    def __init__(self, keys: BenchKeys, gemeente_id: int) -> None:
        self.gemeente_id = gemeente_id
        self.tokens = {q.reader: keys.token(q.reader) for q in QUERIES.values()}
        self.http = httpx.AsyncClient(timeout=120)

    def body(self, server: str, query: str) -> bytes:
        return QUERIES[query].body(server, self.gemeente_id)

    def token(self, server: str, query: str) -> str | None:
        return self.tokens[QUERIES[query].reader] if server in GATEWAYS else None

    async def send(self, server: Server, query: str) -> dict[str, Any]:
        headers = {"Content-Type": "application/json"}
        token = self.token(server.name, query)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        r = await self.http.post(server.url, content=self.body(server.name, query), headers=headers)
        if r.status_code != 200:
            raise SystemExit(
                f"bench: {server.name} answered {query} with HTTP {r.status_code}: {r.text[:500]}"
            )
        return dict(r.json())


async def check_same_results(
    client: Client, servers: dict[str, Server], plan: Plan, queries: tuple[str, ...]
) -> dict[str, list[Any]]:
    """Every server's canonical result must equal the first server's; returns them per query."""
    found: dict[str, list[Any]] = {}
    check_dir = WORK / "check"
    check_dir.mkdir(parents=True, exist_ok=True)
    for q in queries:
        results = {s: canonical(q, s, await client.send(servers[s], q)) for s in plan.servers}
        first, reference = next(iter(results.items()))
        for s, rows in results.items():
            (check_dir / f"{q}-{s}.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False))
            diff = first_difference(reference, rows)
            if diff:
                raise SystemExit(
                    f"bench: {q} differs between {first} and {s} at {diff}\n"
                    f"  (both canonical results are in {check_dir})"
                )
        found[q] = reference
    return found


async def count_statements(
    client: Client, servers: dict[str, Server], proxy: CountingProxy, plan: Plan
) -> dict[tuple[str, str], StatementCount]:
    out: dict[tuple[str, str], StatementCount] = {}
    for s in plan.servers:
        for q in plan.queries:
            for _ in range(3):  # warm: plans, prepared statements, pools
                await client.send(servers[s], q)
            proxy.reset()
            for _ in range(plan.count_requests):
                await client.send(servers[s], q)
            out[(s, q)] = StatementCount(plan.count_requests, proxy.reset())
            if s in GATEWAYS:
                out[(s, q)].gateway_log = _gateway_logged_statements(servers[s], q, plan.count_requests)
    return out


def _gateway_logged_statements(server: Server, query: str, last: int) -> float | None:
    """The mean of the gateway's own `statements` field over its last `last` log lines for `query`."""
    found = []
    for line in server.log_path.read_text().splitlines():
        with contextlib.suppress(ValueError):
            rec = json.loads(line)
            # one line per request; its name and fields have changed before, so match loosely
            if rec.get("operation") == query and "statements" in rec:
                found.append(rec.get("statements", 0))
    return sum(found[-last:]) / len(found[-last:]) if found else None


LOAD_DIR = WORK / "load"


def _cases(
    client: Client, servers: dict[str, Server], queries: tuple[str, ...]
) -> dict[tuple[str, str], Case]:
    return {
        (s, q): Case(s, q, servers[s].port, client.body(s, q), client.token(s, q))
        for s in servers
        for q in queries
    }


async def _timed(
    case: Case,
    server: Server,
    plan: Plan,
    monitor: asyncpg.Connection,
    db: str,
    warmup: float,
    seconds: float,
    tool: str = "loadgen",
) -> Segment:
    """A warm-up, then the measured run; each followed by waiting until the server is idle."""
    await run_load(case.command(tool, LOAD_DIR, warmup, plan.concurrency), cwd=ROOT)
    await settle(server.pid, monitor, db)
    segment = await run_load(
        case.command(tool, LOAD_DIR, seconds, plan.concurrency),
        server_pid=server.pid,
        monitor=monitor,
        database=db,
        cwd=ROOT,
    )
    await settle(server.pid, monitor, db)
    return segment


def _rotated(names: tuple[str, ...], by: int) -> tuple[str, ...]:
    by %= len(names)
    return names[by:] + names[:by]


async def time_rounds(
    client: Client, servers: dict[str, Server], plan: Plan, db: str, say: Any
) -> dict[tuple[str, str], Totals]:
    cases = _cases(client, {s: servers[s] for s in plan.servers}, plan.queries)
    totals = {key: Totals() for key in cases}
    monitor = await asyncpg.connect(dsn(db))
    try:
        for r in range(plan.rounds):
            for qi, q in enumerate(plan.queries):
                for s in _rotated(plan.servers, r + qi):
                    seg = await _timed(
                        cases[(s, q)], servers[s], plan, monitor, db, plan.warmup_s, plan.measure_s
                    )
                    totals[(s, q)].segments.append(seg)
                    say(
                        f"  round {r + 1}/{plan.rounds} {q} {s:<12} {seg.requests / seg.seconds:8.1f} req/s"
                        f"  (others used {seg.other_cpu / seg.wall:.2f} cores)"
                        + (f"  {seg.errors} ERRORS" if seg.errors else "")
                    )
    finally:
        await monitor.close()
    return totals


async def cross_check(
    client: Client, servers: dict[str, Server], plan: Plan, db: str, say: Any
) -> dict[str, Totals]:
    """The fastest case (the floor, the first query) under our generator and under wrk."""
    q = plan.queries[0]
    case = _cases(client, {"floor": servers["floor"]}, (q,))[("floor", q)]
    out = {}
    monitor = await asyncpg.connect(dsn(db))
    try:
        for tool in ("loadgen", "wrk"):
            seg = await _timed(case, servers["floor"], plan, monitor, db, plan.warmup_s, plan.measure_s, tool)
            out[tool] = Totals([seg])
            say(f"  {tool:<8} floor {q} {seg.requests / seg.seconds:8.1f} req/s")
    finally:
        await monitor.close()
    return out


async def time_scaling(
    client: Client, servers: dict[str, Server], plan: Plan, db: str, size: int, say: Any
) -> dict[tuple[str, str], Totals]:
    cases = _cases(client, {s: servers[s] for s in plan.servers}, SCALING_QUERIES)
    totals = {key: Totals() for key in cases}
    monitor = await asyncpg.connect(dsn(db))
    try:
        for qi, q in enumerate(SCALING_QUERIES):
            for s in _rotated(plan.servers, qi):
                seg = await _timed(
                    cases[(s, q)],
                    servers[s],
                    plan,
                    monitor,
                    db,
                    plan.scaling_warmup_s,
                    plan.scaling_measure_s,
                )
                totals[(s, q)].segments.append(seg)
                say(f"  {size:>7,} {q} {s:<12} {seg.requests / seg.seconds:8.1f} req/s")
    finally:
        await monitor.close()
    return totals


async def _versions(db: str) -> dict[str, str]:
    conn = await asyncpg.connect(dsn(db))
    try:
        pg = str(await conn.fetchval("SHOW server_version"))
    finally:
        await conn.close()
    return {
        "PostgreSQL": pg,
        "PostGraphile": tools.npm_version("postgraphile"),
        "grafast": tools.npm_version("grafast"),
        "Node (PostGraphile)": tools.node_version(),
        "wrk": tools.wrk_version(),
    }


async def run(plan: Plan, command: str, say: Any = print) -> Results:
    results = Results(plan=plan)
    say("tools")
    tools.ensure_wrk()
    tools.ensure_postgraphile()
    keys = bench_keys(WORK / "keys")
    say("databases")
    main_db = await database.ensure(MAIN_SIZE, say)
    scaling_dbs = {}
    if plan.scaling:
        for size in plan.sizes:
            scaling_dbs[size] = main_db if size == MAIN_SIZE else await database.ensure(size, say)
    client = Client(keys, await database.gemeente_id(main_db, UTRECHT))
    results.versions = await _versions(main_db)

    say(f"check and count ({plan.count_requests} requests per server and query, through the counting proxy)")
    proxy = CountingProxy(plan.ports.proxy, PG_HOST, PG_PORT)
    await proxy.start()
    try:
        servers = make_servers(main_db, keys, plan.ports, pg_port=plan.ports.proxy)
        async with _running(servers, plan.servers):
            found = await check_same_results(client, servers, plan, plan.queries)
            for q, rows in found.items():
                results.rows[q] = len(rows)
                results.outcomes[q] = outcomes(q, rows)
                if len(rows) != QUERIES[q].expected_rows:
                    raise SystemExit(f"bench: {q} gave {len(rows)} rows, expected {QUERIES[q].expected_rows}")
            say(
                "  every server gives the same result: "
                + ", ".join(f"{q} {n} rows" for q, n in results.rows.items())
            )
            results.counts = await count_statements(client, servers, proxy, plan)
    finally:
        await proxy.stop()

    say(
        f"timed rounds ({plan.rounds} x {plan.measure_s:.0f} s per server and query, "
        f"concurrency {plan.concurrency})"
    )
    await database.prepare(main_db)
    servers = make_servers(main_db, keys, plan.ports)
    async with _running(servers, plan.servers):
        await check_same_results(client, servers, plan, plan.queries)
        results.timed = await time_rounds(client, servers, plan, main_db, say)
        if "floor" in plan.servers:
            say("load generator cross-check: the same case under bench/loadgen.py and wrk")
            results.crosscheck = await cross_check(client, servers, plan, main_db, say)

    if plan.scaling:
        say("scaling (Q1, Q2)")
        for size, db in scaling_dbs.items():
            await database.prepare(db)
            sized = Client(keys, await database.gemeente_id(db, UTRECHT))
            servers = make_servers(db, keys, plan.ports)
            async with _running(servers, plan.servers):
                found = await check_same_results(sized, servers, plan, SCALING_QUERIES)
                results.scaling_rows[size] = {q: len(rows) for q, rows in found.items()}
                results.scaling[size] = await time_scaling(sized, servers, plan, db, size, say)
            await sized.http.aclose()
    await client.http.aclose()

    report.write(results, command)
    say(f"wrote {plan.results_path.relative_to(ROOT)}")
    return results


def main(plan: Plan, command: str) -> int:
    with _single_run():
        asyncio.run(run(plan, command))
    return 0
