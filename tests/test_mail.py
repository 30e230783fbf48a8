"""Notification e-mails: written to the outbox with the notification, delivered to a real local
SMTP server (aiosmtpd), retried with a doubling backoff when the server is down, never dropped,
and carrying no personal data beyond the kind and a link."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from db.models import Contactpersoon, EmailOutbox, Gemeente, Vergunninghouder
from gateway.mail import OutboxWorker
from tests import people
from tests.conftest import Api, make_settings, open_api
from tests.net import free_port
from tests.test_klantprofiel_verzenden import VERZENDEN, profiel


class Inbox:
    """What the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"


def start_smtp(port: int) -> tuple[Controller, Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    port = free_port()
    controller, inbox = start_smtp(port)
    yield port, inbox
    controller.stop()


async def kiezers(api: Api) -> set[str]:
    """The e-mail addresses of Utrecht's contacts who chose KLANTPROFIEL notifications."""
    rows = await api.rows(
        sa.select(Contactpersoon.email)
        .join(Gemeente, Gemeente.id == Contactpersoon.gemeente_id)
        .where(Gemeente.code == "GM0344", Contactpersoon.notificatie_klantprofiel.is_(True))
    )
    return {r.email for r in rows}


async def test_a_sent_klantprofiel_reaches_the_contacts_inbox_without_personal_data(
    fresh_db_url: str, key_dir: Path, smtp: tuple[int, Inbox]
) -> None:
    port, inbox = smtp
    settings = make_settings(
        fresh_db_url, key_dir, smtp_host="127.0.0.1", smtp_port=port, outbox_poll_seconds=5
    )
    async for api in open_api(settings):
        v = await people.vergunninghouder(api, "GM0344", "VERLEEND", versies=False)
        await api.data("casemanager", VERZENDEN, {"v": v, "input": profiel()})
        expected = await kiezers(api)
        # The commit wakes the worker; this waits for the mail, it does not time anything.
        for _ in range(200):
            if len(inbox.messages) >= len(expected):
                break
            await asyncio.sleep(0.05)
        assert {r for rcpts, _ in inbox.messages for r in rcpts} == expected
        person = (await api.rows(sa.select(Vergunninghouder).where(Vergunninghouder.v_nummer == v)))[0]
        for _, message in inbox.messages:
            assert message["Subject"] == "TVS: nieuw klantprofiel"
            assert message["From"] == settings.smtp_from
            body = message.get_payload(decode=True).decode()
            assert settings.public_url in body
            for personal in (v, person.voornamen, person.achternaam, person.bsn, "elektricien", "Mirjam"):
                assert personal is None or personal.lower() not in body.lower()
        unsent = await api.scalar(sa.select(sa.func.count()).where(EmailOutbox.verzonden_op.is_(None)))
        assert unsent == 0


async def test_a_failed_delivery_is_retried_with_backoff_and_never_lost(
    fresh_api: Api, key_dir: Path
) -> None:
    v = await people.vergunninghouder(fresh_api, "GM0344", "VERLEEND", versies=False)
    await fresh_api.data("casemanager", VERZENDEN, {"v": v, "input": profiel()})
    expected = await kiezers(fresh_api)
    port = free_port()  # nothing listens here yet
    settings = make_settings("sqlite+aiosqlite:///unused.db", key_dir, smtp_host="127.0.0.1", smtp_port=port)
    now = [datetime.now(UTC) + timedelta(seconds=1)]
    worker = OutboxWorker(fresh_api.engine, settings, clock=lambda: now[0])

    async def outbox() -> list[Any]:
        return list(await fresh_api.rows(sa.select(EmailOutbox).order_by(EmailOutbox.id)))

    assert await worker.deliver_due() == len(expected)
    rows = await outbox()
    assert all(r.verzonden_op is None and r.pogingen == 1 and r.laatste_fout for r in rows)
    assert {r.volgende_poging_op for r in rows} == {now[0] + timedelta(seconds=30)}
    assert await worker.deliver_due() == 0  # not due yet

    now[0] += timedelta(seconds=30)
    assert await worker.deliver_due() == len(expected)
    assert {r.volgende_poging_op for r in await outbox()} == {now[0] + timedelta(seconds=60)}  # doubled

    controller, inbox = start_smtp(port)
    try:
        now[0] += timedelta(seconds=60)
        assert await worker.deliver_due() == len(expected)
    finally:
        controller.stop()
    assert {r for rcpts, _ in inbox.messages for r in rcpts} == expected
    rows = await outbox()
    assert all(r.verzonden_op == now[0] and r.pogingen == 3 and r.laatste_fout is None for r in rows)
    # Each mail keeps one Message-ID across tries, so a receiver can drop a repeat.
    assert len({m["Message-ID"] for _, m in inbox.messages}) == len(expected)
