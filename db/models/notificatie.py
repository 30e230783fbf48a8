"""Notifications for an account, and the e-mail outbox that delivers them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.enums import NotificatieSoort
from db.models.base import Base, BigIntKey, UTCDateTime, enum_column_type, utcnow


class Notificatie(Base):
    __tablename__ = "notificatie"
    __table_args__ = (sa.Index("ix_notificatie_account_nieuwste", "account_id", "id"),)

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("account.id", ondelete="CASCADE"))
    soort: Mapped[NotificatieSoort] = mapped_column(enum_column_type(NotificatieSoort, "notificatiesoort"))
    onderwerp: Mapped[str] = mapped_column(sa.String(300))
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    gelezen_op: Mapped[datetime | None] = mapped_column(UTCDateTime)
    vergunninghouder_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("vergunninghouder.id", ondelete="SET NULL"), index=True
    )
    nareiziger_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("nareiziger.id", ondelete="SET NULL"), index=True
    )


class EmailOutbox(Base):
    """Mails written in the same transaction as their notification, delivered by a worker."""

    __tablename__ = "email_outbox"
    __table_args__ = (sa.Index("ix_email_outbox_te_verzenden", "verzonden_op", "volgende_poging_op"),)

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    notificatie_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("notificatie.id", ondelete="SET NULL"), index=True
    )
    ontvanger: Mapped[str] = mapped_column(sa.String(254))
    onderwerp: Mapped[str] = mapped_column(sa.String(300))
    tekst: Mapped[str] = mapped_column(sa.Text)
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    pogingen: Mapped[int] = mapped_column(sa.Integer, default=0)
    volgende_poging_op: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    verzonden_op: Mapped[datetime | None] = mapped_column(UTCDateTime)
    laatste_fout: Mapped[str | None] = mapped_column(sa.Text)
