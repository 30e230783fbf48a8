"""Per-account rate limits (OWASP GraphQL: rate limiting, batching attacks): a token bucket per
account, RATE_LIMITED with Retry-After; in the process by default, shared through Redis when
TVS_REDIS_URL is set. The refill (one token a minute here) is far slower than a test, so no test
depends on timing."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis

from gateway.ratelimit import MemoryLimiter, RedisLimiter
from tests.conftest import Api, make_settings, open_api

REDIS_URL = os.environ.get("TVS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")  # a DB of the tests' own
IK = "{ ik { naam } }"


def _refused(response: httpx.Response) -> int:
    assert response.status_code == 429, response.text
    [error] = response.json()["errors"]
    seconds = int(response.headers["retry-after"])
    assert error["extensions"] == {"code": "RATE_LIMITED", "retryAfterSeconds": seconds}
    assert 1 <= seconds <= 60
    return seconds


async def test_an_account_over_its_burst_is_refused_with_retry_after(
    shared_db_url: str, key_dir: Path
) -> None:
    settings = make_settings(shared_db_url, key_dir, rate_limit_per_minute=1, rate_limit_burst=3)
    async for api in open_api(settings):
        assert isinstance(api.state.limiter, MemoryLimiter)
        for _ in range(3):
            assert (await api.post("utrecht", IK)).status_code == 200
        _refused(await api.post("utrecht", IK))
        # Per account: another account still has its whole bucket.
        assert (await api.post("amsterdam", IK)).status_code == 200
        # Unauthenticated requests are not counted against anybody (they get 401 first).
        assert (await api.post(None, IK)).status_code == 401


async def test_default_limits_leave_normal_use_alone(api: Api) -> None:
    for _ in range(20):
        assert (await api.post("utrecht", IK)).status_code == 200


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    """A key prefix of this test's own in the tests' Redis DB, removed afterwards."""
    redis = Redis.from_url(REDIS_URL)
    try:
        await redis.ping()
    except OSError as exc:
        await redis.aclose()
        if "TVS_TEST_REDIS_URL" in os.environ:  # CI says Redis is there: its absence is a failure
            raise
        pytest.skip(f"Redis at {REDIS_URL} unreachable: {exc}")
    prefix = f"tvs:test:{uuid.uuid4().hex[:8]}:"
    yield prefix
    keys = [k async for k in redis.scan_iter(match=f"{prefix}*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


async def test_redis_shares_the_buckets_between_processes(
    shared_db_url: str, key_dir: Path, redis_prefix: str
) -> None:
    """Two gateways (as two workers or replicas would be) on one Redis take from one bucket."""
    settings = make_settings(
        shared_db_url, key_dir, rate_limit_per_minute=1, rate_limit_burst=3, redis_url=REDIS_URL
    )
    async for one in open_api(settings):
        async for two in open_api(settings):
            for api in (one, two):
                assert isinstance(api.state.limiter, RedisLimiter)
                api.state.limiter.prefix = redis_prefix
            assert (await one.post("utrecht", IK)).status_code == 200
            assert (await two.post("utrecht", IK)).status_code == 200
            assert (await one.post("utrecht", IK)).status_code == 200
            _refused(await two.post("utrecht", IK))
            _refused(await one.post("utrecht", IK))
            assert (await two.post("amsterdam", IK)).status_code == 200
    redis = Redis.from_url(REDIS_URL)
    keys = [k async for k in redis.scan_iter(match=f"{redis_prefix}*")]
    await redis.aclose()
    assert len(keys) == 2  # one small hash per account, nothing else


async def test_requests_are_served_when_redis_does_not_answer(
    shared_db_url: str, key_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(shared_db_url, key_dir, rate_limit_burst=1, redis_url="redis://127.0.0.1:1/0")
    async for api in open_api(settings):
        for _ in range(2):
            assert (await api.post("utrecht", IK)).status_code == 200
    assert "rate limit not applied: Redis did not answer" in caplog.text
