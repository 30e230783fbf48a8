"""bench/results.md (or bench/.work/results-quick.md): the figures, with how and where they were made."""

from __future__ import annotations

import importlib.metadata
import math
import os
import platform
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bench.config import MAIN_SIZE, ROOT, SCALING_QUERIES, WORK
from bench.queries import QUERIES

if TYPE_CHECKING:
    from bench.load import Totals
    from bench.run import Results

#: Above this many cores used by other processes during the load, the run is flagged as noisy.
_QUIET_CORES = 0.2


def _noisy(others: float) -> list[str]:
    return [
        "> **Noisy machine.** Other processes used "
        f"{others:.2f} cores on average while the load ran (per run in the last table). Read the figures "
        "as ratios within a run and re-run on a quiet machine."
    ]


def _quiet(others: float) -> list[str]:
    return [f"Processes outside the benchmark used {others:.2f} cores on average while the load ran (quiet)."]


_LABEL = {
    "gateway": "gateway (compiled reads)",
    "resolvers": "gateway (resolver path)",
    "postgraphile": "PostGraphile",
    "floor": "floor",
}
_PY_PACKAGES = (
    "strawberry-graphql", "graphql-core", "starlette", "uvicorn", "sqlalchemy", "asyncpg",
    "aiodataloader", "orjson", "pyjwt", "cryptography",
)  # fmt: skip


def _num(x: float) -> str:
    if math.isnan(x):
        return "–"
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def _ratio(value: float, base: float | None) -> str:
    if base is None or not base or math.isnan(base) or math.isnan(value):
        return "—"
    return f"×{value / base:.2f}"


def _cell(values: dict[str, float], server: str, fmt: Callable[[float], str] = _num) -> str:
    """`value (÷ PostGraphile · ÷ floor)`; a server's ratio to itself is a dash."""
    v = values[server]
    pg = values.get("postgraphile") if server != "postgraphile" else None
    fl = values.get("floor") if server != "floor" else None
    return f"{fmt(v)} ({_ratio(v, pg)} · {_ratio(v, fl)})"


def _count(x: float) -> str:
    return f"{x:.1f}".removesuffix(".0")


def _machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split("MemTotal:", 1)[1].split()[0])
    return f"{model}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.0f} GiB, Linux {platform.release()}"


def _git() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--", "gateway", "db") else ""
    return f"`{git('rev-parse', '--abbrev-ref', 'HEAD')}` at `{git('rev-parse', '--short', 'HEAD')}`{dirty}"


def _versions(results: Results) -> str:
    py = [f"CPython {platform.python_version()}"]
    for name in _PY_PACKAGES:
        try:
            py.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    other = [f"{k} {v}" for k, v in results.versions.items()]
    return ", ".join(py) + "; " + ", ".join(other)


def _figures(
    totals: dict[tuple[str, str], Totals], servers: tuple[str, ...], q: str
) -> dict[str, dict[str, float]]:
    return {
        "req/s": {s: totals[(s, q)].throughput for s in servers},
        "p50 ms": {s: totals[(s, q)].percentile_ms(50) for s in servers},
        "p99 ms": {s: totals[(s, q)].percentile_ms(99) for s in servers},
        "server CPU ms/req": {s: totals[(s, q)].per_request_ms("server_cpu") for s in servers},
        "PostgreSQL CPU ms/req": {s: totals[(s, q)].per_request_ms("postgres_cpu") for s in servers},
    }


def _main_tables(results: Results) -> list[str]:
    plan = results.plan
    out = []
    for q in plan.queries:
        query = QUERIES[q]
        figures = _figures(results.timed, plan.servers, q)
        statements = {s: results.counts[(s, q)].per_request("data") for s in plan.servers}
        out += [
            f"### {q}: {query.description}",
            "",
            f"Read by `{query.reader}`; {results.rows[q]} rows."
            + (
                f" Consent outcomes on the page: {_outcomes(results.outcomes[q])}."
                if results.outcomes[q]
                else ""
            ),
            "",
            "| server | req/s | p50 ms | p99 ms | SQL statements/req | server CPU ms/req "
            "| PostgreSQL CPU ms/req |",
            "|---|---|---|---|---|---|---|",
        ]
        for s in plan.servers:
            cells = [_cell(figures[k], s) for k in ("req/s", "p50 ms", "p99 ms")]
            cells.append(_cell(statements, s, _count))
            cells += [_cell(figures[k], s) for k in ("server CPU ms/req", "PostgreSQL CPU ms/req")]
            errors = results.timed[(s, q)].errors
            name = _LABEL[s] + (f" ({errors} errors)" if errors else "")
            out.append(f"| {name} | " + " | ".join(cells) + " |")
        out.append("")
    return out


