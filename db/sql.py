"""Small SQL constructs that read the same on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class binary_order(FunctionElement[str]):
    """A text column compared by code point, as SQLite's default BINARY collation does.

    PostgreSQL's database collation may be language-aware; sorting on `COLLATE "C"` gives both
    backends the same order, which keyset cursors rely on.
    """

    inherit_cache = True
    type = sa.String()


@compiles(binary_order)
def _binary_order_default(element: binary_order, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(binary_order, "postgresql")
def _binary_order_pg(element: binary_order, compiler: Any, **kw: Any) -> str:
    return f'({compiler.process(element.clauses, **kw)}) COLLATE "C"'


def like_escape(value: str) -> str:
    """`value` as a literal inside a LIKE pattern (escape character backslash)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def starts_with_ci(column: Any, prefix: str) -> Any:
    """Case-insensitive prefix match (SQLite's lower() is made Unicode-aware in db/session.py)."""
    return sa.func.lower(column).like(like_escape(prefix.lower()) + "%", escape="\\")


def contains_ci(column: Any, part: str) -> Any:
    return sa.func.lower(column).like("%" + like_escape(part.lower()) + "%", escape="\\")


def equals_ci(column: Any, value: str) -> Any:
    return sa.func.lower(column) == value.lower()
