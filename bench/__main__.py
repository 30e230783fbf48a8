"""`python -m bench [--quick] [--servers ...] [--queries ...] [--no-scaling]`; see bench/README.md."""

from __future__ import annotations

import argparse
import os
import sys

from bench.config import QUERIES, SERVERS, Plan


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--quick", action="store_true", help="short durations, no scaling run (make bench-quick)")
    p.add_argument("--servers", default=",".join(SERVERS), help="comma-separated subset, e.g. gateway,floor")
    p.add_argument("--queries", default=",".join(QUERIES), help="comma-separated subset, e.g. Q1,Q2")
    p.add_argument("--rounds", type=int, help="rounds of the timed run")
    p.add_argument("--seconds", type=float, help="measured seconds per server, query and round")
    p.add_argument("--no-scaling", action="store_true", help="skip the scaling run")
    p.add_argument("--profile", action="store_true", help="profile the gateway under Q1 and Q2 with py-spy")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    plan = Plan.quick() if args.quick else Plan.full()
    changes: dict[str, object] = {}
    servers = tuple(s for s in args.servers.split(",") if s)
    queries = tuple(q for q in args.queries.split(",") if q)
    if set(servers) - set(SERVERS) or set(queries) - set(QUERIES):
        parser().error(f"servers are {', '.join(SERVERS)}; queries are {', '.join(QUERIES)}")
    if servers != plan.servers or queries != plan.queries:
        changes.update(servers=servers, queries=queries, name=f"{plan.name}-partial")
    if args.rounds:
        changes["rounds"] = args.rounds
    if args.seconds:
        changes["measure_s"] = args.seconds
    if args.no_scaling:
        changes["scaling"] = False
    plan = plan.with_(**changes)
    command = os.environ.get("BENCH_COMMAND") or "python -m bench " + " ".join(sys.argv[1:])
    if args.profile:
        from bench import profile

        return profile.main(plan)
    from bench import run

    return run.main(plan, command.strip())


if __name__ == "__main__":
    raise SystemExit(main())
