"""The Subscription root: the caller's notifications over graphql-transport-ws (gateway/graphql_ws.py)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from gateway.resolvers.notificatie import stream_notificaties
from gateway.schema.notificatie import Notificatie


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description=(
            "The caller's own notifications as they are created, honouring its NotificatieInstellingen."
        )
    )
    async def notificaties(
        self,
        info: Info[Any, None],
        na: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Also deliver those made after this notification: resume without missing any."
            ),
        ] = None,
    ) -> AsyncGenerator[Notificatie, None]:
        async for row in stream_notificaties(info.context, None if na is None else str(na)):
            yield Notificatie.from_row(row)
