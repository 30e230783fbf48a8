"""A closed-loop HTTP/1.1 load generator that finishes every request it starts.

    python -m bench.loadgen --port 18401 --body-file q1.json --concurrency 16 --seconds 7 [--token T]

Each of `concurrency` keep-alive connections sends the next request as soon as the last answer is
in, until `seconds` have passed; requests still running then are waited for (bounded by
--timeout), never cut off. Throughput is requests / (last answer - first request).

Why not wrk alone: wrk stops at its deadline and drops the requests in flight. With 16
connections and a server that needs seconds per request (the gateway on Q2), the 16 requests run
side by side and finish together, so a cut-off window counts 0 or 16 of them and the rate is off
by up to latency/window. Finishing every request makes the measurement exact. The benchmark checks
this client against wrk on the floor, the fastest server (bench/README.md).

Prints one JSON line: requests, duration_us, errors (non-200 answers), latency histogram
[[microseconds, count], ...], and the generator's own CPU seconds while
sending (its start-up not included).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import resource
import time
from collections import Counter
from pathlib import Path

#: Bound on requests per connection, besides the time bound.
MAX_REQUESTS_PER_CONNECTION = 1_000_000


def build_request(port: int, body: bytes, token: str | None) -> bytes:
    head = [
        "POST /graphql HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
    ]
    if token:
        head.append(f"Authorization: Bearer {token}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def read_response(reader: asyncio.StreamReader) -> int:
    """Read one response (Content-Length or chunked); return its status code."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    lower = head.lower()
    at = lower.find(b"\r\ncontent-length:")
    if at >= 0:
        end = lower.index(b"\r\n", at + 2)
        await reader.readexactly(int(lower[at + 17 : end]))
    elif b"transfer-encoding: chunked" in lower:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        raise RuntimeError("response without Content-Length or chunked encoding")
    return status


async def connection(
    port: int, request: bytes, deadline: float, latencies: list[int], errors: list[int]
) -> tuple[int, int]:
    """Send requests until `deadline`; returns (first send, last answer) in ns."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    first = last = time.perf_counter_ns()
    try:
        for _ in range(MAX_REQUESTS_PER_CONNECTION):
            if time.monotonic() >= deadline:
                break
            started = time.perf_counter_ns()
            writer.write(request)
            if await read_response(reader) != 200:
                errors.append(1)
            last = time.perf_counter_ns()
            latencies.append((last - started) // 1000)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    return first, last


async def run(
    port: int, request: bytes, concurrency: int, seconds: float, grace_s: float
) -> dict[str, object]:
    latencies: list[int] = []
    errors: list[int] = []
    cpu_before = _cpu()
    deadline = time.monotonic() + seconds
    spans = await asyncio.wait_for(
        asyncio.gather(*(connection(port, request, deadline, latencies, errors) for _ in range(concurrency))),
        timeout=seconds + grace_s,
    )
    start = min(s for s, _ in spans)
    end = max(e for _, e in spans)
    return {
        "requests": len(latencies),
        "duration_us": (end - start) // 1000,
        "errors": len(errors),
        "latency": sorted(Counter(latencies).items()),
        "cpu_s": _cpu() - cpu_before,
    }


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.loadgen", description=__doc__)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--body-file", type=Path, required=True)
    p.add_argument("--token")
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--seconds", type=float, default=7.0)
    p.add_argument("--timeout", type=float, default=120.0, help="longest wait for the last answers")
    args = p.parse_args(argv)
    request = build_request(args.port, args.body_file.read_bytes(), args.token)
    try:
        import uvloop

        loop_factory = uvloop.new_event_loop
    except ImportError:  # pragma: no cover - uvicorn[standard] brings uvloop
        loop_factory = None
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        result = runner.run(run(args.port, request, args.concurrency, args.seconds, args.timeout))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
