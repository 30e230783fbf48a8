"""The demo people the download tests need, found by their state rather than by id, and helpers
to fetch a download and read what it holds."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from typing import Any

import httpx
import sqlalchemy as sa
from pypdf import PdfReader

from db.enums import ToestemmingSoort
from db.models import AuditRecord, Gemeente, Klantprofiel, Plaatsingseenheid, Toestemming, Vergunninghouder
from tests.conftest import Api

VH = Vergunninghouder
LAATSTE_TOESTEMMING = (
    sa.select(Toestemming.soort)
    .where(Toestemming.vergunninghouder_id == VH.id)
    .order_by(Toestemming.id.desc())
    .limit(1)
    .scalar_subquery()
)
LAATSTE_VERSIE = (
    sa.select(sa.func.coalesce(sa.func.max(Klantprofiel.versie), 0))
    .where(Klantprofiel.vergunninghouder_id == VH.id)
    .scalar_subquery()
)


async def persoon(api: Api, gemeente: str, toestemming: ToestemmingSoort | None, versies: Any = None) -> Any:
    """A vergunninghouder of `gemeente` with this consent state and `versies` (a condition on the
    latest version number, e.g. ``LAATSTE_VERSIE >= 2``)."""
    consent = LAATSTE_TOESTEMMING.is_(None) if toestemming is None else toestemming == LAATSTE_TOESTEMMING
    stmt = (
        sa.select(VH)
        .join(Gemeente, Gemeente.id == VH.gekoppelde_gemeente_id)
        .where(Gemeente.code == gemeente, consent, *([versies] if versies is not None else []))
        .order_by(VH.id)
        .limit(1)
    )
    rows = await api.rows(stmt)
    assert rows, f"the seed has no such person in {gemeente}"
    return rows[0]


async def profiel(api: Api, vh_id: int, versie: int | None = None) -> Any:
    """A klantprofiel row (the latest when `versie` is None)."""
    stmt = sa.select(Klantprofiel).where(Klantprofiel.vergunninghouder_id == vh_id)
    stmt = stmt.where(Klantprofiel.versie == versie) if versie else stmt.order_by(Klantprofiel.versie.desc())
    return (await api.rows(stmt.limit(1)))[0]


async def ple_nummer(api: Api, gemeente: str, min_leden: int = 1) -> str:
    """The plaatsingseenheid of `gemeente` with at least `min_leden` members (the lowest number)."""
    leden = (
        sa.select(sa.func.count()).where(VH.plaatsingseenheid_id == Plaatsingseenheid.id).scalar_subquery()
    )
    stmt = (
        sa.select(Plaatsingseenheid.ple_nummer)
        .join(Gemeente, Gemeente.id == Plaatsingseenheid.gekoppelde_gemeente_id)
        .where(Gemeente.code == gemeente, leden >= min_leden)
        .order_by(Plaatsingseenheid.id)
        .limit(1)
    )
    return str(await api.scalar(stmt))


@dataclass
class Opgehaald:
    response: httpx.Response
    trace_id: str

    @property
    def status(self) -> int:
        return self.response.status_code

    async def audit(self, api: Api) -> list[Any]:
        return await api.rows(sa.select(AuditRecord).where(AuditRecord.trace_id == self.trace_id))


async def ophalen(api: Api, user: str | None, path: str) -> Opgehaald:
    """GET a download as `user`, with a trace id of its own so its access-log records can be found."""
    trace_id = secrets.token_hex(16)
    headers = {**api.headers(user), "traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"}
    return Opgehaald(await api.client.get(path, headers=headers), trace_id)


def pdf_tekst(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def in_volgorde(tekst: str, *delen: str) -> bool:
    """Whether every part occurs in `tekst`, each after the one before."""
    positie = 0
    for deel in delen:
        positie = tekst.find(deel, positie)
        if positie < 0:
            return False
        positie += len(deel)
    return True
