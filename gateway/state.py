"""What the application holds for its lifetime: settings, engine, keys, schema. No personal data."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from gateway.audit import AuditCipher
from gateway.auth import TokenVerifier
from gateway.notify import Notifier
from gateway.ratelimit import Limiter
from gateway.schema import GatewaySchema
from gateway.settings import Settings


@dataclass
class AppState:
    settings: Settings
    schema: GatewaySchema
    verifier: TokenVerifier
    cipher: AuditCipher
    engine: AsyncEngine
    #: Reads of requests (gateway/reader.py); the same engine on SQLite.
    read_engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    notifier: Notifier | None = None
    limiter: Limiter | None = None
