"""The access log as the FG reads it (AUDIT)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import strawberry

from db.enums import Gegevensgroep as G
from gateway.schema.directives import Gegevensgroep, groep
from gateway.schema.enums import Rol
from gateway.schema.pagination import PageInfo

if TYPE_CHECKING:
    from gateway.resolvers.paging import Page


@strawberry.type(
    directives=groep(G.AUDIT),
    description="One access to personal data of one person (Logboek Dataverwerkingen-style).",
)
class AuditRecord:
    tijdstip: dt.datetime
    trace_id: str
    gebruikersnaam: str
    rol: Rol  # type: ignore[valid-type]
    verwerkingsactiviteit: str = strawberry.field(description="the purpose, from the role")
    operatie: str | None = strawberry.field(description="GraphQL operation name or the download route")
    v_nummer: str | None = strawberry.field(description="null for a refused operation that named no person")
    gegevensgroepen: list[Gegevensgroep]  # type: ignore[valid-type]
    resultaat: str = strawberry.field(description="GETOOND, GEWEIGERD, or GEWIJZIGD for a write")
    handeling: str | None = strawberry.field(description="For a write: what the account did.")


@strawberry.input
class AuditFilter:
    v_nummer: str | None = None
    gebruikersnaam: str | None = None
    vanaf: dt.datetime | None = None
    tot: dt.datetime | None = None


@strawberry.type
class AuditRecordEdge:
    cursor: str
    node: AuditRecord


@strawberry.type
class AuditRecordConnection:
    nodes: list[AuditRecord]
    page_info: PageInfo
    page: strawberry.Private[Any]
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field
    def edges(self) -> list[AuditRecordEdge]:
        return [
            AuditRecordEdge(cursor=c, node=n) for c, n in zip(self.page.cursors(), self.nodes, strict=True)
        ]

    @strawberry.field
    async def total_count(self) -> int:
        return await self.count()

    @classmethod
    def from_page(
        cls, page: Page, records: list[AuditRecord], count: Callable[[], Awaitable[int]]
    ) -> AuditRecordConnection:
        return cls(
            nodes=records,
            page_info=PageInfo.of(page),
            page=page,
            count=count,
        )
