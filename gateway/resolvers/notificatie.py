"""The caller's own notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from db.models import Notificatie
from gateway import policy
from gateway.loaders.notificatie import COLUMNS, ORDERING
from gateway.resolvers.paging import Page, fetch_page

if TYPE_CHECKING:
    from gateway.auth import Principal
    from gateway.context import Context


def notificaties_where(principal: Principal, alleen_ongelezen: bool) -> list[Any]:
    where: list[Any] = [policy.scope(principal, Notificatie)]
    if alleen_ongelezen:
        where.append(Notificatie.gelezen_op.is_(None))
    return where


async def resolve_mijn_notificaties(
    ctx: Context, alleen_ongelezen: bool, first: int, after: str | None
) -> Page:
    where = notificaties_where(ctx.principal, alleen_ongelezen)
    return await fetch_page(ctx.engine, COLUMNS, where, ORDERING, first, after)
