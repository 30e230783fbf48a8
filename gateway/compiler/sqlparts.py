"""SQL building blocks of compiled reads: JSON objects, scalars as the resolver path serialises
them, the audit side channel, and the FROM clause of one level (a row plus the laterals its
fields join).

Everything here builds SQLAlchemy Core expressions for PostgreSQL; values from requests stay bind
parameters. Response keys and type names are inlined as SQL literals: they are GraphQL names
(``[_A-Za-z][_0-9A-Za-z]*``), validated before anything is compiled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSON, aggregate_order_by
from sqlalchemy.sql.util import ClauseAdapter

#: PostgreSQL functions take at most 100 arguments: 50 key/value pairs per json_build_object.
_PAIRS_PER_CALL = 50
#: And concat_ws at most 99 parts after its separator.
_PARTS_PER_CONCAT = 90

EMPTY_LIST = sa.literal_column("'[]'::json", JSON)
NULL = sa.null()


def name(value: str) -> Any:
    """A GraphQL name (response key, type name) as an SQL string literal."""
    assert value.replace("_", "a").replace("$", "a").isalnum(), value
    return sa.literal_column(f"'{value}'")


@dataclass
class Part:
    """What a field contributes: its JSON value, and who it showed (the audit channel, text)."""

    data: Any
    audit: Any = None


def json_object(pairs: Sequence[tuple[str, Any]]) -> Any:
    """``json_build_object`` in the given key order (GraphQL's response order), for any width."""
    if not pairs:
        return sa.literal_column("'{}'::json", JSON)
    chunks = [pairs[i : i + _PAIRS_PER_CALL] for i in range(0, len(pairs), _PAIRS_PER_CALL)]
    built = [sa.func.json_build_object(*[x for k, v in c for x in (name(k), v)], type_=JSON) for c in chunks]
    if len(built) == 1:
        return built[0]
    # Splice the objects' texts: '{"a" : 1}' and '{"b" : 2}' make '{"a" : 1, "b" : 2}' (json keeps
    # the order; jsonb would sort the keys).
    text: Any = sa.func.left(sa.cast(built[0], sa.Text), -1)
    for middle in built[1:-1]:
        text = text + ", " + sa.func.substr(sa.func.left(sa.cast(middle, sa.Text), -1), 2)
    text = text + ", " + sa.func.substr(sa.cast(built[-1], sa.Text), 2)
    return sa.cast(text, JSON)


def json_list(element: Any, order_by: Sequence[Any]) -> Any:
    """The elements of a level as a JSON array in order; [] for none."""
    agg = sa.func.json_agg(aggregate_order_by(element, *order_by) if order_by else element, type_=JSON)
    return sa.func.coalesce(agg, EMPTY_LIST, type_=JSON)


def json_concat(first: Any, second: Any) -> Any:
    """Two JSON arrays as one, in order (text splice: jsonb would reorder the objects' keys)."""
    a, b = sa.cast(first, sa.Text), sa.cast(second, sa.Text)
    spliced = sa.func.left(a, -1) + ", " + sa.func.substr(b, 2)
    return sa.cast(sa.case((a == "[]", b), (b == "[]", a), else_=spliced), JSON)


def concat_audit(parts: Sequence[Any]) -> Any:
    """The audit entries of several parts as one text (NULL parts are left out)."""
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    while len(parts) > _PARTS_PER_CONCAT:
        parts = [
            sa.func.concat_ws(",", *parts[i : i + _PARTS_PER_CONCAT])
            for i in range(0, len(parts), _PARTS_PER_CONCAT)
        ]
    return sa.func.concat_ws(",", *parts)


def audit_entry(position: int, v_nummer: Any) -> Any:
    """One audit entry: ``<position>:<V-nummer>`` (a V-nummer is 10 characters, see run.py)."""
    return sa.literal_column(f"'{position}:'") + v_nummer


def audit_agg(entries: Any) -> Any:
    return sa.func.string_agg(entries, ",")


# --- scalars as Strawberry serialises them --------------------------------------------------------


def global_id(type_name: str, pk: Any) -> Any:
    """gateway/schema/node.py's encode_id in SQL: base64url without padding of "Type:pk"."""
    raw = sa.func.convert_to(sa.literal_column(f"'{type_name}:'") + sa.cast(pk, sa.Text), "UTF8")
    b64 = sa.func.encode(raw, "base64")
    # encode() wraps lines at 76 characters: translate drops the newline with +/ -> -_.
    return sa.func.rtrim(sa.func.translate(b64, sa.literal_column("E'+/\\n'"), "-_"), "=")


def iso_datetime(column: Any) -> Any:
    """A timestamptz as datetime.isoformat() of the UTC value the resolver path reads:
    microseconds only when not zero, offset +00:00."""
    utc = sa.func.timezone("UTC", column)
    base = sa.func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS')
    fraction = sa.case(
        (sa.func.to_char(utc, "US") == "000000", ""),
        else_="." + sa.func.to_char(utc, "US"),
    )
    return sa.case((column.is_(None), None), else_=base + fraction + "+00:00")


def truthy(value: Any) -> Any:
    """Python's bool() of a JSON value, as the resolver path applies it to document fields."""
    kind = sa.func.jsonb_typeof(value)
    return sa.case(
        (kind == "object", value != sa.literal_column("'{}'::jsonb")),
        (kind == "array", value != sa.literal_column("'[]'::jsonb")),
        (kind == "string", value != sa.literal_column("'\"\"'::jsonb")),
        (kind == "number", value != sa.literal_column("'0'::jsonb")),
        (kind == "boolean", value == sa.literal_column("'true'::jsonb")),
        else_=sa.false(),
    )


# --- one level of the statement -------------------------------------------------------------------


def local(select: Any, *froms: Any) -> Any:
    """`select` reading only `froms` itself: every other table it names is an enclosing level's.

    Explicit because SQLAlchemy's auto-correlation only looks one SELECT up: a nested page or
    lateral would otherwise pull its parent's table into its own FROM (a cartesian product).
    """
    return select.correlate_except(*[f for f in froms if f is not None])


def adapt(expression: Any, alias: Any) -> Any:
    """A policy or filter expression over a model's table, rewritten onto an alias of it."""
    if hasattr(expression, "__clause_element__"):  # a mapped attribute such as Vergunninghouder.id
        expression = expression.__clause_element__()
    return ClauseAdapter(alias).traverse(expression)


@dataclass
class Level:
    """The FROM of one SQL level: the row its fields read (None at the root) and the laterals
    (nested levels that also report audit entries) they join to it."""

    row: Any = None
    laterals: list[Any] = field(default_factory=list)

    def join(self, select: Any) -> Any:
        """`select` as a LEFT JOIN LATERAL of this level; its columns are read from the result."""
        lateral = select.lateral()
        self.laterals.append(lateral)
        return lateral

    def froms(self) -> list[Any]:
        return [self.row, *self.laterals] if self.row is not None else list(self.laterals)

    def select(self, *columns: Any) -> Any:
        """A SELECT over this level that correlates everything else to enclosing levels."""
        return local(sa.select(*columns).select_from(self.from_clause()), *self.froms())

    def from_clause(self) -> Any:
        source = self.row if self.row is not None else sa.select(sa.literal(1).label("one")).subquery("root")
        for lateral in self.laterals:
            source = source.outerjoin(lateral, sa.true())
        return source
