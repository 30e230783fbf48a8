"""The per-request context every resolver reads as ``info.context``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from gateway.audit import AuditCipher, AuditLog
from gateway.auth import Principal
from gateway.loaders.base import Loaders
from gateway.reader import Reader
from gateway.settings import Settings

if TYPE_CHECKING:
    from gateway.notify import Notifier
    from gateway.schema.guard import DocumentAnalysis
    from gateway.state import AppState


@dataclass
class Context:
    principal: Principal
    settings: Settings
    engine: AsyncEngine
    #: A factory, never a shared session: sibling resolvers and loader batches run concurrently.
    sessionmaker: async_sessionmaker[AsyncSession]
    #: The request's reads go over this one connection (gateway/reader.py).
    reader: Reader
    loaders: Loaders
    audit: AuditLog
    audit_cipher: AuditCipher
    request: Any = None
    #: Tells subscriptions and the mail worker about committed writes (gateway/notify.py).
    notifier: Notifier | None = None
    #: Set by the field-group guard before execution: what the document selects, per field.
    analysis: DocumentAnalysis | None = None
    #: The response body when compiled SQL answered (gateway/compiler/); None on the resolver path.
    compiled: bytes | None = None
    read_path: str = "resolver"
    #: Why the compiler left the operation to the resolver path.
    fallback: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def make(
        cls, state: AppState, principal: Principal, reader: Reader, audit: AuditLog, request: Any, **kw: Any
    ) -> Context:
        """The context of one request (or one subscription event): fresh loaders over `reader`."""
        return cls(
            principal=principal,
            settings=state.settings,
            engine=state.engine,
            sessionmaker=state.sessionmaker,
            reader=reader,
            loaders=Loaders(reader, principal),
            audit=audit,
            audit_cipher=state.cipher,
            request=request,
            notifier=state.notifier,
            **kw,
        )
