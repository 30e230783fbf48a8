"""E-mail for notifications: composed without personal data, written to the outbox in the
transaction that made the notification, delivered by SMTP (aiosmtplib) by a worker in each process.

A mail carries what TVS mails carry: the kind of notification and a link to TVS. No name, no
V-nummer, no klantprofiel content: the reader logs in to see more, and the access log sees that.

Delivery is at least once. A worker claims due rows for a lease (so another process does not take
them meanwhile), sends them, then marks them sent; a failed delivery is tried again after a backoff
that doubles up to a ceiling, for as long as it takes: a row is never dropped. A process that dies
between sending and marking leaves the lease to expire, and the mail is sent again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

import aiosmtplib
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from db.enums import NotificatieSoort
from db.models import EmailOutbox
from db.models.base import utcnow
from db.session import write_options
from gateway.settings import Settings

log = logging.getLogger("tvs.mail")

#: Subject and first line per kind: the kind is all a mail says about what happened.
_SOORT_TEKST = {
    NotificatieSoort.ALGEMEEN: ("TVS: nieuw bericht", "Er is een nieuw bericht voor uw gemeente in TVS."),
    NotificatieSoort.WONINGCHECK: (
        "TVS: resultaat woningcheck",
        "Er is een resultaat van een woningcheck vastgelegd in TVS.",
    ),
    NotificatieSoort.MVV_PROCES: (
        "TVS: wijziging in het MVV-proces",
        "Er is een wijziging in het MVV-proces van een nareiziger vastgelegd in TVS.",
    ),
    NotificatieSoort.KLANTPROFIEL: (
        "TVS: nieuw klantprofiel",
        "COA heeft een nieuw klantprofiel naar uw gemeente verzonden in TVS.",
    ),
}

#: How long a claimed row is left to the worker that claimed it.
LEASE = timedelta(minutes=5)
_BATCH = 50


def compose(soort: NotificatieSoort, public_url: str) -> tuple[str, str]:
    """(subject, body) of the mail for a notification of this kind."""
    onderwerp, regel = _SOORT_TEKST[soort]
    link = public_url.rstrip("/") + "/"
    tekst = (
        f"{regel}\n\n"
        f"Log in op TVS om de notificatie te lezen:\n{link}\n\n"
        "U ontvangt dit bericht omdat u deze notificaties in TVS hebt aangezet. "
        "U kunt dat in uw profiel wijzigen.\n"
        "Dit bericht is automatisch verzonden; antwoorden wordt niet gelezen.\n"
    )
    return onderwerp, tekst


def backoff(pogingen: int, settings: Settings) -> timedelta:
    """Wait before the next try after `pogingen` failed ones: doubling, up to a ceiling."""
    seconds = settings.outbox_retry_seconds * 2 ** max(0, pogingen - 1)
    return timedelta(seconds=min(seconds, settings.outbox_retry_max_seconds))


@dataclass(frozen=True)
class _Mail:
    id: int
    ontvanger: str
    onderwerp: str
    tekst: str
    pogingen: int


class OutboxWorker:
    """Delivers the outbox. `deliver_due` does one round; `run` repeats it until cancelled."""

    def __init__(
        self,
        engine: AsyncEngine,
        settings: Settings,
        wakeup: asyncio.Event | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.wakeup = wakeup or asyncio.Event()
        self.clock = clock

    async def run(self) -> None:
        while True:
            try:
                while await self.deliver_due():
                    pass
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox round failed; trying again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wakeup.wait(), timeout=self.settings.outbox_poll_seconds)
            self.wakeup.clear()

    async def deliver_due(self) -> int:
        """Claim, send and mark the rows that are due; returns how many were claimed."""
        now = self.clock()
        batch = await self._claim(now)
        if not batch:
            return 0
        errors = await self._send(batch)
        await self._mark(batch, errors)
        return len(batch)

    async def _claim(self, now: datetime) -> list[_Mail]:
        due = (
            sa.select(
                EmailOutbox.id,
                EmailOutbox.ontvanger,
                EmailOutbox.onderwerp,
                EmailOutbox.tekst,
                EmailOutbox.pogingen,
            )
            .where(EmailOutbox.verzonden_op.is_(None), EmailOutbox.volgende_poging_op <= now)
            .order_by(EmailOutbox.id)
            .limit(_BATCH)
        )
        if self.engine.dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        async with self.engine.connect() as conn:
            await conn.execution_options(**write_options(self.engine))
            async with conn.begin():
                rows = (await conn.execute(due)).all()
                if rows:
                    await conn.execute(
                        sa.update(EmailOutbox)
                        .where(EmailOutbox.id.in_([r.id for r in rows]))
                        .values(volgende_poging_op=now + LEASE, pogingen=EmailOutbox.pogingen + 1)
                    )
        return [_Mail(r.id, r.ontvanger, r.onderwerp, r.tekst, r.pogingen + 1) for r in rows]

    async def _send(self, batch: list[_Mail]) -> dict[int, str]:
        """Send over one SMTP connection; the error per row that failed."""
        s = self.settings
        errors: dict[int, str] = {}
        smtp = aiosmtplib.SMTP(
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username,
            password=s.smtp_password,
            start_tls=s.smtp_starttls,
            timeout=s.smtp_timeout_seconds,
        )
        try:
            async with smtp:
                for mail in batch:
                    try:
                        await smtp.send_message(self._message(mail))
                    except aiosmtplib.SMTPException as exc:
                        errors[mail.id] = str(exc)
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            # Could not connect, or the connection broke: every row not sent yet failed.
            for mail in batch:
                errors.setdefault(mail.id, f"{type(exc).__name__}: {exc}")
        return errors

    def _message(self, mail: _Mail) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = self.settings.smtp_from
        msg["To"] = mail.ontvanger
        msg["Subject"] = mail.onderwerp
        msg["Date"] = format_datetime(self.clock())
        # The same id on every try, so a receiving system can drop a repeat.
        domain = self.settings.smtp_from.rpartition("@")[2] or "tvs-gateway"
        msg["Message-ID"] = f"<tvs-outbox-{mail.id}@{domain}>"
        msg.set_content(mail.tekst)
        return msg

    async def _mark(self, batch: list[_Mail], errors: dict[int, str]) -> None:
        now = self.clock()
        sent = [m.id for m in batch if m.id not in errors]
        async with self.engine.connect() as conn:
            await conn.execution_options(**write_options(self.engine))
            async with conn.begin():
                if sent:
                    await conn.execute(
                        sa.update(EmailOutbox)
                        .where(EmailOutbox.id.in_(sent))
                        .values(verzonden_op=now, laatste_fout=None)
                    )
                for mail in batch:
                    if mail.id in errors:
                        await conn.execute(
                            sa.update(EmailOutbox)
                            .where(EmailOutbox.id == mail.id)
                            .values(
                                volgende_poging_op=now + backoff(mail.pogingen, self.settings),
                                laatste_fout=errors[mail.id][:500],
                            )
                        )
        for mail in batch:
            if mail.id in errors:
                log.warning(
                    "mail not delivered; will try again",
                    extra={"outbox_id": mail.id, "pogingen": mail.pogingen, "error": errors[mail.id][:200]},
                )


def start_worker(engine: AsyncEngine, settings: Settings, wakeup: asyncio.Event) -> asyncio.Task[Any] | None:
    """The outbox worker of this process, or None when no SMTP server is configured."""
    if not settings.smtp_host:
        log.info("TVS_SMTP_HOST is not set: e-mails wait in the outbox")
        return None
    return asyncio.create_task(OutboxWorker(engine, settings, wakeup).run(), name="tvs-outbox")
