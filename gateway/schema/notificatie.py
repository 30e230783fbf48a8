"""Notificaties: what TVS tells a contactpersoon (koppeling, woningcheck, MVV, klantprofiel)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from gateway.loaders.vergunninghouder import VergunninghouderByIdLoader
from gateway.schema.audited import audited
from gateway.schema.enums import NotificatieSoort
from gateway.schema.node import Node, encode_id
from gateway.schema.pagination import PageInfo

if TYPE_CHECKING:
    from gateway.resolvers.paging import Page
    from gateway.schema.vergunninghouder import Vergunninghouder


@strawberry.type
class Notificatie(Node):
    db_id: strawberry.Private[int]
    soort: NotificatieSoort  # type: ignore[valid-type]
    onderwerp: str
    aangemaakt_op: dt.datetime
    gelezen: bool
    vergunninghouder_id: strawberry.Private[int | None]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return encode_id("Notificatie", self.db_id)

    @strawberry.field(description="null where the person is (no longer) in your scope", extensions=audited())
    async def vergunninghouder(
        self, info: Info[Any, None]
    ) -> Annotated[Vergunninghouder, strawberry.lazy("gateway.schema.vergunninghouder")] | None:
        if self.vergunninghouder_id is None:
            return None
        from gateway.schema.vergunninghouder import Vergunninghouder

        row = await info.context.loaders.get(VergunninghouderByIdLoader).load(self.vergunninghouder_id)
        return Vergunninghouder.from_row(row) if row else None

    @classmethod
    def from_row(cls, r: Any) -> Notificatie:
        return cls(
            db_id=r.id,
            soort=r.soort,
            onderwerp=r.onderwerp,
            aangemaakt_op=r.aangemaakt_op,
            gelezen=r.gelezen_op is not None,
            vergunninghouder_id=r.vergunninghouder_id,
        )


@strawberry.type
class NotificatieConnection:
    nodes: list[Notificatie]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field
    async def total_count(self) -> int:
        return await self.count()

    @classmethod
    def from_page(cls, page: Page, count: Callable[[], Awaitable[int]]) -> NotificatieConnection:
        return cls(
            nodes=[Notificatie.from_row(r) for r in page.rows],
            page_info=PageInfo.of(page),
            count=count,
        )
