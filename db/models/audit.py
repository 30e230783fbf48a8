"""The access log (Logboek Dataverwerkingen-style). Append-only: triggers refuse UPDATE and DELETE."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.enums import AuditResultaat, Rol
from db.models.base import Base, BigIntKey, UTCDateTime, enum_column_type


class AuditRecord(Base):
    __tablename__ = "audit_record"
    __table_args__ = (
        sa.Index("ix_audit_record_persoon", "v_nummer_hmac", "id"),
        sa.Index("ix_audit_record_gebruiker", "gebruikersnaam", "id"),
    )

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    tijdstip: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    trace_id: Mapped[str] = mapped_column(sa.String(32), index=True)
    gebruikersnaam: Mapped[str] = mapped_column(sa.String(254))
    rol: Mapped[Rol] = mapped_column(enum_column_type(Rol, "rol"))
    verwerkingsactiviteit: Mapped[str] = mapped_column(sa.String(200))
    operatie: Mapped[str | None] = mapped_column(sa.String(200))
    #: Keyed HMAC-SHA256 of the V-nummer: the index for "who saw this person".
    v_nummer_hmac: Mapped[str | None] = mapped_column(sa.String(64))
    #: The V-nummer under AES-256-GCM (nonce || ciphertext), so the FG can read it back.
    v_nummer_versleuteld: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    #: Sorted, comma-separated Gegevensgroep names.
    gegevensgroepen: Mapped[str] = mapped_column(sa.String(300), default="")
    resultaat: Mapped[AuditResultaat] = mapped_column(enum_column_type(AuditResultaat, "auditresultaat"))
    #: For writes: what the account did ("klantprofiel versie 3 verzonden").
    handeling: Mapped[str | None] = mapped_column(sa.String(500))
