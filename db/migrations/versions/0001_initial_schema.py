"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import db.models.base

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "arbeidsmarktregio",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("naam", sa.String(length=100), nullable=False),
        sa.CheckConstraint("length(code) = 4", name=op.f("ck_arbeidsmarktregio_code_formaat")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arbeidsmarktregio")),
        sa.UniqueConstraint("code", name=op.f("uq_arbeidsmarktregio_code")),
    )
    op.create_table(
        "audit_record",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tijdstip", db.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("trace_id", sa.String(length=32), nullable=False),
        sa.Column("gebruikersnaam", sa.String(length=254), nullable=False),
        sa.Column(
            "rol",
            sa.Enum(
                "GEMEENTE_MEDEWERKER",
                "GEMEENTE_BEHEERDER",
                "DERDE_PARTIJ",
                "ARBEIDSMARKTREGIO",
                "COA_CASEMANAGER",
                "COA_REGIEVOERDER",
                "COA_FG",
                name="rol",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("verwerkingsactiviteit", sa.String(length=200), nullable=False),
        sa.Column("operatie", sa.String(length=200), nullable=True),
        sa.Column("v_nummer_hmac", sa.String(length=64), nullable=True),
        sa.Column("v_nummer_versleuteld", sa.LargeBinary(), nullable=True),
        sa.Column("gegevensgroepen", sa.String(length=300), nullable=False),
        sa.Column(
            "resultaat",
            sa.Enum(
                "GETOOND",
                "GEWEIGERD",
                "GEWIJZIGD",
                name="auditresultaat",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("handeling", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_record")),
    )
    with op.batch_alter_table("audit_record", schema=None) as batch_op:
        batch_op.create_index("ix_audit_record_gebruiker", ["gebruikersnaam", "id"], unique=False)
        batch_op.create_index("ix_audit_record_persoon", ["v_nummer_hmac", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_record_tijdstip"), ["tijdstip"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_record_trace_id"), ["trace_id"], unique=False)

    op.create_table(
        "uitplaatsingsregio",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("naam", sa.String(length=100), nullable=False),
        sa.Column("provincies", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uitplaatsingsregio")),
        sa.UniqueConstraint("code", name=op.f("uq_uitplaatsingsregio_code")),
        sa.UniqueConstraint("naam", name=op.f("uq_uitplaatsingsregio_naam")),
    )
    op.create_table(
        "gemeente",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("naam", sa.String(length=100), nullable=False),
        sa.Column("provincie", sa.String(length=4), nullable=False),
        sa.Column("inwoners", sa.Integer(), nullable=True),
        sa.Column("arbeidsmarktregio_id", sa.Integer(), nullable=False),
        sa.Column("uitplaatsingsregio_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(code) = 6", name=op.f("ck_gemeente_code_formaat")),
        sa.ForeignKeyConstraint(
            ["arbeidsmarktregio_id"],
            ["arbeidsmarktregio.id"],
            name=op.f("fk_gemeente_arbeidsmarktregio_id_arbeidsmarktregio"),
        ),
        sa.ForeignKeyConstraint(
            ["uitplaatsingsregio_id"],
            ["uitplaatsingsregio.id"],
            name=op.f("fk_gemeente_uitplaatsingsregio_id_uitplaatsingsregio"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gemeente")),
        sa.UniqueConstraint("code", name=op.f("uq_gemeente_code")),
        sa.UniqueConstraint("naam", name=op.f("uq_gemeente_naam")),
    )
    with op.batch_alter_table("gemeente", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_gemeente_arbeidsmarktregio_id"), ["arbeidsmarktregio_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_gemeente_uitplaatsingsregio_id"), ["uitplaatsingsregio_id"], unique=False
        )

    op.create_table(
        "regievoerder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uitplaatsingsregio_id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("telefoonnummer", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["uitplaatsingsregio_id"],
            ["uitplaatsingsregio.id"],
            name=op.f("fk_regievoerder_uitplaatsingsregio_id_uitplaatsingsregio"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regievoerder")),
        sa.UniqueConstraint("email", name=op.f("uq_regievoerder_email")),
    )
    with op.batch_alter_table("regievoerder", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_regievoerder_uitplaatsingsregio_id"),
            ["uitplaatsingsregio_id"],
            unique=False,
        )

    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gebruikersnaam", sa.String(length=254), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column(
            "rol",
            sa.Enum(
                "GEMEENTE_MEDEWERKER",
                "GEMEENTE_BEHEERDER",
                "DERDE_PARTIJ",
                "ARBEIDSMARKTREGIO",
                "COA_CASEMANAGER",
                "COA_REGIEVOERDER",
                "COA_FG",
                name="rol",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("gemeente_id", sa.Integer(), nullable=True),
        sa.Column("arbeidsmarktregio_id", sa.Integer(), nullable=True),
        sa.Column("uitplaatsingsregio_id", sa.Integer(), nullable=True),
        sa.Column("actief", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("aangemaakt_op", db.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "NOT (rol IN ('GEMEENTE_MEDEWERKER', 'GEMEENTE_BEHEERDER', 'DERDE_PARTIJ')) OR gemeente_id IS NOT NULL",
            name=op.f("ck_account_gemeente_rol"),
        ),
        sa.CheckConstraint(
            "rol <> 'ARBEIDSMARKTREGIO' OR arbeidsmarktregio_id IS NOT NULL",
            name=op.f("ck_account_amr_rol"),
        ),
        sa.CheckConstraint(
            "rol <> 'COA_REGIEVOERDER' OR uitplaatsingsregio_id IS NOT NULL",
            name=op.f("ck_account_regio_rol"),
        ),
        sa.ForeignKeyConstraint(
            ["arbeidsmarktregio_id"],
            ["arbeidsmarktregio.id"],
            name=op.f("fk_account_arbeidsmarktregio_id_arbeidsmarktregio"),
        ),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeente.id"], name=op.f("fk_account_gemeente_id_gemeente")
        ),
        sa.ForeignKeyConstraint(
            ["uitplaatsingsregio_id"],
            ["uitplaatsingsregio.id"],
            name=op.f("fk_account_uitplaatsingsregio_id_uitplaatsingsregio"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("gebruikersnaam", name=op.f("uq_account_gebruikersnaam")),
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_arbeidsmarktregio_id"), ["arbeidsmarktregio_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_account_gemeente_id"), ["gemeente_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_account_rol"), ["rol"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_account_uitplaatsingsregio_id"), ["uitplaatsingsregio_id"], unique=False
        )

    op.create_table(
        "plaatsingseenheid",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ple_nummer", sa.String(length=12), nullable=False),
        sa.Column("gekoppelde_gemeente_id", sa.Integer(), nullable=True),
        sa.Column("aangemaakt_op", db.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["gekoppelde_gemeente_id"],
            ["gemeente.id"],
            name=op.f("fk_plaatsingseenheid_gekoppelde_gemeente_id_gemeente"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plaatsingseenheid")),
        sa.UniqueConstraint("ple_nummer", name=op.f("uq_plaatsingseenheid_ple_nummer")),
    )
    with op.batch_alter_table("plaatsingseenheid", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plaatsingseenheid_gekoppelde_gemeente_id"),
            ["gekoppelde_gemeente_id"],
            unique=False,
        )

    op.create_table(
        "taakstelling",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=False),
        sa.Column("periode", sa.String(length=7), nullable=False),
        sa.Column("opgave", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(periode) = 7", name=op.f("ck_taakstelling_periode_formaat")),
        sa.CheckConstraint("opgave >= 0", name=op.f("ck_taakstelling_opgave_niet_negatief")),
        sa.ForeignKeyConstraint(
            ["gemeente_id"],
            ["gemeente.id"],
            name=op.f("fk_taakstelling_gemeente_id_gemeente"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taakstelling")),
        sa.UniqueConstraint("gemeente_id", "periode", name=op.f("uq_taakstelling_gemeente_id_periode")),
    )
    with op.batch_alter_table("taakstelling", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_taakstelling_gemeente_id"), ["gemeente_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_taakstelling_periode"), ["periode"], unique=False)

    op.create_table(
        "contactpersoon",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("telefoonnummer", sa.String(length=20), nullable=True),
        sa.Column("faxnummer", sa.String(length=20), nullable=True),
        sa.Column(
            "geslacht",
            sa.Enum(
                "MAN",
                "VROUW",
                "ONBEKEND",
                name="geslacht",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "organisatietype",
            sa.Enum(
                "GEMEENTE",
                "MAATSCHAPPELIJKE_BEGELEIDING",
                "WERKGEVERSSERVICEPUNT",
                "ONDERWIJSINSTELLING",
                "OVERIG",
                name="organisatietype",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("organisatie", sa.String(length=200), nullable=False),
        sa.Column("straat", sa.String(length=200), nullable=True),
        sa.Column("huisnummer", sa.String(length=10), nullable=True),
        sa.Column("toevoeging", sa.String(length=10), nullable=True),
        sa.Column("postcode", sa.String(length=7), nullable=True),
        sa.Column("plaats", sa.String(length=100), nullable=True),
        sa.Column("notificatie_algemeen", sa.Boolean(), nullable=False),
        sa.Column("notificatie_woningcheck", sa.Boolean(), nullable=False),
        sa.Column("notificatie_mvv_proces", sa.Boolean(), nullable=False),
        sa.Column("notificatie_klantprofiel", sa.Boolean(), nullable=False),
        sa.Column("mag_inloggen", sa.Boolean(), nullable=False),
        sa.Column("beheerder", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("ontvangt_voordrachten", sa.Boolean(), nullable=False),
        sa.Column("grondslag", sa.Text(), nullable=True),
        sa.Column("toegevoegd_op", db.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("toegevoegd_door_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "organisatietype = 'GEMEENTE' OR (grondslag IS NOT NULL AND length(trim(grondslag)) > 0)",
            name=op.f("ck_contactpersoon_grondslag_derde"),
        ),
        sa.CheckConstraint(
            "NOT mag_inloggen OR account_id IS NOT NULL",
            name=op.f("ck_contactpersoon_login_account"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_contactpersoon_account_id_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeente.id"], name=op.f("fk_contactpersoon_gemeente_id_gemeente")
        ),
        sa.ForeignKeyConstraint(
            ["toegevoegd_door_id"],
            ["account.id"],
            name=op.f("fk_contactpersoon_toegevoegd_door_id_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contactpersoon")),
        sa.UniqueConstraint("account_id", name=op.f("uq_contactpersoon_account_id")),
        sa.UniqueConstraint("email", name=op.f("uq_contactpersoon_email")),
    )
    with op.batch_alter_table("contactpersoon", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contactpersoon_gemeente_id"), ["gemeente_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_contactpersoon_toegevoegd_door_id"), ["toegevoegd_door_id"], unique=False
        )

    op.create_table(
        "formulier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plaatsingseenheid_id", sa.Integer(), nullable=False),
        sa.Column(
            "soort",
            sa.Enum(
                "INFORMATIEFORMULIER",
                "INKOMSTENVERKLARING",
                "INFORMATIEFORMULIER_HUISVESTING",
                "KLANTPROFIEL",
                name="formuliersoort",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("naam", sa.String(length=100), nullable=False),
        sa.Column("beschrijving", sa.String(length=300), nullable=False),
        sa.Column("aangemaakt_op", db.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("soort <> 'KLANTPROFIEL'", name=op.f("ck_formulier_geen_klantprofiel")),
        sa.ForeignKeyConstraint(
            ["plaatsingseenheid_id"],
            ["plaatsingseenheid.id"],
            name=op.f("fk_formulier_plaatsingseenheid_id_plaatsingseenheid"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_formulier")),
        sa.UniqueConstraint(
            "plaatsingseenheid_id", "soort", name=op.f("uq_formulier_plaatsingseenheid_id_soort")
        ),
    )
    with op.batch_alter_table("formulier", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_formulier_plaatsingseenheid_id"), ["plaatsingseenheid_id"], unique=False
        )

    op.create_table(
        "huurcontract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plaatsingseenheid_id", sa.Integer(), nullable=False),
        sa.Column("straat", sa.String(length=200), nullable=False),
        sa.Column("huisnummer", sa.String(length=10), nullable=False),
        sa.Column("toevoeging", sa.String(length=10), nullable=True),
        sa.Column("postcode", sa.String(length=7), nullable=False),
        sa.Column("plaats", sa.String(length=100), nullable=False),
        sa.Column("ingangsdatum", sa.Date(), nullable=False),
        sa.Column("verhuurder", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["plaatsingseenheid_id"],
            ["plaatsingseenheid.id"],
            name=op.f("fk_huurcontract_plaatsingseenheid_id_plaatsingseenheid"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_huurcontract")),
        sa.UniqueConstraint("plaatsingseenheid_id", name=op.f("uq_huurcontract_plaatsingseenheid_id")),
    )
    op.create_table(
        "vergunninghouder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("v_nummer", sa.String(length=10), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=True),
        sa.Column("voornamen", sa.String(length=200), nullable=False),
        sa.Column("achternaam", sa.String(length=200), nullable=False),
        sa.Column(
            "geslacht",
            sa.Enum(
                "MAN",
                "VROUW",
                "ONBEKEND",
                name="geslacht",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("geboortedatum", sa.Date(), nullable=True),
        sa.Column("nationaliteit", sa.String(length=100), nullable=True),
        sa.Column("etniciteit", sa.String(length=100), nullable=True),
        sa.Column(
            "fase",
            sa.Enum(
                "VERGUNNING_VERLEEND",
                "GEKOPPELD",
                "WONING_AANGEBODEN",
                "HUURCONTRACT_GETEKEND",
                "GEHUISVEST",
                name="fase",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("gekoppelde_gemeente_id", sa.Integer(), nullable=True),
        sa.Column("koppeldatum", sa.Date(), nullable=True),
        sa.Column("taakstelling_periode", sa.String(length=7), nullable=True),
        sa.Column("historisch", sa.Boolean(), nullable=False),
        sa.Column("geblokkeerd", sa.Boolean(), nullable=False),
        sa.Column("gesprek_gevoerd", sa.Boolean(), nullable=False),
        sa.Column("azc_naam", sa.String(length=100), nullable=True),
        sa.Column("azc_plaats", sa.String(length=100), nullable=True),
        sa.Column("plaatsingseenheid_id", sa.Integer(), nullable=True),
        sa.Column("rolstoeltoegankelijk_nodig", sa.Boolean(), nullable=False),
        sa.Column("medische_urgentie", sa.Boolean(), nullable=True),
        sa.Column("plaatsingskenmerken_toelichting", sa.Text(), nullable=True),
        sa.Column("gehuisvest_op", sa.Date(), nullable=True),
        sa.Column("aangemaakt_op", db.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(fase = 'GEHUISVEST') = (gehuisvest_op IS NOT NULL)",
            name=op.f("ck_vergunninghouder_gehuisvest_datum"),
        ),
        sa.CheckConstraint(
            "fase = 'VERGUNNING_VERLEEND' OR gekoppelde_gemeente_id IS NOT NULL",
            name=op.f("ck_vergunninghouder_fase_vereist_koppeling"),
        ),
        sa.CheckConstraint(
            "(gekoppelde_gemeente_id IS NULL) = (koppeldatum IS NULL)",
            name=op.f("ck_vergunninghouder_koppeling_volledig"),
        ),
        sa.CheckConstraint("bsn IS NULL OR length(bsn) = 9", name=op.f("ck_vergunninghouder_bsn_formaat")),
        sa.CheckConstraint("length(v_nummer) = 10", name=op.f("ck_vergunninghouder_v_nummer_formaat")),
        sa.ForeignKeyConstraint(
            ["gekoppelde_gemeente_id"],
            ["gemeente.id"],
            name=op.f("fk_vergunninghouder_gekoppelde_gemeente_id_gemeente"),
        ),
        sa.ForeignKeyConstraint(
            ["plaatsingseenheid_id"],
            ["plaatsingseenheid.id"],
            name=op.f("fk_vergunninghouder_plaatsingseenheid_id_plaatsingseenheid"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vergunninghouder")),
        sa.UniqueConstraint("bsn", name=op.f("uq_vergunninghouder_bsn")),
        sa.UniqueConstraint("v_nummer", name=op.f("uq_vergunninghouder_v_nummer")),
    )
    with op.batch_alter_table("vergunninghouder", schema=None) as batch_op:
        batch_op.create_index("ix_vergunninghouder_achternaam", ["achternaam", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vergunninghouder_azc_naam"), ["azc_naam"], unique=False)
        batch_op.create_index(batch_op.f("ix_vergunninghouder_etniciteit"), ["etniciteit"], unique=False)
        batch_op.create_index(batch_op.f("ix_vergunninghouder_fase"), ["fase"], unique=False)
        batch_op.create_index(batch_op.f("ix_vergunninghouder_geblokkeerd"), ["geblokkeerd"], unique=False)
        batch_op.create_index("ix_vergunninghouder_geboortedatum", ["geboortedatum", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_vergunninghouder_gehuisvest_op"), ["gehuisvest_op"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_vergunninghouder_gekoppelde_gemeente_id"),
            ["gekoppelde_gemeente_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_vergunninghouder_gemeente_achternaam",
            ["gekoppelde_gemeente_id", "achternaam", "id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_vergunninghouder_geslacht"), ["geslacht"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_vergunninghouder_gesprek_gevoerd"), ["gesprek_gevoerd"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_vergunninghouder_historisch"), ["historisch"], unique=False)
        batch_op.create_index("ix_vergunninghouder_koppeldatum", ["koppeldatum", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_vergunninghouder_nationaliteit"), ["nationaliteit"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_vergunninghouder_plaatsingseenheid_id"),
            ["plaatsingseenheid_id"],
            unique=False,
        )
        batch_op.create_index("ix_vergunninghouder_v_nummer_id", ["v_nummer", "id"], unique=False)

    op.create_table(
        "nareiziger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("v_nummer", sa.String(length=10), nullable=False),
        sa.Column("voornamen", sa.String(length=200), nullable=False),
        sa.Column("achternaam", sa.String(length=200), nullable=False),
        sa.Column(
            "geslacht",
            sa.Enum(
                "MAN",
                "VROUW",
                "ONBEKEND",
                name="geslacht",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("geboortedatum", sa.Date(), nullable=True),
        sa.Column("nationaliteit", sa.String(length=100), nullable=True),
        sa.Column(
            "relatie_tot_referent",
            sa.Enum(
                "PARTNER",
                "KIND",
                "OUDER",
                "OVERIG",
                name="relatietotreferent",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("referent_id", sa.Integer(), nullable=False),
        sa.Column("gekoppelde_gemeente_id", sa.Integer(), nullable=True),
        sa.Column(
            "mvv_stap",
            sa.Enum(
                "AANVRAAG_INGEDIEND",
                "IND_BESLUIT_POSITIEF",
                "IND_BESLUIT_NEGATIEF",
                "MVV_AFGEGEVEN",
                "INGEREISD",
                "GEHUISVEST",
                name="mvvstap",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("mvv_stap_sinds", sa.Date(), nullable=False),
        sa.Column(
            "woningcheck",
            sa.Enum(
                "NIET_UITGEVOERD",
                "IN_BEHANDELING",
                "GESCHIKT",
                "NIET_GESCHIKT",
                name="woningcheckresultaat",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("historisch", sa.Boolean(), nullable=False),
        sa.Column("gehuisvest_op", sa.Date(), nullable=True),
        sa.Column("aangemaakt_op", db.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(mvv_stap = 'GEHUISVEST') = (gehuisvest_op IS NOT NULL)",
            name=op.f("ck_nareiziger_gehuisvest_datum"),
        ),
        sa.CheckConstraint("length(v_nummer) = 10", name=op.f("ck_nareiziger_v_nummer_formaat")),
        sa.ForeignKeyConstraint(
            ["gekoppelde_gemeente_id"],
            ["gemeente.id"],
            name=op.f("fk_nareiziger_gekoppelde_gemeente_id_gemeente"),
        ),
        sa.ForeignKeyConstraint(
            ["referent_id"],
            ["vergunninghouder.id"],
            name=op.f("fk_nareiziger_referent_id_vergunninghouder"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nareiziger")),
        sa.UniqueConstraint("v_nummer", name=op.f("uq_nareiziger_v_nummer")),
    )
    with op.batch_alter_table("nareiziger", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nareiziger_gehuisvest_op"), ["gehuisvest_op"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_nareiziger_gekoppelde_gemeente_id"),
            ["gekoppelde_gemeente_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_nareiziger_gemeente_achternaam",
            ["gekoppelde_gemeente_id", "achternaam", "id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_nareiziger_historisch"), ["historisch"], unique=False)
        batch_op.create_index(batch_op.f("ix_nareiziger_mvv_stap"), ["mvv_stap"], unique=False)
        batch_op.create_index(batch_op.f("ix_nareiziger_referent_id"), ["referent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_nareiziger_woningcheck"), ["woningcheck"], unique=False)

    op.create_table(
        "klantprofiel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vergunninghouder_id", sa.Integer(), nullable=True),
        sa.Column("nareiziger_id", sa.Integer(), nullable=True),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("verzonden_op", db.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("verzonden_door_id", sa.Integer(), nullable=True),
        sa.Column(
            "persoonlijk",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "familie",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "status",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "inburgering",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "educatie",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "arbeid",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("ambities", sa.Text(), nullable=True),
        sa.Column("coa_naam", sa.String(length=200), nullable=False),
        sa.Column("coa_email", sa.String(length=254), nullable=False),
        sa.CheckConstraint(
            "(vergunninghouder_id IS NULL) <> (nareiziger_id IS NULL)",
            name=op.f("ck_klantprofiel_een_persoon"),
        ),
        sa.CheckConstraint("versie >= 1", name=op.f("ck_klantprofiel_versie_positief")),
        sa.ForeignKeyConstraint(
            ["nareiziger_id"],
            ["nareiziger.id"],
            name=op.f("fk_klantprofiel_nareiziger_id_nareiziger"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vergunninghouder_id"],
            ["vergunninghouder.id"],
            name=op.f("fk_klantprofiel_vergunninghouder_id_vergunninghouder"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["verzonden_door_id"],
            ["account.id"],
            name=op.f("fk_klantprofiel_verzonden_door_id_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_klantprofiel")),
        sa.UniqueConstraint("nareiziger_id", "versie", name=op.f("uq_klantprofiel_nareiziger_id_versie")),
        sa.UniqueConstraint(
            "vergunninghouder_id", "versie", name=op.f("uq_klantprofiel_vergunninghouder_id_versie")
        ),
    )
    with op.batch_alter_table("klantprofiel", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_klantprofiel_verzonden_door_id"), ["verzonden_door_id"], unique=False
        )

    op.create_table(
        "notificatie",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column(
            "soort",
            sa.Enum(
                "ALGEMEEN",
                "WONINGCHECK",
                "MVV_PROCES",
                "KLANTPROFIEL",
                name="notificatiesoort",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("onderwerp", sa.String(length=300), nullable=False),
        sa.Column("aangemaakt_op", db.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("gelezen_op", db.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("vergunninghouder_id", sa.Integer(), nullable=True),
        sa.Column("nareiziger_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_notificatie_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["nareiziger_id"],
            ["nareiziger.id"],
            name=op.f("fk_notificatie_nareiziger_id_nareiziger"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vergunninghouder_id"],
            ["vergunninghouder.id"],
            name=op.f("fk_notificatie_vergunninghouder_id_vergunninghouder"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notificatie")),
    )
    with op.batch_alter_table("notificatie", schema=None) as batch_op:
        batch_op.create_index("ix_notificatie_account_nieuwste", ["account_id", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_notificatie_nareiziger_id"), ["nareiziger_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_notificatie_vergunninghouder_id"), ["vergunninghouder_id"], unique=False
        )

    op.create_table(
        "toestemming",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vergunninghouder_id", sa.Integer(), nullable=True),
        sa.Column("nareiziger_id", sa.Integer(), nullable=True),
        sa.Column(
            "soort",
            sa.Enum(
                "VERLEEND",
                "INGETROKKEN",
                name="toestemmingsoort",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("vastgelegd_op", db.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("vastgelegd_door_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(vergunninghouder_id IS NULL) <> (nareiziger_id IS NULL)",
            name=op.f("ck_toestemming_een_persoon"),
        ),
        sa.ForeignKeyConstraint(
            ["nareiziger_id"],
            ["nareiziger.id"],
            name=op.f("fk_toestemming_nareiziger_id_nareiziger"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vastgelegd_door_id"],
            ["account.id"],
            name=op.f("fk_toestemming_vastgelegd_door_id_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vergunninghouder_id"],
            ["vergunninghouder.id"],
            name=op.f("fk_toestemming_vergunninghouder_id_vergunninghouder"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_toestemming")),
    )
    with op.batch_alter_table("toestemming", schema=None) as batch_op:
        batch_op.create_index("ix_toestemming_nareiziger_laatste", ["nareiziger_id", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_toestemming_vastgelegd_door_id"), ["vastgelegd_door_id"], unique=False
        )
        batch_op.create_index(
            "ix_toestemming_vergunninghouder_laatste", ["vergunninghouder_id", "id"], unique=False
        )

    op.create_table(
        "email_outbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("notificatie_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("ontvanger", sa.String(length=254), nullable=False),
        sa.Column("onderwerp", sa.String(length=300), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("aangemaakt_op", db.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("pogingen", sa.Integer(), nullable=False),
        sa.Column("volgende_poging_op", db.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("verzonden_op", db.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("laatste_fout", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["notificatie_id"],
            ["notificatie.id"],
            name=op.f("fk_email_outbox_notificatie_id_notificatie"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_outbox")),
    )
    with op.batch_alter_table("email_outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_email_outbox_notificatie_id"), ["notificatie_id"], unique=False)
        batch_op.create_index(
            "ix_email_outbox_te_verzenden", ["verzonden_op", "volgende_poging_op"], unique=False
        )

    _append_only_triggers_up()


#: Tables whose rows are history: the database refuses UPDATE and DELETE on them.
APPEND_ONLY = ("audit_record", "klantprofiel", "toestemming")


def _append_only_triggers_up() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION tvs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'tvs: % is append-only', TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege';
            END $$
            """
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION tvs_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION tvs_append_only()"
            )
    else:
        for table in APPEND_ONLY:
            for event in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'tvs: {table} is append-only'); END"
                )


def _append_only_triggers_down() -> None:
    if op.get_context().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS tvs_append_only()")
    else:
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")


def downgrade() -> None:
    _append_only_triggers_down()
    with op.batch_alter_table("email_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_email_outbox_te_verzenden")
        batch_op.drop_index(batch_op.f("ix_email_outbox_notificatie_id"))

    op.drop_table("email_outbox")
    with op.batch_alter_table("toestemming", schema=None) as batch_op:
        batch_op.drop_index("ix_toestemming_vergunninghouder_laatste")
        batch_op.drop_index(batch_op.f("ix_toestemming_vastgelegd_door_id"))
        batch_op.drop_index("ix_toestemming_nareiziger_laatste")

    op.drop_table("toestemming")
    with op.batch_alter_table("notificatie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notificatie_vergunninghouder_id"))
        batch_op.drop_index(batch_op.f("ix_notificatie_nareiziger_id"))
        batch_op.drop_index("ix_notificatie_account_nieuwste")

    op.drop_table("notificatie")
    with op.batch_alter_table("klantprofiel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_klantprofiel_verzonden_door_id"))

    op.drop_table("klantprofiel")
    with op.batch_alter_table("nareiziger", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nareiziger_woningcheck"))
        batch_op.drop_index(batch_op.f("ix_nareiziger_referent_id"))
        batch_op.drop_index(batch_op.f("ix_nareiziger_mvv_stap"))
        batch_op.drop_index(batch_op.f("ix_nareiziger_historisch"))
        batch_op.drop_index("ix_nareiziger_gemeente_achternaam")
        batch_op.drop_index(batch_op.f("ix_nareiziger_gekoppelde_gemeente_id"))
        batch_op.drop_index(batch_op.f("ix_nareiziger_gehuisvest_op"))

    op.drop_table("nareiziger")
    with op.batch_alter_table("vergunninghouder", schema=None) as batch_op:
        batch_op.drop_index("ix_vergunninghouder_v_nummer_id")
        batch_op.drop_index(batch_op.f("ix_vergunninghouder_plaatsingseenheid_id"))
        batch_op.drop_index(batch_op.f("ix_vergunninghouder_nationaliteit"))
        batch_op.drop_index("ix_vergunninghouder_koppeldatum")
        batch_op.drop_index(batch_op.f("ix_vergunninghouder_historisch"))
        batch_op.drop_index(batch_op.f("ix_vergunninghouder_gesprek_gevoerd"))
        batch_op.drop_index(batch_op.f("ix_vergunninghouder_geslacht"))
        batch_op.drop_index("ix_vergunninghouder_gemeente_achternaam")
        batch_op.drop_index(batch_op.f("ix_vergunninghouder_gekoppelde_gemeente_id"))
        batch_op.drop_index(batch_op.f("ix_vergunninghouder_gehuisvest_op"))
        batch_op.drop_index("ix_vergunninghouder_geboortedatum")
        batch_op.drop_index(batch_op.f("ix_vergunninghouder_geblokkeerd"))
        batch_op.drop_index(batch_op.f("ix_vergunninghouder_fase"))
        batch_op.drop_index(batch_op.f("ix_vergunninghouder_etniciteit"))
        batch_op.drop_index(batch_op.f("ix_vergunninghouder_azc_naam"))
        batch_op.drop_index("ix_vergunninghouder_achternaam")

    op.drop_table("vergunninghouder")
    op.drop_table("huurcontract")
    with op.batch_alter_table("formulier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_formulier_plaatsingseenheid_id"))

    op.drop_table("formulier")
    with op.batch_alter_table("contactpersoon", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contactpersoon_toegevoegd_door_id"))
        batch_op.drop_index(batch_op.f("ix_contactpersoon_gemeente_id"))

    op.drop_table("contactpersoon")
    with op.batch_alter_table("taakstelling", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_taakstelling_periode"))
        batch_op.drop_index(batch_op.f("ix_taakstelling_gemeente_id"))

    op.drop_table("taakstelling")
    with op.batch_alter_table("plaatsingseenheid", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plaatsingseenheid_gekoppelde_gemeente_id"))

    op.drop_table("plaatsingseenheid")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_uitplaatsingsregio_id"))
        batch_op.drop_index(batch_op.f("ix_account_rol"))
        batch_op.drop_index(batch_op.f("ix_account_gemeente_id"))
        batch_op.drop_index(batch_op.f("ix_account_arbeidsmarktregio_id"))

    op.drop_table("account")
    with op.batch_alter_table("regievoerder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_regievoerder_uitplaatsingsregio_id"))

    op.drop_table("regievoerder")
    with op.batch_alter_table("gemeente", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gemeente_uitplaatsingsregio_id"))
        batch_op.drop_index(batch_op.f("ix_gemeente_arbeidsmarktregio_id"))

    op.drop_table("gemeente")
    op.drop_table("uitplaatsingsregio")
    with op.batch_alter_table("audit_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_record_trace_id"))
        batch_op.drop_index(batch_op.f("ix_audit_record_tijdstip"))
        batch_op.drop_index("ix_audit_record_persoon")
        batch_op.drop_index("ix_audit_record_gebruiker")

    op.drop_table("audit_record")
    op.drop_table("arbeidsmarktregio")
