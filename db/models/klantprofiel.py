"""Consent (Toestemmingsverklaring) history and the klantprofiel versions COA sends.

Both belong to one person: a vergunninghouder or a nareiziger (exactly one of the two keys).
Rows are never changed or deleted: the migration installs triggers that refuse it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.enums import ToestemmingSoort
from db.models.base import Base, JSONDocument, UTCDateTime, enum_column_type, utcnow

_EEN_PERSOON = "(vergunninghouder_id IS NULL) <> (nareiziger_id IS NULL)"


class Toestemming(Base):
    """One event in a person's consent history; the current state is the latest event."""

    __tablename__ = "toestemming"
    __table_args__ = (
        sa.CheckConstraint(_EEN_PERSOON, name="een_persoon"),
        sa.Index("ix_toestemming_vergunninghouder_laatste", "vergunninghouder_id", "id"),
        sa.Index("ix_toestemming_nareiziger_laatste", "nareiziger_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vergunninghouder_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("vergunninghouder.id", ondelete="CASCADE")
    )
    nareiziger_id: Mapped[int | None] = mapped_column(sa.ForeignKey("nareiziger.id", ondelete="CASCADE"))
    soort: Mapped[ToestemmingSoort] = mapped_column(enum_column_type(ToestemmingSoort, "toestemmingsoort"))
    #: The date on the signed declaration, or of the withdrawal.
    datum: Mapped[date] = mapped_column(sa.Date)
    vastgelegd_op: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    vastgelegd_door_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("account.id", ondelete="SET NULL"), index=True
    )


class Klantprofiel(Base):
    """One immutable version of a person's klantprofiel, as the casemanager sent it."""

    __tablename__ = "klantprofiel"
    __table_args__ = (
        sa.CheckConstraint(_EEN_PERSOON, name="een_persoon"),
        sa.CheckConstraint("versie >= 1", name="versie_positief"),
        sa.UniqueConstraint("vergunninghouder_id", "versie"),
        sa.UniqueConstraint("nareiziger_id", "versie"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vergunninghouder_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("vergunninghouder.id", ondelete="CASCADE")
    )
    nareiziger_id: Mapped[int | None] = mapped_column(sa.ForeignKey("nareiziger.id", ondelete="CASCADE"))
    versie: Mapped[int] = mapped_column(sa.Integer)
    verzonden_op: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    verzonden_door_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("account.id", ondelete="SET NULL"), index=True
    )
    persoonlijk: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    familie: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    status: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    inburgering: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    educatie: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    arbeid: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    ambities: Mapped[str | None] = mapped_column(sa.Text)
    coa_naam: Mapped[str] = mapped_column(sa.String(200))
    coa_email: Mapped[str] = mapped_column(sa.String(254))
