"""Achternaam in code-point order ("C" collation) on PostgreSQL, so its indexes serve the lists' order.

The lists sort on achternaam COLLATE "C" (the order SQLite has, which keyset cursors rely on); an
index in the database's own collation could not serve that order, and a page of 1,000 sorted all
50,000 rows. SQLite compares by code point already: nothing to do there.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("vergunninghouder", "nareiziger")


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.alter_column(table, "achternaam", type_=sa.String(200, collation="C"), existing_nullable=False)


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.alter_column(table, "achternaam", type_=sa.String(200), existing_nullable=False)
