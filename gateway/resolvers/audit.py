"""The FG's view of the access log: filter by person (through the HMAC index), account and time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

from db.enums import Gegevensgroep as G
from db.models import AuditRecord
from gateway import identifiers, policy
from gateway.errors import ValidationFailed
from gateway.resolvers.paging import Ordering, Page, SortKey, fetch_page

if TYPE_CHECKING:
    from gateway.context import Context

#: Newest request first, its persons in the order they were logged. The event id leads, so
#: PostgreSQL walks audit_event's primary key backwards and unnests only what the page needs.
ORDERING = Ordering(
    name="NIEUWSTE",
    keys=(
        SortKey(AuditRecord.event_id, descending=True, kind="int"),
        SortKey(AuditRecord.positie, kind="int"),
    ),
)
COLUMNS = tuple(AuditRecord.__table__.c)


def audit_where(ctx: Context, f: Any) -> list[Any]:
    where: list[Any] = [policy.scope(ctx.principal, AuditRecord)]
    if f is not None:
        if f.v_nummer is not None:
            if not identifiers.is_v_nummer(f.v_nummer):
                raise ValidationFailed({"filter.vNummer": "een V-nummer heeft 10 cijfers"})
            key = ctx.audit_cipher.index(f.v_nummer)
            where.append(AuditRecord.v_nummer_hmac == key)
            if ctx.engine.dialect.name == "postgresql":
                # The same condition on the event's key list, which the GIN index answers.
                where.append(AuditRecord.sleutels.op("@>")(sa.bindparam(None, [key], ARRAY(sa.BigInteger()))))
        if f.gebruikersnaam is not None:
            where.append(AuditRecord.gebruikersnaam == f.gebruikersnaam.lower())
        if f.vanaf is not None:
            where.append(AuditRecord.tijdstip >= f.vanaf)
        if f.tot is not None:
            where.append(AuditRecord.tijdstip < f.tot)
    return where


async def resolve_audit_log(ctx: Context, f: Any, first: int, after: str | None) -> Page:
    return await fetch_page(ctx.reader, COLUMNS, audit_where(ctx, f), ORDERING, first, after)


def decrypt_v_nummer(ctx: Context, row: Any) -> str | None:
    """The FG reads the V-nummer back; reading it is itself logged (group AUDIT)."""
    if row.v_nummer_versleuteld is None:
        return None
    v_nummer = ctx.audit_cipher.decrypt(row.v_nummer_versleuteld)
    ctx.audit.shown(v_nummer, {G.AUDIT})
    return v_nummer


def groups_of(row: Any) -> list[G]:
    return [G(g) for g in row.gegevensgroepen.split(",") if g]
