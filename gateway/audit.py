"""The access log: who saw which person's data, when, for what purpose.

During a request every place that returns a person's data calls :meth:`AuditLog.shown`; refused
operations call :meth:`AuditLog.refused`, writes :meth:`AuditLog.changed`. :meth:`AuditLog.flush`
writes one record per person per request, in one INSERT (one audit_event row holding every
person of the request: db/models/audit.py), before the response leaves; if that fails the
response carries no data.

The V-nummer is stored pseudonymised: a key from a keyed HMAC (the index "who saw this person"
uses) and the V-nummer itself under AES-256-GCM, so the FG can read it back. Records are
append-only (database triggers refuse UPDATE and DELETE).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.enums import AuditResultaat
from db.enums import Gegevensgroep as G
from db.models import AuditEvent
from db.models.base import utcnow
from gateway import policy
from gateway.auth import Principal
from gateway.keys import AuditKeys
from gateway.metrics import AUDIT_RECORDS
from gateway.reader import Reader

_AAD = b"tvs-audit-v1"
_TRACEPARENT = re.compile(r"00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}")


class AuditCipher:
    """HMAC index and authenticated encryption of V-nummers."""

    def __init__(self, keys: AuditKeys) -> None:
        # Keyed once; each V-nummer continues from a copy (a 1,000-row export logs 1,000 people).
        self._hmac = hmac.new(keys.hmac_key, digestmod=hashlib.sha256)
        self._aead = AESGCM(keys.encryption_key)

    def index(self, v_nummer: str) -> int:
        """The person's key in the log: the first 64 bits of HMAC-SHA256(key, V-nummer), signed
        (a PostgreSQL bigint). A collision of two V-nummers' keys is a 1 in 2^64 chance; the FG's
        lookup reads the records' V-nummers back, so it could not mix two people up unseen."""
        h = self._hmac.copy()
        h.update(v_nummer.encode())
        return int.from_bytes(h.digest()[:8], "big", signed=True)

    def encrypt(self, v_nummer: str) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, v_nummer.encode(), _AAD)

    def keys_and_blobs(self, v_nummers: Sequence[str]) -> tuple[list[int], list[bytes]]:
        """`index` and `encrypt` of many V-nummers at once (one export logs a thousand): the
        nonces come from one call to the operating system, and the loop stays in local names."""
        nonces = os.urandom(12 * len(v_nummers))
        copy = self._hmac.copy
        seal = self._aead.encrypt
        from_bytes = int.from_bytes
        keys: list[int] = []
        blobs: list[bytes] = []
        for i, v in enumerate(v_nummers):
            raw = v.encode()
            h = copy()
            h.update(raw)
            keys.append(from_bytes(h.digest()[:8], "big", signed=True))
            nonce = nonces[12 * i : 12 * i + 12]
            blobs.append(nonce + seal(nonce, raw, _AAD))
        return keys, blobs

    def decrypt(self, blob: bytes) -> str:
        return self._aead.decrypt(blob[:12], blob[12:], _AAD).decode()


@dataclass(frozen=True, slots=True)
class TraceContext:
    """W3C trace context: taken from `traceparent` when sent, else made."""

    trace_id: str
    span_id: str

    @classmethod
    def from_header(cls, traceparent: str | None) -> TraceContext:
        if traceparent:
            m = _TRACEPARENT.fullmatch(traceparent.strip().lower())
            if m and m.group(1) != "0" * 32:
                return cls(trace_id=m.group(1), span_id=secrets.token_hex(8))
        return cls(trace_id=secrets.token_hex(16), span_id=secrets.token_hex(8))

    @property
    def traceparent(self) -> str:
        return f"00-{self.trace_id}-{self.span_id}-01"


@dataclass
class _Entry:
    groups: set[G] = field(default_factory=set)
    resultaat: AuditResultaat = AuditResultaat.GETOOND
    handeling: str | None = None


def _joined(groups: Iterable[G]) -> str:
    return ",".join(sorted(g.value for g in groups))


@functools.lru_cache(maxsize=256)
def joined(groups: frozenset[G]) -> str:
    """The stored form of a set of groups (there are only a few distinct sets)."""
    return _joined(groups)


class AuditWriteFailed(Exception):
    """The access log could not be written: no personal data may leave."""


