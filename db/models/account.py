"""Who may log in: accounts, and the gemeenten's contactpersonen (TVS tab 'Profiel')."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.enums import Geslacht, Organisatietype, Rol
from db.models.base import Base, UTCDateTime, enum_column_type, utcnow

GEMEENTE_ROLLEN = (Rol.GEMEENTE_MEDEWERKER, Rol.GEMEENTE_BEHEERDER, Rol.DERDE_PARTIJ)


def _in(column: str, values: tuple[Rol, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class Account(Base):
    """A login. Its scope (gemeente, arbeidsmarktregio or uitplaatsingsregio) follows from its role."""

    __tablename__ = "account"
    __table_args__ = (
        sa.CheckConstraint(
            f"NOT ({_in('rol', GEMEENTE_ROLLEN)}) OR gemeente_id IS NOT NULL", name="gemeente_rol"
        ),
        sa.CheckConstraint("rol <> 'ARBEIDSMARKTREGIO' OR arbeidsmarktregio_id IS NOT NULL", name="amr_rol"),
        sa.CheckConstraint(
            "rol <> 'COA_REGIEVOERDER' OR uitplaatsingsregio_id IS NOT NULL", name="regio_rol"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Login name, lower case (an e-mail address); the `sub` of its tokens.
    gebruikersnaam: Mapped[str] = mapped_column(sa.String(254), unique=True)
    naam: Mapped[str] = mapped_column(sa.String(200))
    rol: Mapped[Rol] = mapped_column(enum_column_type(Rol, "rol"), index=True)
    gemeente_id: Mapped[int | None] = mapped_column(sa.ForeignKey("gemeente.id"), index=True)
    arbeidsmarktregio_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("arbeidsmarktregio.id"), index=True
    )
    uitplaatsingsregio_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("uitplaatsingsregio.id"), index=True
    )
    #: False once the account's contactpersoon is removed; it then cannot log in again.
    actief: Mapped[bool] = mapped_column(sa.Boolean, default=True, server_default=sa.true())
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Contactpersoon(Base):
    """A gemeente's contact in TVS. With `mag_inloggen` it has an Account (medewerker, beheerder or,
    for another organisation, DERDE_PARTIJ)."""

    __tablename__ = "contactpersoon"
    __table_args__ = (
        # The gemeente records its legal basis before a contact of another organisation gets access.
        sa.CheckConstraint(
            "organisatietype = 'GEMEENTE' OR (grondslag IS NOT NULL AND length(trim(grondslag)) > 0)",
            name="grondslag_derde",
        ),
        sa.CheckConstraint("NOT mag_inloggen OR account_id IS NOT NULL", name="login_account"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("account.id", ondelete="SET NULL"), unique=True
    )
    naam: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)  # stored lower case
    telefoonnummer: Mapped[str | None] = mapped_column(sa.String(20))
    faxnummer: Mapped[str | None] = mapped_column(sa.String(20))
    geslacht: Mapped[Geslacht | None] = mapped_column(enum_column_type(Geslacht, "geslacht"))
    organisatietype: Mapped[Organisatietype] = mapped_column(
        enum_column_type(Organisatietype, "organisatietype")
    )
    organisatie: Mapped[str] = mapped_column(sa.String(200))
    straat: Mapped[str | None] = mapped_column(sa.String(200))
    huisnummer: Mapped[str | None] = mapped_column(sa.String(10))
    toevoeging: Mapped[str | None] = mapped_column(sa.String(10))
    postcode: Mapped[str | None] = mapped_column(sa.String(7))
    plaats: Mapped[str | None] = mapped_column(sa.String(100))
    notificatie_algemeen: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    notificatie_woningcheck: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    notificatie_mvv_proces: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    notificatie_klantprofiel: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    mag_inloggen: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    #: A beheerder manages the gemeente's contactpersonen (role GEMEENTE_BEHEERDER).
    beheerder: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    ontvangt_voordrachten: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    grondslag: Mapped[str | None] = mapped_column(sa.Text)
    toegevoegd_op: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    toegevoegd_door_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("account.id", ondelete="SET NULL"), index=True
    )

    account: Mapped[Account | None] = relationship(foreign_keys=[account_id], lazy="raise")
