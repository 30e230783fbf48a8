"""Notifications: the caller's own list, marking one read, making them for a gemeente's
contactpersonen (with their e-mails), and the subscription that delivers them as they are made."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from db.enums import NotificatieSoort
from db.models import Account, Contactpersoon, EmailOutbox, Notificatie
from db.models.base import utcnow
from gateway import mail, policy
from gateway.auth import AuthenticationFailed, Principal
from gateway.errors import Code, GatewayError, NotFound
from gateway.loaders.base import Loaders
from gateway.loaders.notificatie import COLUMNS, ORDERING
from gateway.resolvers.paging import Page, fetch_page
from gateway.schema.node import decode_id
from gateway.writes import WriteTransaction, write_transaction

if TYPE_CHECKING:
    from gateway.context import Context
    from gateway.settings import Settings

#: The contactpersoon's setting that chooses each kind.
_KEUZE = {
    NotificatieSoort.ALGEMEEN: Contactpersoon.notificatie_algemeen,
    NotificatieSoort.WONINGCHECK: Contactpersoon.notificatie_woningcheck,
    NotificatieSoort.MVV_PROCES: Contactpersoon.notificatie_mvv_proces,
    NotificatieSoort.KLANTPROFIEL: Contactpersoon.notificatie_klantprofiel,
}
#: At most this many notifications are read per wake-up of a subscription.
_BATCH = 100


def notificaties_where(principal: Principal, alleen_ongelezen: bool) -> list[Any]:
    where: list[Any] = [policy.scope(principal, Notificatie)]
    if alleen_ongelezen:
        where.append(Notificatie.gelezen_op.is_(None))
    return where


async def resolve_mijn_notificaties(
    ctx: Context, alleen_ongelezen: bool, first: int, after: str | None
) -> Page:
    where = notificaties_where(ctx.principal, alleen_ongelezen)
    return await fetch_page(ctx.reader, COLUMNS, where, ORDERING, first, after)


def _pk(global_id: str) -> int:
    decoded = decode_id(global_id)
    if decoded is None or decoded[0] != "Notificatie":
        raise NotFound("Notificatie niet gevonden")
    return decoded[1]


async def resolve_notificatie_gelezen(ctx: Context, global_id: str) -> Any:
    """Marks one of the caller's own notifications read (again: no change, no error)."""
    pk = _pk(global_id)
    own = sa.and_(Notificatie.id == pk, policy.scope(ctx.principal, Notificatie))
    async with write_transaction(ctx) as tx:
        found = (await tx.conn.execute(sa.select(Notificatie.gelezen_op).where(own))).first()
        if found is None:
            raise NotFound("Notificatie niet gevonden")
        if found.gelezen_op is None:
            await tx.conn.execute(sa.update(Notificatie).where(own).values(gelezen_op=utcnow()))
        tx.changed(None, f"notificatie {pk} gelezen")
        return (await tx.conn.execute(sa.select(*COLUMNS).where(own))).one()