def _outcomes(found: dict[str, int]) -> str:
    return ", ".join(f"{n} {k}" for k, n in sorted(found.items(), key=lambda x: -x[1]))


def _statement_tables(results: Results) -> list[str]:
    plan = results.plan
    out = [
        "| query | server | data statements | BEGIN/COMMIT/ROLLBACK | pings | round trips "
        "| connections opened | gateway's own count |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for q in plan.queries:
        for s in plan.servers:
            c = results.counts[(s, q)]
            own = f"{c.gateway_log:.1f}" if c.gateway_log is not None else ""
            out.append(
                f"| {q} | {_LABEL[s]} | {c.per_request('data'):.1f} | {c.per_request('transaction'):.1f} | "
                f"{c.per_request('ping'):.1f} | {c.per_request('round_trips'):.1f} | "
                f"{c.per_request('connections'):.2f} | {own} |"
            )
    out += [
        "",
        "<details><summary>The statements each server sent, per request "
        "(in full: bench/.work/statements.md)</summary>",
        "",
    ]
    for q in plan.queries:
        for s in plan.servers:
            out.append(f"**{q}, {_LABEL[s]}**")
            out.append("")
            out.append("```sql")
            for sql, n in results.counts[(s, q)].statements():
                text = sql if len(sql) <= 300 else sql[:297] + "..."
                out.append(f"-- {n:g} per request\n{text}")
            out.append("```")
            out.append("")
    out.append("</details>")
    return out


def _scaling_tables(results: Results) -> list[str]:
    plan = results.plan
    out = []
    for q in SCALING_QUERIES:
        out += [
            f"**{q}**: req/s · p50 ms · p99 ms · server CPU ms/req · PostgreSQL CPU ms/req",
            "",
            "| vergunninghouders | rows | " + " | ".join(_LABEL[s] for s in plan.servers) + " |",
            "|---|---|" + "---|" * len(plan.servers),
        ]
        for size, totals in results.scaling.items():
            cells = []
            for s in plan.servers:
                t = totals[(s, q)]
                cells.append(
                    f"{_num(t.throughput)} · {_num(t.percentile_ms(50))} · {_num(t.percentile_ms(99))}"
                    f" · {_num(t.per_request_ms('server_cpu'))} · {_num(t.per_request_ms('postgres_cpu'))}"
                )
            out.append(f"| {size:,} | {results.scaling_rows[size][q]} | " + " | ".join(cells) + " |")
        out.append("")
    return out


def _load_table(results: Results) -> list[str]:
    plan = results.plan
    out = [
        "| query | server | measured s | requests | errors | connections opened/req "
        "| generator CPU ms/req | generator cores | others' cores |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for q in plan.queries:
        for s in plan.servers:
            t = results.timed[(s, q)]
            out.append(
                f"| {q} | {_LABEL[s]} | {t.seconds:.0f} | {t.requests:,} | {t.errors} | "
                f"{t.connections_per_request:.2f} | "
                f"{t.per_request_ms('load_cpu'):.3f} | {t.cores('load_cpu'):.2f} | "
                f"{t.cores('other_cpu'):.2f} |"
            )
    return out


def _crosscheck_table(results: Results) -> list[str]:
    if not results.crosscheck:
        return []
    q = results.plan.queries[0]
    out = [
        f"Cross-check on the fastest case (floor, {q}), back to back with the same warm-up and duration: "
        "if bench/loadgen.py were the bottleneck it would report less than wrk.",
        "",
        "| generator | req/s | p50 ms | p99 ms | generator CPU ms/req |",
        "|---|---|---|---|---|",
    ]
    for tool, t in results.crosscheck.items():
        out.append(
            f"| {tool} | {_num(t.throughput)} | {_num(t.percentile_ms(50))} | {_num(t.percentile_ms(99))} | "
            f"{t.per_request_ms('load_cpu'):.3f} |"
        )
    return [*out, ""]


def render(results: Results, command: str) -> str:
    plan = results.plan
    all_timed = list(results.timed.values())
    others = sum(t.cores("other_cpu") * t.seconds for t in all_timed) / max(
        1e-9, sum(t.seconds for t in all_timed)
    )
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmark results",
        "",
        f"- **Command:** `{command}` ({plan.name} plan)",
        f"- **Date:** {now}",
        f"- **Machine:** {_machine()}",
        f"- **Code:** {_git()}",
        f"- **Versions:** {_versions(results)}",
        f"- **Data:** {MAIN_SIZE:,} vergunninghouders (`tvs-gateway seed --vergunninghouders {MAIN_SIZE}`), "
        "households, consent events, klantprofiel versions and nareizigers; PostgreSQL on loopback.",
        f"- **Load:** bench/loadgen.py, closed loop, {plan.concurrency} keep-alive connections on loopback, "
        "every request started is finished and counted; per server and query "
        f"{plan.rounds} round(s) of {plan.warmup_s:.0f} s warm-up + {plan.measure_s:.0f} s measured "
        f"({plan.rounds * plan.measure_s:.0f} s measured), servers interleaved, order rotating per round.",
        "- **Gateway:** `tvs-gateway serve`, 1 uvicorn worker, TVS_ENV=production (ES256 tokens checked "
        "against a JWKS file, access log written and keyed), TVS_MAX_PAGE_SIZE=1000 for Q2, "
        "default pools (reads 20 + 10 overflow, writes 5 + 10); `gateway (compiled reads)` is the default, "
        "`gateway (resolver path)` the same server with TVS_COMPILED_READS=false. PostGraphile v5 (Amber "
        "preset, production mode) and the floor (bench/floor.py, 1 uvicorn worker) read the same database. "
        "What each does: bench/README.md.",
        "",
        *(_noisy(others) if others > _QUIET_CORES else _quiet(others)),
        "",
        f"## Results at {MAIN_SIZE:,} vergunninghouders",
        "",
        "Each cell: the value (its ratio to PostGraphile · to the floor). req/s and latency from the load "
        "generator; "
        "SQL statements counted at the wire; CPU from /proc, per request.",
        "",
        *_main_tables(results),
        "## SQL per request, counted at the wire",
        "",
        f"{plan.count_requests} requests in a row per server and query, after 3 warm-up requests, with every "
        "server connected to PostgreSQL through bench/pgwire.py. *Data statements* read or write rows; "
        "*pings* are the gateway pool's pre-ping (`;`); *round trips* are the times the server waited "
        "for PostgreSQL. The gateway's own count is the `statements` field of its log line.",
        "",
        *_statement_tables(results),
        "",
    ]
    if results.scaling:
        lines += [
            "## Scaling: the same queries on tables of other sizes",
            "",
            f"One round per size ({plan.scaling_warmup_s:.0f} s warm-up + "
            f"{plan.scaling_measure_s:.0f} s measured, "
            f"concurrency {plan.concurrency}). Q1 reads Utrecht's first 50 and Q2 the first 1,000 by "
            "achternaam, so the work per request should not grow with the table.",
            "",
            *_scaling_tables(results),
        ]
    lines += [
        "## Load generator and machine noise",
        "",
        "The generator's own CPU shows it is not the bottleneck; *others' cores* is the machine's busy "
        "time minus the server, its PostgreSQL backends and the generator, per second of the run. It "
        "includes the benchmark's own sampling (a few percent of a core) and the PostgreSQL CPU of "
        "connections that lived shorter than the 0.5 s sampling interval (*connections opened*); other "
        "work fills what the server under test leaves idle, so it is higher beside a server that "
        "keeps one core busy than beside one that keeps both busy.",
        "",
        *_load_table(results),
        "",
        *_crosscheck_table(results),
    ]
    return "\n".join(lines)


def write(results: Results, command: str) -> None:
    path = results.plan.results_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(results, command))
    # The statements in full (results.md shortens them to 300 characters).
    full = []
    for (server, query), count in results.counts.items():
        full.append(f"## {query}, {_LABEL[server]}\n")
        full += [f"-- {n:g} per request\n{sql}\n" for sql, n in count.statements()]
    (WORK / "statements.md").write_text("\n".join(full))
