"""Vergunninghouders and their household (plaatsingseenheid), with huurcontract and forms."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.enums import Fase, FormulierSoort, Geslacht
from db.models.base import Base, SortableName, UTCDateTime, enum_column_type, utcnow


class Plaatsingseenheid(Base):
    """A household placed together (PLE); its members are vergunninghouders."""

    __tablename__ = "plaatsingseenheid"

    id: Mapped[int] = mapped_column(primary_key=True)
    ple_nummer: Mapped[str] = mapped_column(sa.String(12), unique=True)
    gekoppelde_gemeente_id: Mapped[int | None] = mapped_column(sa.ForeignKey("gemeente.id"), index=True)
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Vergunninghouder(Base):
    __tablename__ = "vergunninghouder"
    __table_args__ = (
        sa.CheckConstraint("length(v_nummer) = 10", name="v_nummer_formaat"),
        sa.CheckConstraint("bsn IS NULL OR length(bsn) = 9", name="bsn_formaat"),
        sa.CheckConstraint(
            "(gekoppelde_gemeente_id IS NULL) = (koppeldatum IS NULL)", name="koppeling_volledig"
        ),
        sa.CheckConstraint(
            "fase = 'VERGUNNING_VERLEEND' OR gekoppelde_gemeente_id IS NOT NULL",
            name="fase_vereist_koppeling",
        ),
        sa.CheckConstraint("(fase = 'GEHUISVEST') = (gehuisvest_op IS NOT NULL)", name="gehuisvest_datum"),
        # Dashboard orderings per gemeente, each with the unique id as tie-break.
        sa.Index("ix_vergunninghouder_gemeente_achternaam", "gekoppelde_gemeente_id", "achternaam", "id"),
        sa.Index("ix_vergunninghouder_achternaam", "achternaam", "id"),
        sa.Index("ix_vergunninghouder_v_nummer_id", "v_nummer", "id"),
        sa.Index("ix_vergunninghouder_koppeldatum", "koppeldatum", "id"),
        sa.Index("ix_vergunninghouder_geboortedatum", "geboortedatum", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    v_nummer: Mapped[str] = mapped_column(sa.String(10), unique=True)
    bsn: Mapped[str | None] = mapped_column(sa.String(9), unique=True)
    voornamen: Mapped[str] = mapped_column(sa.String(200))
    achternaam: Mapped[str] = mapped_column(SortableName)
    geslacht: Mapped[Geslacht] = mapped_column(enum_column_type(Geslacht, "geslacht"), index=True)
    geboortedatum: Mapped[date | None] = mapped_column(sa.Date)
    nationaliteit: Mapped[str | None] = mapped_column(sa.String(100), index=True)
    etniciteit: Mapped[str | None] = mapped_column(sa.String(100), index=True)
    fase: Mapped[Fase] = mapped_column(enum_column_type(Fase, "fase"), index=True)
    gekoppelde_gemeente_id: Mapped[int | None] = mapped_column(sa.ForeignKey("gemeente.id"), index=True)
    koppeldatum: Mapped[date | None] = mapped_column(sa.Date)
    taakstelling_periode: Mapped[str | None] = mapped_column(sa.String(7))
    historisch: Mapped[bool] = mapped_column(sa.Boolean, default=False, index=True)
    geblokkeerd: Mapped[bool] = mapped_column(sa.Boolean, default=False, index=True)
    gesprek_gevoerd: Mapped[bool] = mapped_column(sa.Boolean, default=False, index=True)
    azc_naam: Mapped[str | None] = mapped_column(sa.String(100), index=True)
    azc_plaats: Mapped[str | None] = mapped_column(sa.String(100))
    plaatsingseenheid_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("plaatsingseenheid.id"), index=True
    )
    rolstoeltoegankelijk_nodig: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    medische_urgentie: Mapped[bool | None] = mapped_column(sa.Boolean)
    plaatsingskenmerken_toelichting: Mapped[str | None] = mapped_column(sa.Text)
    #: When the person moved into a house: counts towards that period's taakstelling.
    gehuisvest_op: Mapped[date | None] = mapped_column(sa.Date, index=True)
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Huurcontract(Base):
    __tablename__ = "huurcontract"

    id: Mapped[int] = mapped_column(primary_key=True)
    plaatsingseenheid_id: Mapped[int] = mapped_column(
        sa.ForeignKey("plaatsingseenheid.id", ondelete="CASCADE"), unique=True
    )
    straat: Mapped[str] = mapped_column(sa.String(200))
    huisnummer: Mapped[str] = mapped_column(sa.String(10))
    toevoeging: Mapped[str | None] = mapped_column(sa.String(10))
    postcode: Mapped[str] = mapped_column(sa.String(7))
    plaats: Mapped[str] = mapped_column(sa.String(100))
    ingangsdatum: Mapped[date] = mapped_column(sa.Date)
    verhuurder: Mapped[str] = mapped_column(sa.String(200))


class Formulier(Base):
    """A document form of a plaatsingseenheid. The klantprofiel form is not stored: it follows from
    the members' klantprofielen."""

    __tablename__ = "formulier"
    __table_args__ = (
        sa.UniqueConstraint("plaatsingseenheid_id", "soort"),
        sa.CheckConstraint("soort <> 'KLANTPROFIEL'", name="geen_klantprofiel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plaatsingseenheid_id: Mapped[int] = mapped_column(
        sa.ForeignKey("plaatsingseenheid.id", ondelete="CASCADE"), index=True
    )
    soort: Mapped[FormulierSoort] = mapped_column(enum_column_type(FormulierSoort, "formuliersoort"))
    naam: Mapped[str] = mapped_column(sa.String(100))
    beschrijving: Mapped[str] = mapped_column(sa.String(300))
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
