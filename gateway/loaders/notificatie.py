"""Notifications: an account only ever sees its own."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.models import Notificatie
from gateway import policy
from gateway.loaders.base import Loader, one_per_key
from gateway.resolvers.paging import Ordering, SortKey

COLUMNS = (
    Notificatie.id,
    Notificatie.soort,
    Notificatie.onderwerp,
    Notificatie.aangemaakt_op,
    Notificatie.gelezen_op,
    Notificatie.vergunninghouder_id,
)

#: Newest first.
ORDERING = Ordering(name="NIEUWSTE", keys=(SortKey(Notificatie.id, descending=True, kind="int"),))


class NotificatieByIdLoader(Loader[int, Any]):
    async def load_batch(self, keys: list[int]) -> list[Any]:
        rows = await self.fetch(
            sa.select(*COLUMNS).where(Notificatie.id.in_(keys), policy.scope(self.principal, Notificatie))
        )
        return one_per_key(keys, rows, "id")
