"""Reference data: arbeidsmarktregio's, COA's uitplaatsingsregio's and gemeenten, with taakstelling."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base


class Arbeidsmarktregio(Base):
    __tablename__ = "arbeidsmarktregio"
    __table_args__ = (sa.CheckConstraint("length(code) = 4", name="code_formaat"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(4), unique=True)  # AM13
    naam: Mapped[str] = mapped_column(sa.String(100))

    gemeenten: Mapped[list[Gemeente]] = relationship(back_populates="arbeidsmarktregio", lazy="raise")


class Uitplaatsingsregio(Base):
    __tablename__ = "uitplaatsingsregio"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)  # MIDDEN
    naam: Mapped[str] = mapped_column(sa.String(100), unique=True)
    #: CBS provincie codes (PV26;PV27), the provinces this region covers.
    provincies: Mapped[str] = mapped_column(sa.String(100))

    gemeenten: Mapped[list[Gemeente]] = relationship(back_populates="uitplaatsingsregio", lazy="raise")
    regievoerders: Mapped[list[Regievoerder]] = relationship(lazy="raise")


class Regievoerder(Base):
    """COA's regievoerder: a gemeente's contact at COA for koppeling (TVS start page)."""

    __tablename__ = "regievoerder"

    id: Mapped[int] = mapped_column(primary_key=True)
    uitplaatsingsregio_id: Mapped[int] = mapped_column(
        sa.ForeignKey("uitplaatsingsregio.id", ondelete="CASCADE"), index=True
    )
    naam: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    telefoonnummer: Mapped[str | None] = mapped_column(sa.String(20))


class Gemeente(Base):
    __tablename__ = "gemeente"
    __table_args__ = (sa.CheckConstraint("length(code) = 6", name="code_formaat"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(6), unique=True)  # CBS gemeentecode, GM0344
    naam: Mapped[str] = mapped_column(sa.String(100), unique=True)
    provincie: Mapped[str] = mapped_column(sa.String(4))  # PV26
    inwoners: Mapped[int | None] = mapped_column(sa.Integer)
    arbeidsmarktregio_id: Mapped[int] = mapped_column(sa.ForeignKey("arbeidsmarktregio.id"), index=True)
    uitplaatsingsregio_id: Mapped[int] = mapped_column(sa.ForeignKey("uitplaatsingsregio.id"), index=True)

    arbeidsmarktregio: Mapped[Arbeidsmarktregio] = relationship(back_populates="gemeenten", lazy="raise")
    uitplaatsingsregio: Mapped[Uitplaatsingsregio] = relationship(back_populates="gemeenten", lazy="raise")


class Taakstelling(Base):
    """The half-year housing quota (opgave) set for a gemeente; the rest is computed from the data."""

    __tablename__ = "taakstelling"
    __table_args__ = (
        sa.UniqueConstraint("gemeente_id", "periode"),
        sa.CheckConstraint("opgave >= 0", name="opgave_niet_negatief"),
        sa.CheckConstraint("length(periode) = 7", name="periode_formaat"),  # 2026-H2
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id", ondelete="CASCADE"), index=True)
    periode: Mapped[str] = mapped_column(sa.String(7), index=True)
    opgave: Mapped[int] = mapped_column(sa.Integer)
