"""Gemeenten, regions and contactpersonen lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from db.models import Arbeidsmarktregio, Contactpersoon, Gemeente, Uitplaatsingsregio
from gateway import identifiers, policy
from gateway.errors import ValidationFailed
from gateway.loaders.contactpersoon import select_contactpersonen
from gateway.loaders.gemeente import GEMEENTE_COLUMNS, GemeenteByCodeLoader

if TYPE_CHECKING:
    from gateway.auth import Principal
    from gateway.context import Context


async def _all(ctx: Context, stmt: Any) -> Sequence[Any]:
    return await ctx.reader.all(stmt)


async def resolve_gemeente(ctx: Context, code: str) -> Any:
    if not identifiers.is_cbs_gemeentecode(code):
        raise ValidationFailed({"code": "een CBS-gemeentecode, zoals GM0344"})
    return await ctx.loaders.get(GemeenteByCodeLoader).load(code)


async def resolve_gemeenten(ctx: Context) -> Sequence[Any]:
    return await _all(ctx, sa.select(*GEMEENTE_COLUMNS).order_by(Gemeente.naam))


async def resolve_arbeidsmarktregios(ctx: Context) -> Sequence[Any]:
    return await _all(
        ctx,
        sa.select(Arbeidsmarktregio.id, Arbeidsmarktregio.code, Arbeidsmarktregio.naam).order_by(
            Arbeidsmarktregio.code
        ),
    )


async def resolve_uitplaatsingsregios(ctx: Context) -> Sequence[Any]:
    return await _all(
        ctx,
        sa.select(Uitplaatsingsregio.id, Uitplaatsingsregio.code, Uitplaatsingsregio.naam).order_by(
            Uitplaatsingsregio.id
        ),
    )


def contactpersonen_where(principal: Principal, gemeente_code: str | None) -> list[Any]:
    """Own gemeente for gemeente roles (a third party: itself); COA roles name the gemeente."""
    where: list[Any] = [policy.scope(principal, Contactpersoon)]
    if gemeente_code is not None:
        if not identifiers.is_cbs_gemeentecode(gemeente_code):
            raise ValidationFailed({"gemeenteCode": "een CBS-gemeentecode, zoals GM0344"})
        where.append(
            Contactpersoon.gemeente_id.in_(sa.select(Gemeente.id).where(Gemeente.code == gemeente_code))
        )
    elif policy.contactpersonen_need_gemeente(principal):
        raise ValidationFailed({"gemeenteCode": "verplicht voor COA-rollen"})
    return where


async def resolve_contactpersonen(ctx: Context, gemeente_code: str | None) -> Sequence[Any]:
    where = contactpersonen_where(ctx.principal, gemeente_code)
    stmt = select_contactpersonen().where(*where).order_by(Contactpersoon.naam, Contactpersoon.id)
    return await _all(ctx, stmt)
