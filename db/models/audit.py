"""The access log (Logboek Dataverwerkingen-style). Append-only: triggers refuse UPDATE and DELETE.

Stored as one row per request and result (`audit_event`): who, when, why, which operation, and
for each person whose data it concerned, at the same position in three lists, the person's key
(the first 64 bits of a keyed HMAC of the V-nummer: the index "who saw this person" uses, GIN on
PostgreSQL), the V-nummer under AES-256-GCM (so the FG can read it back) and the groups. A
1,000-row export is one row and one index entry per person, where a row per person cost a heap
tuple and four B-tree entries each.

Read as one record per person through the view `audit_record` (created by the migrations; mapped
here on metadata of its own, so Alembic neither creates nor compares it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.enums import AuditResultaat, Rol
from db.models.base import Base, BigIntKey, UTCDateTime, enum_column_type


class BlobList(sa.TypeDecorator[list[bytes]]):
    """A list of byte strings: bytea[] on PostgreSQL, a JSON list of hex strings on SQLite."""

    impl = sa.JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> Any:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(ARRAY(sa.LargeBinary()))
        return dialect.type_descriptor(sa.JSON())

    def process_bind_param(self, value: list[bytes] | None, dialect: sa.Dialect) -> Any:
        if value is None or dialect.name == "postgresql":
            return value
        return [b.hex() for b in value]

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> list[bytes] | None:
        if value is None or dialect.name == "postgresql":
            return value  # type: ignore[no-any-return]
        return [bytes.fromhex(h) for h in value]


class HexBytes(sa.TypeDecorator[bytes]):
    """bytea on PostgreSQL; on SQLite the view hands out the hex text of BlobList: read as bytes."""

    impl = sa.LargeBinary
    cache_ok = True

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> bytes | None:
        return bytes.fromhex(value) if isinstance(value, str) else value


#: 64-bit person keys: bigint[] (GIN) on PostgreSQL, a JSON list on SQLite.
KeyList: Any = sa.JSON().with_variant(ARRAY(sa.BigInteger()), "postgresql")
#: Per-person group lists ("BASIS,BSN"): varchar[] on PostgreSQL, a JSON list on SQLite.
TextList: Any = sa.JSON().with_variant(ARRAY(sa.String()), "postgresql")


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (
        sa.Index("ix_audit_event_gebruiker", "gebruikersnaam", "id"),
        sa.Index("ix_audit_event_sleutels", "sleutels", postgresql_using="gin").ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    tijdstip: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    trace_id: Mapped[str] = mapped_column(sa.String(32), index=True)
    gebruikersnaam: Mapped[str] = mapped_column(sa.String(254))
    rol: Mapped[Rol] = mapped_column(enum_column_type(Rol, "rol"))
    verwerkingsactiviteit: Mapped[str] = mapped_column(sa.String(200))
    operatie: Mapped[str | None] = mapped_column(sa.String(200))
    resultaat: Mapped[AuditResultaat] = mapped_column(enum_column_type(AuditResultaat, "auditresultaat"))
    #: For writes: what the account did ("klantprofiel versie 3 verzonden").
    handeling: Mapped[str | None] = mapped_column(sa.String(500))
    #: The groups, for a record that names no person (a refused operation).
    groepen: Mapped[str] = mapped_column(sa.String(300), default="")
    sleutels: Mapped[list[int]] = mapped_column(KeyList)
    persoon_groepen: Mapped[list[str]] = mapped_column(TextList)
    versleuteld: Mapped[list[bytes]] = mapped_column(BlobList)


class _View(DeclarativeBase):
    metadata = sa.MetaData()


class AuditRecord(_View):
    """One access to one person's data: a row of the view `audit_record` (read-only)."""

    __tablename__ = "audit_record"

    #: event id * 1,000,000 + position: unique per record.
    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.BigInteger)
    #: The person's position in the event (1-based); 0 for a record that names no person.
    positie: Mapped[int] = mapped_column(sa.Integer)
    tijdstip: Mapped[datetime] = mapped_column(UTCDateTime)
    trace_id: Mapped[str] = mapped_column(sa.String(32))
    gebruikersnaam: Mapped[str] = mapped_column(sa.String(254))
    rol: Mapped[Rol] = mapped_column(enum_column_type(Rol, "rol"))
    verwerkingsactiviteit: Mapped[str] = mapped_column(sa.String(200))
    operatie: Mapped[str | None] = mapped_column(sa.String(200))
    #: The person's key: the first 64 bits of HMAC-SHA256(key, V-nummer), as a signed integer.
    v_nummer_hmac: Mapped[int | None] = mapped_column(sa.BigInteger)
    #: The V-nummer under AES-256-GCM (nonce || ciphertext).
    v_nummer_versleuteld: Mapped[bytes | None] = mapped_column(HexBytes)
    #: Sorted, comma-separated Gegevensgroep names.
    gegevensgroepen: Mapped[str] = mapped_column(sa.String(300))
    resultaat: Mapped[AuditResultaat] = mapped_column(enum_column_type(AuditResultaat, "auditresultaat"))
    handeling: Mapped[str | None] = mapped_column(sa.String(500))
    #: All person keys of the record's event: lets PostgreSQL use the GIN index under the view.
    sleutels: Mapped[list[int]] = mapped_column(KeyList)


VIEW_SQL = {
    "postgresql": """
        CREATE VIEW audit_record AS
        SELECT e.id * 1000000 + COALESCE(p.positie, 0) AS id,
               e.id AS event_id,
               COALESCE(p.positie, 0)::integer AS positie,
               e.tijdstip, e.trace_id, e.gebruikersnaam, e.rol, e.verwerkingsactiviteit, e.operatie,
               p.sleutel AS v_nummer_hmac,
               e.versleuteld[p.positie] AS v_nummer_versleuteld,
               COALESCE(e.persoon_groepen[p.positie], e.groepen) AS gegevensgroepen,
               e.resultaat, e.handeling, e.sleutels
        FROM audit_event e
        LEFT JOIN LATERAL unnest(e.sleutels) WITH ORDINALITY AS p(sleutel, positie) ON true
    """,
    "sqlite": """
        CREATE VIEW audit_record AS
        SELECT e.id * 1000000 + COALESCE(p.key + 1, 0) AS id,
               e.id AS event_id,
               COALESCE(p.key + 1, 0) AS positie,
               e.tijdstip, e.trace_id, e.gebruikersnaam, e.rol, e.verwerkingsactiviteit, e.operatie,
               p.value AS v_nummer_hmac,
               json_extract(e.versleuteld, '$[' || p.key || ']') AS v_nummer_versleuteld,
               COALESCE(json_extract(e.persoon_groepen, '$[' || p.key || ']'), e.groepen) AS gegevensgroepen,
               e.resultaat, e.handeling, e.sleutels
        FROM audit_event e
        LEFT JOIN json_each(e.sleutels) AS p
    """,
}