async def notify_gemeente(
    tx: WriteTransaction,
    settings: Settings,
    gemeente_id: int | None,
    soort: NotificatieSoort,
    onderwerp: str,
    *,
    vergunninghouder_id: int | None = None,
    nareiziger_id: int | None = None,
) -> int:
    """A notification for each contactpersoon of the gemeente who chose `soort` and may log in,
    and a mail to each who chose it; in the caller's transaction. Returns how many were told."""
    if gemeente_id is None:
        return 0
    contacts = (
        await tx.conn.execute(
            sa.select(
                Contactpersoon.email, Contactpersoon.account_id, Contactpersoon.mag_inloggen, Account.actief
            )
            .outerjoin(Account, Account.id == Contactpersoon.account_id)
            .where(Contactpersoon.gemeente_id == gemeente_id, _KEUZE[soort].is_(True))
            .order_by(Contactpersoon.id)
        )
    ).all()
    mail_onderwerp, tekst = mail.compose(soort, settings.public_url)
    now = utcnow()
    for c in contacts:
        notificatie_id = None
        if c.account_id is not None and c.mag_inloggen and c.actief:
            notificatie_id = (
                await tx.conn.execute(
                    sa.insert(Notificatie)
                    .values(
                        account_id=c.account_id,
                        soort=soort,
                        onderwerp=onderwerp,
                        aangemaakt_op=now,
                        vergunninghouder_id=vergunninghouder_id,
                        nareiziger_id=nareiziger_id,
                    )
                    .returning(Notificatie.id)
                )
            ).scalar_one()
            tx.publish(c.account_id, notificatie_id)
        await tx.conn.execute(
            sa.insert(EmailOutbox).values(
                notificatie_id=notificatie_id,
                ontvanger=c.email,
                onderwerp=mail_onderwerp,
                tekst=tekst,
                aangemaakt_op=now,
                pogingen=0,
                volgende_poging_op=now,
            )
        )
        tx.mails += 1
    return len(contacts)


# --- the subscription ---------------------------------------------------------------------------

Recheck = Callable[[], Awaitable[Principal]]


async def _still_allowed(ctx: Context) -> None:
    """Re-authenticate with the connection's token: a removed contact, a withdrawn login, an
    expired token or a changed role ends the subscription."""
    recheck: Recheck = ctx.extra["recheck"]
    try:
        principal = await recheck()
    except AuthenticationFailed:
        raise GatewayError(Code.UNAUTHENTICATED, "Geen toegang meer: het abonnement is beëindigd") from None
    if principal != ctx.principal:
        raise GatewayError(Code.UNAUTHENTICATED, "Uw toegang is gewijzigd: abonneer opnieuw")


async def _gekozen(ctx: Context) -> set[NotificatieSoort]:
    """The kinds the caller's contactpersoon has chosen now."""
    if ctx.principal.contactpersoon_id is None:
        return set()
    async with ctx.engine.connect() as conn:
        row = (
            await conn.execute(
                sa.select(*_KEUZE.values()).where(Contactpersoon.id == ctx.principal.contactpersoon_id)
            )
        ).first()
    return {soort for soort, chosen in zip(_KEUZE, row or (), strict=False) if chosen}


async def _na(ctx: Context, last: int) -> list[Any]:
    stmt = (
        sa.select(*COLUMNS)
        .where(policy.scope(ctx.principal, Notificatie), Notificatie.id > last)
        .order_by(Notificatie.id)
        .limit(_BATCH)
    )
    async with ctx.engine.connect() as conn:
        return list((await conn.execute(stmt)).all())


async def _start(ctx: Context, na: str | None) -> int:
    if na is not None:
        return _pk(na)
    stmt = sa.select(sa.func.max(Notificatie.id)).where(policy.scope(ctx.principal, Notificatie))
    async with ctx.engine.connect() as conn:
        return int((await conn.execute(stmt)).scalar() or 0)


async def stream_notificaties(ctx: Context, na: str | None) -> AsyncIterator[Any]:
    """The caller's notifications as they are made (after `na` when given), honouring its
    settings. Events only wake the stream; what it delivers it reads from the database, so a
    missed event delays nothing beyond the next one or the periodic re-check."""
    assert ctx.notifier is not None
    with ctx.notifier.hub.subscribe(ctx.principal.account_id) as queue:
        last = await _start(ctx, na)
        while True:
            await _still_allowed(ctx)
            gekozen = await _gekozen(ctx)
            rows = await _na(ctx, last)
            for row in rows:
                await _still_allowed(ctx)
                last = row.id
                if row.soort in gekozen:
                    # Loaders live for one delivered event, as they do for one request.
                    ctx.loaders = Loaders(ctx.reader, ctx.principal)
                    yield row
            if len(rows) == _BATCH:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(queue.get(), timeout=ctx.settings.subscription_recheck_seconds)
            while not queue.empty():
                queue.get_nowait()
