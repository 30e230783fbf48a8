"""Nareizigers: family members still travelling (family reunification), each with a referent."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.enums import Geslacht, MvvStap, RelatieTotReferent, WoningcheckResultaat
from db.models.base import Base, SortableName, UTCDateTime, enum_column_type, utcnow


class Nareiziger(Base):
    __tablename__ = "nareiziger"
    __table_args__ = (
        sa.CheckConstraint("length(v_nummer) = 10", name="v_nummer_formaat"),
        sa.CheckConstraint(
            "(mvv_stap = 'GEHUISVEST') = (gehuisvest_op IS NOT NULL)", name="gehuisvest_datum"
        ),
        sa.Index("ix_nareiziger_gemeente_achternaam", "gekoppelde_gemeente_id", "achternaam", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    v_nummer: Mapped[str] = mapped_column(sa.String(10), unique=True)
    voornamen: Mapped[str] = mapped_column(sa.String(200))
    achternaam: Mapped[str] = mapped_column(SortableName)
    geslacht: Mapped[Geslacht] = mapped_column(enum_column_type(Geslacht, "geslacht"))
    geboortedatum: Mapped[date | None] = mapped_column(sa.Date)
    nationaliteit: Mapped[str | None] = mapped_column(sa.String(100))
    relatie_tot_referent: Mapped[RelatieTotReferent] = mapped_column(
        enum_column_type(RelatieTotReferent, "relatietotreferent")
    )
    referent_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vergunninghouder.id", ondelete="CASCADE"), index=True
    )
    gekoppelde_gemeente_id: Mapped[int | None] = mapped_column(sa.ForeignKey("gemeente.id"), index=True)
    mvv_stap: Mapped[MvvStap] = mapped_column(enum_column_type(MvvStap, "mvvstap"), index=True)
    mvv_stap_sinds: Mapped[date] = mapped_column(sa.Date)
    woningcheck: Mapped[WoningcheckResultaat] = mapped_column(
        enum_column_type(WoningcheckResultaat, "woningcheckresultaat"), index=True
    )
    historisch: Mapped[bool] = mapped_column(sa.Boolean, default=False, index=True)
    gehuisvest_op: Mapped[date | None] = mapped_column(sa.Date, index=True)
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