class AuditLog:
    """The access-log records of one request."""

    def __init__(self, principal: Principal, trace: TraceContext, operatie: str | None) -> None:
        self.principal = principal
        self.trace = trace
        self.operatie = operatie
        self._shown: dict[str, set[G]] = {}
        self._other: list[tuple[str | None, _Entry]] = []

    def shown(self, v_nummer: str, groups: Iterable[G]) -> None:
        """`v_nummer`'s data left the gateway, from these groups (ungrouped fields add none)."""
        current = self._shown.get(v_nummer)
        if current is None:
            self._shown[v_nummer] = set(groups)
        else:
            current.update(groups)

    def refused(self, v_nummers: Iterable[str | None], groups: Iterable[G]) -> None:
        """A refused operation: one record per person it named, or one without a person."""
        group_set = set(groups)
        for v in set(v_nummers) or {None}:
            self._other.append((v, _Entry(groups=group_set, resultaat=AuditResultaat.GEWEIGERD)))

    def changed(self, v_nummer: str | None, handeling: str, groups: Iterable[G] = ()) -> None:
        """A write by this account ("contactpersoon 12 verwijderd", "klantprofiel versie 3 verzonden")."""
        self._other.append(
            (v_nummer, _Entry(groups=set(groups), resultaat=AuditResultaat.GEWIJZIGD, handeling=handeling))
        )

    def discard_shown(self) -> None:
        """The response will carry no data after all (an error replaced it)."""
        self._shown.clear()

    @property
    def persons_shown(self) -> dict[str, frozenset[G]]:
        return {v: frozenset(groups) for v, groups in self._shown.items()}

    def __len__(self) -> int:
        return len(self._shown) + len(self._other)

    def events(self, cipher: AuditCipher, now: datetime | None = None) -> list[dict[str, object]]:
        """The rows of audit_event: one for everyone shown, one for each refusal or write."""
        now = now or utcnow()
        p = self.principal
        base = {
            "tijdstip": now,
            "trace_id": self.trace.trace_id,
            "gebruikersnaam": p.gebruikersnaam,
            "rol": p.rol.value,
            "verwerkingsactiviteit": policy.VERWERKINGSACTIVITEIT[p.rol],
            "operatie": (self.operatie or "")[:200] or None,
        }

        def event(
            persons: Sequence[tuple[str, Iterable[G]]],
            groups: Iterable[G],
            resultaat: AuditResultaat,
            handeling: str | None,
        ) -> dict[str, object]:
            keys, blobs = cipher.keys_and_blobs([v for v, _ in persons])
            return {
                **base,
                "resultaat": resultaat.value,
                "handeling": handeling,
                "groepen": "" if persons else _joined(groups),
                "sleutels": keys,
                "persoon_groepen": [joined(frozenset(g)) for _, g in persons],
                "versleuteld": blobs,
            }

        out = []
        if self._shown:
            out.append(event(list(self._shown.items()), (), AuditResultaat.GETOOND, None))
        for v_nummer, entry in self._other:
            persons = [(v_nummer, entry.groups)] if v_nummer else []
            out.append(event(persons, entry.groups, entry.resultaat, entry.handeling))
        return out

    def _insert(self, cipher: AuditCipher) -> tuple[Any, Any]:
        """The one statement that stores this request's log, and its parameters."""
        return sa.insert(AuditEvent), self.events(cipher)

    async def write(self, conn: AsyncConnection, cipher: AuditCipher) -> int:
        """Insert the records on `conn` (inside the caller's transaction), in one statement."""
        count = len(self)
        if count:
            statement, params = self._insert(cipher)
            await conn.execute(statement, params)
        return count

    async def flush(self, target: AsyncEngine | Reader, cipher: AuditCipher) -> int:
        """Write the records now (over the request's Reader, or in a transaction of their own);
        raises AuditWriteFailed if that fails."""
        if not len(self):
            return 0
        try:
            if isinstance(target, Reader):
                written = len(self)
                statement, params = self._insert(cipher)
                await target.write(statement, params)
            else:
                async with target.begin() as conn:
                    written = await self.write(conn, cipher)
        except Exception as exc:
            raise AuditWriteFailed(str(exc)) from exc
        AUDIT_RECORDS.inc(written)
        self._shown.clear()
        self._other.clear()
        return written
