"""Nareiziger lists: the TVS 'Nareizigers' tab criteria as SQL, always under the scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.models import Nareiziger
from gateway import policy
from gateway.loaders.nareiziger import COLUMNS, ORDERING, NareizigerFilterArgs, filter_clauses
from gateway.resolvers.paging import Page, fetch_page

if TYPE_CHECKING:
    from gateway.context import Context


async def resolve_nareizigers(ctx: Context, f: NareizigerFilterArgs, first: int, after: str | None) -> Page:
    where = [policy.scope(ctx.principal, Nareiziger), *filter_clauses(ctx.principal, f)]
    return await fetch_page(ctx.reader, COLUMNS, where, ORDERING, first, after)
