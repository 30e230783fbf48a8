"""`make bench-profile`: where the gateway's time goes under load, sampled with py-spy.

The gateway runs as in the benchmark (production settings, 1 worker, the bench database); for
each query the load generator keeps 16 requests in flight while py-spy samples the process.
Writes bench/.work/profile/<query>.txt (collapsed stacks: open it in speedscope or feed it to
flamegraph.pl) and <query>-summary.md (CPU by area, top functions), and prints the summaries.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections import Counter
from pathlib import Path

import asyncpg

from bench import database
from bench.config import MAIN_SIZE, ROOT, WORK, Plan, dsn
from bench.load import run_load, settle
from bench.run import LOAD_DIR, Client, _cases, _running, _single_run
from bench.servers import make_servers
from bench.tokens import bench_keys

OUT = WORK / "profile"
SECONDS = 12

#: What a sample was doing, by the frames on its stack (first match wins). SQLAlchemy runs its
#: synchronous part in greenlets, whose stacks start at `Connection.execute` rather than at the
#: resolver that asked: hence matching on the work (compiling an INSERT, the pool, ...), not on
#: the caller. Samples of asyncpg sending the access-log INSERT count as SELECTs.
WORK_KINDS = (
    (
        "access log: build the records (HMAC, AES-GCM), INSERT them",
        ("AuditLog.", "visit_insert", "(sqlalchemy/sql/crud.py", "bulk_persistence"),
    ),
    (
        "pool: checkout, pre-ping, BEGIN, ROLLBACK on return",
        (
            "(sqlalchemy/pool/", "do_ping", "ping (", "Connection.begin", "rollback", "Connection.close",
            "Engine.connect", "AsyncConnection.start", "AsyncConnection.close", "AsyncConnection.__a",
        ),
    ),
    ("authentication: token check, account query", ("authenticate (", "load_principal", "(jwt/")),
    ("parse, validate, field-group guard", ("(graphql/language", "(graphql/validation", "guard.py")),
    (
        "SELECTs: execute, fetch, rows to tuples",
        ("root:Connection.execute", "(asyncpg/", "(sqlalchemy/", "Loader.fetch", "fetch_page"),
    ),
    (
        "GraphQL execution: resolvers or the compiled read, objects, loaders, access-log bookkeeping",
        (
            "(graphql/", "(strawberry/", "(aiodataloader", "(gateway/compiler", "(gateway/schema",
            "(gateway/loaders", "(gateway/resolvers", "(db/",
        ),
    ),
    (
        "HTTP and middleware: uvicorn, request log, security headers, rate limit, JSON",
        (
            "(uvicorn/", "(starlette/", "orjson", "(logging/", "(gateway/graphql_http",
            "(gateway/request_log", "(gateway/http_security", "(gateway/ratelimit", "(gateway/logs",
            "(gateway/metrics", "(gateway/auth", "(prometheus_client",
        ),
    ),
)  # fmt: skip


def work_kind(stack: str) -> str:
    # uvicorn's and the CLI's frames are at the root of every stack: the last rule looks only at
    # the innermost frames, so the event loop's own work (Runner.run) is not counted as HTTP.
    frames = stack.split(";")
    if frames[-1].startswith("Runner.run ("):
        return "event loop, other"  # uvloop's own work (C) is sampled as its Python caller
    inner = ";".join(frames[-2:])
    for i, (name, needles) in enumerate(WORK_KINDS):
        if any(n in (inner if i == len(WORK_KINDS) - 1 else stack) for n in needles):
            return name
    return "event loop, other"


def summarise(raw: Path, query: str) -> str:
    """CPU by kind of work (whole stack) and the top functions by own time (leaf frame)."""
    own: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack:
            continue
        count = int(n)
        total += count
        own[stack.split(";")[-1]] += count
        kinds[work_kind("root:" + stack)] += count
    if not total:
        return f"## {query}\n\nno samples\n"

    def pct(n: int) -> str:
        return f"{100 * n / total:5.1f}%"

    lines = [f"## {query}: {total} samples of the gateway process while busy", "", "CPU by kind of work:", ""]
    lines += [f"    {pct(n)}  {name}" for name, n in kinds.most_common()]
    lines += ["", "Top functions by own time:", ""]
    lines += [f"    {pct(n)}  {f}" for f, n in own.most_common(20)]
    return "\n".join(lines) + "\n"


async def profile(plan: Plan) -> None:
    py_spy = Path(sys.executable).parent / "py-spy"
    if not py_spy.exists():
        raise SystemExit("bench: py-spy is missing; `make bench-profile` installs it (.[bench])")
    db = await database.ensure(MAIN_SIZE)
    keys = bench_keys(WORK / "keys")
    client = Client(keys, await database.gemeente_id(db, "GM0344"))
    servers = make_servers(db, keys, plan.ports)
    OUT.mkdir(parents=True, exist_ok=True)
    queries = plan.queries
    async with _running(servers, ("gateway",)):
        gateway = servers["gateway"]
        cases = _cases(client, {"gateway": gateway}, queries)
        monitor = await asyncpg.connect(dsn(db))
        try:
            for q in queries:
                case = cases[("gateway", q)]
                await run_load(case.command("loadgen", LOAD_DIR, 3, plan.concurrency), cwd=ROOT)
                await settle(gateway.pid, monitor, db)
                load = asyncio.create_task(
                    run_load(case.command("loadgen", LOAD_DIR, SECONDS + 2, plan.concurrency), cwd=ROOT)
                )
                await asyncio.sleep(1)
                raw = OUT / f"{q}.txt"
                await asyncio.to_thread(
                    subprocess.run,
                    [
                        str(py_spy),
                        *f"record --pid {gateway.pid} --duration {SECONDS} --rate 200".split(),
                        *["--format", "raw", "--nolineno", "--output"],
                        str(raw),
                    ],
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                segment = await load
                await settle(gateway.pid, monitor, db)
                text = summarise(raw, q)
                text += f"\n(load: {segment.requests / segment.seconds:.1f} req/s while sampled)\n"
                (OUT / f"{q}-summary.md").write_text(text)
                print(text)
        finally:
            await monitor.close()
            await client.http.aclose()


def main(plan: Plan) -> int:
    with _single_run():
        asyncio.run(profile(plan))
    return 0
