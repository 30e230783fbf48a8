"""What a benchmark run is: where things live, which ports, how long each part runs."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
#: Everything the benchmark installs or writes besides results.md (git-ignored).
WORK = BENCH / ".work"

PG_HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("BENCH_PG_PORT", "5432"))
PG_USER = os.environ.get("BENCH_PG_USER", "postgres")

#: The bench profile: the size every main figure is measured at.
MAIN_SIZE = 50_000
#: The sizes of the scaling run; each is seeded into a database of its own once and reused.
SCALING_SIZES = (1_000, 10_000, 50_000, 200_000)
#: `tvs-gateway seed --seed`: the same seed gives the same data, so runs compare.
SEED = 2026

#: "gateway" answers reads with compiled SQL (TVS_COMPILED_READS, the default); "resolvers" is the
#: same gateway with it off: every field through a Python resolver and its loaders.
SERVERS = ("gateway", "resolvers", "postgraphile", "floor")
#: The servers that are the gateway (tokens, access log, its own statement counter).
GATEWAYS = ("gateway", "resolvers")
QUERIES = ("Q1", "Q2", "Q3")
SCALING_QUERIES = ("Q1", "Q2")


@dataclass(frozen=True)
class Ports:
    gateway: int = 18401
    postgraphile: int = 18402
    floor: int = 18403
    resolvers: int = 18404
    #: The statement-counting proxy in front of PostgreSQL (bench/pgwire.py).
    proxy: int = 18410

    def of(self, server: str) -> int:
        return int(getattr(self, server))


@dataclass(frozen=True)
class Plan:
    """Durations and shape of one run. `full()` is `make bench`, `quick()` is `make bench-quick`."""

    name: str
    concurrency: int = 16
    rounds: int = 3
    warmup_s: float = 2.0
    measure_s: float = 7.0
    scaling: bool = True
    scaling_warmup_s: float = 2.0
    scaling_measure_s: float = 6.0
    #: Sequential requests per server and query while counting SQL statements.
    count_requests: int = 20
    servers: tuple[str, ...] = SERVERS
    queries: tuple[str, ...] = QUERIES
    sizes: tuple[int, ...] = SCALING_SIZES
    ports: Ports = field(default_factory=Ports)

    @property
    def results_path(self) -> Path:
        return BENCH / "results.md" if self.name == "full" else WORK / f"results-{self.name}.md"

    @classmethod
    def full(cls) -> Plan:
        return cls(name="full")

    @classmethod
    def quick(cls) -> Plan:
        return cls(name="quick", rounds=1, warmup_s=1.0, measure_s=3.0, scaling=False, count_requests=5)

    def with_(self, **changes: object) -> Plan:
        return replace(self, **changes)  # type: ignore[arg-type]


def database_name(size: int) -> str:
    """tvs_bench_50k and the like: the benchmark's own databases, never another's."""
    label = f"{size // 1000}k" if size % 1000 == 0 else str(size)
    return f"tvs_bench_{label}"


def dsn(database: str, *, port: int = PG_PORT, driver: str = "postgresql") -> str:
    return f"{driver}://{PG_USER}@{PG_HOST}:{port}/{database}"
