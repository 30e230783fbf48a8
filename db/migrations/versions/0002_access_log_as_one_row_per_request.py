"""The access log as one row per request (audit_event), read per person through the view audit_record.

Existing records are kept: each becomes an event of one person (or of none).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import db.models.base
from db.models.audit import VIEW_SQL, BlobList

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ROL = sa.Enum(
    "GEMEENTE_MEDEWERKER", "GEMEENTE_BEHEERDER", "DERDE_PARTIJ", "ARBEIDSMARKTREGIO", "COA_CASEMANAGER",
    "COA_REGIEVOERDER", "COA_FG", name="rol", native_enum=False, create_constraint=True,
)  # fmt: skip
_RESULTAAT = sa.Enum(
    "GETOOND", "GEWEIGERD", "GEWIJZIGD", name="auditresultaat", native_enum=False, create_constraint=True
)
_KEYS = sa.JSON().with_variant(postgresql.ARRAY(sa.BigInteger()), "postgresql")
_TEXTS = sa.JSON().with_variant(postgresql.ARRAY(sa.String()), "postgresql")

_COMMON = (
    "tijdstip", "trace_id", "gebruikersnaam", "rol", "verwerkingsactiviteit", "operatie", "resultaat", "handeling",
)  # fmt: skip


def _event_table() -> sa.Table:
    return sa.table(
        "audit_event",
        sa.column("id", sa.BigInteger()),
        *(sa.column(c) for c in _COMMON),
        sa.column("groepen", sa.String()),
        sa.column("sleutels", _KEYS),
        sa.column("persoon_groepen", _TEXTS),
        sa.column("versleuteld", BlobList()),
    )


def _record_table() -> sa.Table:
    return sa.table(
        "audit_record",
        sa.column("id", sa.BigInteger()),
        *(sa.column(c) for c in _COMMON),
        sa.column("v_nummer_hmac", sa.String()),
        sa.column("v_nummer_versleuteld", sa.LargeBinary()),
        sa.column("gegevensgroepen", sa.String()),
    )


def _append_only(table: str, dialect: str) -> None:
    if dialect == "postgresql":  # tvs_append_only() was made by 0001
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION tvs_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION tvs_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'tvs: {table} is append-only'); END"
            )


def _key(hmac_hex: str) -> int:
    """The first 64 bits of the old full HMAC: the new key of the same person."""
    return int.from_bytes(bytes.fromhex(hmac_hex)[:8], "big", signed=True)


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    op.create_table(
        "audit_event",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tijdstip", db.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("trace_id", sa.String(length=32), nullable=False),
        sa.Column("gebruikersnaam", sa.String(length=254), nullable=False),
        sa.Column("rol", _ROL, nullable=False),
        sa.Column("verwerkingsactiviteit", sa.String(length=200), nullable=False),
        sa.Column("operatie", sa.String(length=200), nullable=True),
        sa.Column("resultaat", _RESULTAAT, nullable=False),
        sa.Column("handeling", sa.String(length=500), nullable=True),
        sa.Column("groepen", sa.String(length=300), nullable=False),
        sa.Column("sleutels", _KEYS, nullable=False),
        sa.Column("persoon_groepen", _TEXTS, nullable=False),
        sa.Column("versleuteld", BlobList(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    op.create_index("ix_audit_event_gebruiker", "audit_event", ["gebruikersnaam", "id"])
    op.create_index(op.f("ix_audit_event_tijdstip"), "audit_event", ["tijdstip"])
    op.create_index(op.f("ix_audit_event_trace_id"), "audit_event", ["trace_id"])
    if dialect == "postgresql":
        op.create_index("ix_audit_event_sleutels", "audit_event", ["sleutels"], postgresql_using="gin")

    old = _record_table()
    events = []
    for r in bind.execute(sa.select(old)).mappings():
        person = r["v_nummer_hmac"] is not None
        events.append(
            {
                "id": r["id"],
                **{c: r[c] for c in _COMMON},
                "groepen": "" if person else r["gegevensgroepen"],
                "sleutels": [_key(r["v_nummer_hmac"])] if person else [],
                "persoon_groepen": [r["gegevensgroepen"]] if person else [],
                "versleuteld": [r["v_nummer_versleuteld"]] if person else [],
            }
        )
    if events:
        op.bulk_insert(_event_table(), events)
        if dialect == "postgresql":
            op.execute(
                "SELECT setval(pg_get_serial_sequence('audit_event', 'id'), (SELECT max(id) FROM audit_event))"
            )
    op.drop_table("audit_record")  # its indexes and append-only triggers go with it
    op.execute(VIEW_SQL[dialect])
    _append_only("audit_event", dialect)


def downgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    op.execute("DROP VIEW audit_record")
    op.create_table(
        "audit_record",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tijdstip", db.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("trace_id", sa.String(length=32), nullable=False),
        sa.Column("gebruikersnaam", sa.String(length=254), nullable=False),
        sa.Column("rol", _ROL, nullable=False),
        sa.Column("verwerkingsactiviteit", sa.String(length=200), nullable=False),
        sa.Column("operatie", sa.String(length=200), nullable=True),
        sa.Column("v_nummer_hmac", sa.String(length=64), nullable=True),
        sa.Column("v_nummer_versleuteld", sa.LargeBinary(), nullable=True),
        sa.Column("gegevensgroepen", sa.String(length=300), nullable=False),
        sa.Column("resultaat", _RESULTAAT, nullable=False),
        sa.Column("handeling", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_record")),
    )
    op.create_index("ix_audit_record_gebruiker", "audit_record", ["gebruikersnaam", "id"])
    op.create_index("ix_audit_record_persoon", "audit_record", ["v_nummer_hmac", "id"])
    op.create_index(op.f("ix_audit_record_tijdstip"), "audit_record", ["tijdstip"])
    op.create_index(op.f("ix_audit_record_trace_id"), "audit_record", ["trace_id"])
    # The 64-bit keys cannot give back the full HMACs: records keep the key as hex.
    rows = []
    for e in bind.execute(sa.select(_event_table())).mappings():
        common = {c: e[c] for c in _COMMON}
        persons = list(
            zip(e["sleutels"] or [], e["persoon_groepen"] or [], e["versleuteld"] or [], strict=False)
        )
        if not persons:
            rows.append({**common, "v_nummer_hmac": None, "v_nummer_versleuteld": None,
                         "gegevensgroepen": e["groepen"]})  # fmt: skip
        for key, groups, blob in persons:
            rows.append({**common, "v_nummer_hmac": (key % 2**64).to_bytes(8, "big").hex(),
                         "v_nummer_versleuteld": blob, "gegevensgroepen": groups})  # fmt: skip
    if rows:
        op.bulk_insert(_record_table(), rows)
    op.drop_table("audit_event")
    _append_only("audit_record", dialect)
