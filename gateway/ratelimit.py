"""Per-account rate limits: a token bucket per account (pyrate-limiter's TokenBucket).

Each account has a bucket of ``TVS_RATE_LIMIT_BURST`` requests that refills at
``TVS_RATE_LIMIT_PER_MINUTE``. An empty bucket answers 429 with RATE_LIMITED and ``Retry-After``.

The buckets live in the process by default, so each worker and replica counts on its own. With
``TVS_REDIS_URL`` they live in Redis and every process shares them; the refill-and-take step is one
Lua script there (pyrate-limiter's RedisStateStore), atomic across processes. If Redis does not
answer, requests are let through and a warning is logged: the limit protects capacity, not data.
"""

from __future__ import annotations

import logging
import math
from collections import OrderedDict
from typing import Any, Protocol

import orjson
from pyrate_limiter import Duration, Rate, RateItem, RedisStateStore, StateBucket, TokenBucket
from redis.asyncio import Redis
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway import metrics
from gateway.errors import Code, error_body
from gateway.request_log import record_of
from gateway.settings import Settings

log = logging.getLogger("tvs.ratelimit")

#: Buckets kept in a process; the least recently used are dropped (a full bucket is the default).
MAX_LOCAL_BUCKETS = 10_000
REDIS_PREFIX = "tvs:ratelimit:"


class Limiter(Protocol):
    async def acquire(self, account_id: int) -> float | None:
        """None when admitted, else the seconds until a request would be."""

    async def close(self) -> None: ...


class _Buckets:
    """Token buckets by account, made on first use and dropped least recently used first."""

    def __init__(self, settings: Settings) -> None:
        self.rates = [Rate(settings.rate_limit_per_minute, Duration.MINUTE, burst=settings.rate_limit_burst)]
        self._buckets: OrderedDict[int, StateBucket] = OrderedDict()

    def store(self, account_id: int) -> Any:
        return None  # the bucket's own in-memory store

    def bucket(self, account_id: int) -> StateBucket:
        bucket = self._buckets.get(account_id)
        if bucket is None:
            bucket = self._buckets[account_id] = StateBucket(
                self.rates, algorithm=TokenBucket(), store=self.store(account_id)
            )
            if len(self._buckets) > MAX_LOCAL_BUCKETS:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(account_id)
        return bucket

    async def acquire(self, account_id: int) -> float | None:
        bucket = self.bucket(account_id)
        item = RateItem(str(account_id), int(bucket.now()))  # type: ignore[no-untyped-call]
        admitted = bucket.put(item)
        if not isinstance(admitted, bool):  # Redis: the Lua script's answer
            admitted = await admitted
        if admitted:
            return None
        wait_ms = bucket.waiting(item)
        if not isinstance(wait_ms, int):
            wait_ms = await wait_ms
        return max(wait_ms, 1) / 1000

    async def close(self) -> None:
        return None


class MemoryLimiter(_Buckets):
    """Buckets in this process."""


class RedisLimiter(_Buckets):
    """Buckets in Redis, shared by every process that uses the same Redis."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        assert settings.redis_url
        self.redis = Redis.from_url(settings.redis_url, socket_timeout=1.0, socket_connect_timeout=1.0)
        self.prefix = REDIS_PREFIX

    def store(self, account_id: int) -> Any:
        return RedisStateStore(self.redis, f"{self.prefix}{account_id}")

    async def acquire(self, account_id: int) -> float | None:
        try:
            return await super().acquire(account_id)
        except Exception as exc:  # Redis down or unreachable: serve, and say so
            log.warning("rate limit not applied: Redis did not answer (%s)", type(exc).__name__)
            return None

    async def close(self) -> None:
        await self.redis.aclose()


def make_limiter(settings: Settings) -> Limiter:
    return RedisLimiter(settings) if settings.redis_url else MemoryLimiter(settings)


class RateLimitMiddleware:
    """Takes one token per request of an authenticated account (after AuthMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        principal = scope.get("state", {}).get("principal") if scope["type"] == "http" else None
        if principal is None:
            await self.app(scope, receive, send)
            return
        limiter: Limiter = scope["app"].state.gateway.limiter
        retry_after = await limiter.acquire(principal.account_id)
        if retry_after is None:
            await self.app(scope, receive, send)
            return
        seconds = math.ceil(retry_after)
        metrics.RATE_LIMITED.inc()
        record = record_of(scope)
        record.account, record.rol = principal.gebruikersnaam, principal.rol.value
        record.codes.append(Code.RATE_LIMITED.value)
        body = orjson.dumps(
            error_body(
                Code.RATE_LIMITED,
                f"Te veel verzoeken; probeer het over {seconds} s opnieuw",
                retryAfterSeconds=seconds,
            )
        )
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(seconds).encode()),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})
