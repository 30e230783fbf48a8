"""Consent (Toestemmingsverklaring): COA's casemanager records it and its withdrawal.

Both append an event to the person's consent history; the state is the latest event
(gateway/loaders/toestemming.py folds it), and every reader's next request follows it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import sqlalchemy as sa

from db.enums import NotificatieSoort, ToestemmingSoort
from db.models import Toestemming
from gateway import policy
from gateway.errors import Conflict, Forbidden, ValidationFailed
from gateway.loaders.toestemming import ConsentState, fold
from gateway.resolvers.notificatie import notify_gemeente
from gateway.resolvers.persoon import Persoon, persoon_voor_schrijven, v_nummer_fout, vandaag
from gateway.writes import WriteTransaction, write_transaction

if TYPE_CHECKING:
    from gateway.context import Context


def _refuse(ctx: Context, v_nummer: str) -> Forbidden:
    ctx.audit.refused([v_nummer if not v_nummer_fout(v_nummer) else None], ())
    return Forbidden("Alleen de casemanager van COA legt toestemming vast")


def _check(v_nummer: str, datum: date, veld: str) -> None:
    errors = v_nummer_fout(v_nummer)
    if datum > vandaag():
        errors[veld] = "ligt in de toekomst"
    if errors:
        raise ValidationFailed(errors)


async def _state(tx: WriteTransaction, p: Persoon) -> ConsentState:
    fk = getattr(Toestemming, f"{p.soort}_id")
    rows = await tx.conn.execute(
        sa.select(Toestemming.soort, Toestemming.datum).where(fk == p.id).order_by(Toestemming.id)
    )
    return fold(list(rows.all()))


async def _append(
    ctx: Context, tx: WriteTransaction, p: Persoon, soort: ToestemmingSoort, datum: date
) -> None:
    await tx.conn.execute(
        sa.insert(Toestemming).values(
            **p.fk, soort=soort, datum=datum, vastgelegd_door_id=ctx.principal.account_id
        )
    )


async def resolve_toestemming_vastleggen(ctx: Context, v_nummer: str, ondertekend_op: date) -> ConsentState:
    if not policy.may_record_consent(ctx.principal):
        raise _refuse(ctx, v_nummer)
    _check(v_nummer, ondertekend_op, "ondertekendOp")
    async with write_transaction(ctx) as tx:
        p = await persoon_voor_schrijven(ctx, tx, v_nummer)
        await _append(ctx, tx, p, ToestemmingSoort.VERLEEND, ondertekend_op)
        tx.changed(p.v_nummer, f"toestemming vastgelegd, ondertekend op {ondertekend_op.isoformat()}")
        return await _state(tx, p)


async def resolve_toestemming_intrekken(ctx: Context, v_nummer: str, ingetrokken_op: date) -> ConsentState:
    if not policy.may_record_consent(ctx.principal):
        raise _refuse(ctx, v_nummer)
    _check(v_nummer, ingetrokken_op, "ingetrokkenOp")
    async with write_transaction(ctx) as tx:
        p = await persoon_voor_schrijven(ctx, tx, v_nummer)
        before = await _state(tx, p)
        if before.laatste is not ToestemmingSoort.VERLEEND:
            raise Conflict("Er is geen toestemming van kracht om in te trekken")
        if before.ondertekend_op is not None and ingetrokken_op < before.ondertekend_op:
            raise ValidationFailed({"ingetrokkenOp": f"ligt vóór de ondertekening ({before.ondertekend_op})"})
        await _append(ctx, tx, p, ToestemmingSoort.INGETROKKEN, ingetrokken_op)
        await notify_gemeente(
            tx,
            ctx.settings,
            p.gemeente_id,
            NotificatieSoort.ALGEMEEN,
            "Toestemming voor het delen van een klantprofiel ingetrokken",
            vergunninghouder_id=p.vergunninghouder_id,
            nareiziger_id=p.nareiziger_id,
        )
        tx.changed(p.v_nummer, f"toestemming ingetrokken op {ingetrokken_op.isoformat()}")
        return await _state(tx, p)
