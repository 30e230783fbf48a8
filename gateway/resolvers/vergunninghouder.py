"""Vergunninghouder lists and lookups: the TVS search criteria as SQL, always under the scope."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from db.models import Vergunninghouder as VH
from gateway import identifiers, policy
from gateway.errors import ValidationFailed
from gateway.loaders.vergunninghouder import (
    COLUMNS,
    VergunninghouderByVNummerLoader,
    VergunninghouderFilterArgs,
    filter_clauses,
    ordering,
)
from gateway.resolvers.paging import Page, fetch_page

if TYPE_CHECKING:
    from gateway.context import Context


async def resolve_vergunninghouders(
    ctx: Context,
    f: VergunninghouderFilterArgs,
    order_by: Sequence[tuple[str, bool]] | None,
    first: int,
    after: str | None,
    *,
    gemeente_id: int | None = None,
) -> Page:
    where = [policy.scope(ctx.principal, VH), *filter_clauses(ctx.principal, f)]
    if gemeente_id is not None:
        where.append(VH.gekoppelde_gemeente_id == gemeente_id)
    return await fetch_page(ctx.reader, COLUMNS, where, ordering(order_by), first, after)


async def resolve_vergunninghouder(ctx: Context, v_nummer: str) -> Any:
    """The person with this V-nummer when in scope; None otherwise (whether it exists or not)."""
    if not identifiers.is_v_nummer(v_nummer):
        raise ValidationFailed({"vNummer": "een V-nummer heeft 10 cijfers"})
    return await ctx.loaders.get(VergunninghouderByVNummerLoader).load(v_nummer)
