"""COA-side events of a nareiziger's journey: a new MVV step and the result of the woningcheck.

COA records them (policy.may_update_nareis) for nareizigers in its scope; each tells the gekoppelde
gemeente's contactpersonen who chose that kind of notification (MVV_PROCES, WONINGCHECK).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from db.enums import Gegevensgroep as G
from db.enums import MvvStap, NotificatieSoort, WoningcheckResultaat
from db.models import Nareiziger
from gateway import policy
from gateway.errors import Forbidden, ValidationFailed
from gateway.loaders.nareiziger import COLUMNS
from gateway.resolvers.notificatie import notify_gemeente
from gateway.resolvers.persoon import persoon_voor_schrijven, v_nummer_fout, vandaag
from gateway.writes import write_transaction

if TYPE_CHECKING:
    from gateway.context import Context


def _refuse(ctx: Context, v_nummer: str) -> Forbidden:
    ctx.audit.refused([v_nummer if not v_nummer_fout(v_nummer) else None], {G.BASIS})
    return Forbidden("Alleen COA legt het MVV-proces en de woningcheck van nareizigers vast")


async def _row(ctx: Context, conn: Any, pk: int) -> Any:
    return (await conn.execute(sa.select(*COLUMNS).where(Nareiziger.id == pk))).one()


async def resolve_mvv_stap_wijzigen(ctx: Context, v_nummer: str, mvv_stap: MvvStap, sinds: date) -> Any:
    if not policy.may_update_nareis(ctx.principal):
        raise _refuse(ctx, v_nummer)
    errors = v_nummer_fout(v_nummer)
    if sinds > vandaag():
        errors["sinds"] = "ligt in de toekomst"
    if errors:
        raise ValidationFailed(errors)
    async with write_transaction(ctx) as tx:
        p = await persoon_voor_schrijven(ctx, tx, v_nummer, alleen_nareiziger=True)
        before = (
            await tx.conn.execute(sa.select(Nareiziger.mvv_stap).where(Nareiziger.id == p.id))
        ).scalar_one()
        await tx.conn.execute(
            sa.update(Nareiziger)
            .where(Nareiziger.id == p.id)
            .values(
                mvv_stap=mvv_stap,
                mvv_stap_sinds=sinds,
                gehuisvest_op=sinds if mvv_stap is MvvStap.GEHUISVEST else None,
            )
        )
        if before is not mvv_stap:
            await notify_gemeente(
                tx,
                ctx.settings,
                p.gemeente_id,
                NotificatieSoort.MVV_PROCES,
                "MVV-stap van een nareiziger gewijzigd",
                vergunninghouder_id=p.vergunninghouder_id,
                nareiziger_id=p.nareiziger_id,
            )
        tx.changed(
            p.v_nummer, f"mvv-stap {before.value} -> {mvv_stap.value} per {sinds.isoformat()}", {G.BASIS}
        )
        return await _row(ctx, tx.conn, p.id)


async def resolve_woningcheck_vastleggen(ctx: Context, v_nummer: str, resultaat: WoningcheckResultaat) -> Any:
    if not policy.may_update_nareis(ctx.principal):
        raise _refuse(ctx, v_nummer)
    if errors := v_nummer_fout(v_nummer):
        raise ValidationFailed(errors)
    async with write_transaction(ctx) as tx:
        p = await persoon_voor_schrijven(ctx, tx, v_nummer, alleen_nareiziger=True)
        before = (
            await tx.conn.execute(sa.select(Nareiziger.woningcheck).where(Nareiziger.id == p.id))
        ).scalar_one()
        await tx.conn.execute(
            sa.update(Nareiziger).where(Nareiziger.id == p.id).values(woningcheck=resultaat)
        )
        if before is not resultaat:
            await notify_gemeente(
                tx,
                ctx.settings,
                p.gemeente_id,
                NotificatieSoort.WONINGCHECK,
                "Resultaat woningcheck vastgelegd",
                vergunninghouder_id=p.vergunninghouder_id,
                nareiziger_id=p.nareiziger_id,
            )
        tx.changed(p.v_nummer, f"woningcheck {before.value} -> {resultaat.value}", {G.BASIS})
        return await _row(ctx, tx.conn, p.id)
