"""Prometheus metrics: requests and latency per operation, SQL statements, access-log records
written, refusals by code, rate-limited requests.

Several uvicorn workers: each worker is its own process with its own counters, and a scrape would
reach one of them at random. `tvs-gateway serve` with more than one worker therefore switches
prometheus_client to its multiprocess mode (gateway/server.py sets PROMETHEUS_MULTIPROC_DIR before
the workers start, to a fresh directory): every worker writes its samples to files there, and
/metrics (or the metrics port) adds them up. Only counters and histograms are used, which that mode
sums without further care.

Labels never carry client input beyond a bounded set: operation names that look like names, at most
:data:`MAX_OPERATIONS` of them per process, the rest counted as "other".
"""

from __future__ import annotations

import os
import re

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import Response

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
MAX_OPERATIONS = 200
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")

REQUESTS = Counter(
    "tvs_requests",
    "Requests by operation (GraphQL operation name or route) and status",
    ["operation", "status"],
)
LATENCY = Histogram(
    "tvs_request_duration_seconds",
    "Request duration by operation",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
SQL_STATEMENTS = Counter("tvs_sql_statements", "SQL statements sent, by operation", ["operation"])
AUDIT_RECORDS = Counter("tvs_audit_records_written", "Access-log records written")
REFUSALS = Counter("tvs_refusals", "Errors and refusals answered, by code", ["code"])
RATE_LIMITED = Counter("tvs_rate_limited", "Requests refused by the per-account rate limit")
READS = Counter(
    "tvs_graphql_read_path",
    "GraphQL operations by how they were answered (compiled SQL or resolvers), and why not compiled",
    ["path", "fallback"],
)

_known_operations: set[str] = set()


def fallback_label(reason: str | None) -> str:
    """The kind of a compiler fallback reason (its first word), a bounded label."""
    return (reason or "none").split(" ", 1)[0][:20]


def operation_label(name: str | None) -> str:
    """A bounded label for an operation name chosen by the client."""
    if not name or name.startswith(("query ", "mutation ", "subscription ")):
        return "anonymous"  # no name given (the log line shows its root fields instead)
    if name in _known_operations:
        return name
    if not _NAME.fullmatch(name) or len(_known_operations) >= MAX_OPERATIONS:
        return "other"
    _known_operations.add(name)
    return name


def registry() -> CollectorRegistry:
    """What a scrape reads: this process, or all workers in multiprocess mode."""
    if os.environ.get(MULTIPROC_ENV):
        collected = CollectorRegistry()
        multiprocess.MultiProcessCollector(collected)  # type: ignore[no-untyped-call]
        return collected
    return REGISTRY


async def metrics_endpoint(_: Request) -> Response:
    return Response(generate_latest(registry()), media_type=CONTENT_TYPE_LATEST)
