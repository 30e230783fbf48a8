"""Keyset pagination shared by every connection.

A page is read with the scope and filters in the WHERE clause and `first + 1` rows under LIMIT,
ordered by the requested keys plus the primary key as a unique tie-break. A cursor holds the sort
values of its row, so the next page starts exactly after it however many rows were inserted since.
Child lists of many parents are read in one statement with a per-parent window
(``row_number() OVER (PARTITION BY parent ...)``), never with one LIMIT for the whole batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from gateway.cursors import decode_cursor, encode_cursor
from gateway.reader import Reader

#: Stands in for NULL in sort keys, so NULLs sort last ascending on both backends.
MAX_DATE = date(9999, 12, 31)


@dataclass(frozen=True)
class SortKey:
    expr: Any
    descending: bool = False
    kind: str = "str"  # str | int | date | datetime: how the value travels in a cursor

    def to_cursor(self, value: Any) -> str | int:
        if self.kind in ("date", "datetime"):
            return str(value.isoformat())
        return value  # type: ignore[no-any-return]

    def from_cursor(self, value: str | int) -> Any:
        try:
            if self.kind == "int":
                return int(value)
            if self.kind == "date":
                return date.fromisoformat(str(value))
            if self.kind == "datetime":
                return datetime.fromisoformat(str(value))
            return str(value)
        except ValueError:
            from gateway.errors import ValidationFailed

            raise ValidationFailed({"after": "geen cursor van deze lijst en sortering"}) from None


@dataclass(frozen=True)
class Ordering:
    """The sort keys of a list, the unique tie-break last, and a name that cursors carry."""

    name: str
    keys: tuple[SortKey, ...]

    def order_by(self) -> list[Any]:
        return [k.expr.desc() if k.descending else k.expr.asc() for k in self.keys]

    def labelled(self) -> list[Any]:
        return [k.expr.label(f"tvs_sort{i}") for i, k in enumerate(self.keys)]

    def after(self, cursor: str) -> Any:
        """Rows strictly after the row `cursor` was made from, as a WHERE clause."""
        raw = decode_cursor(cursor, self.name, len(self.keys))
        values = [k.from_cursor(v) for k, v in zip(self.keys, raw, strict=True)]
        ors = []
        for i, key in enumerate(self.keys):
            equal = [self.keys[j].expr == values[j] for j in range(i)]
            beyond = key.expr < values[i] if key.descending else key.expr > values[i]
            ors.append(sa.and_(*equal, beyond))
        return sa.or_(*ors)

    def cursor(self, row: Any) -> str:
        return encode_cursor(
            self.name, [k.to_cursor(getattr(row, f"tvs_sort{i}")) for i, k in enumerate(self.keys)]
        )


@dataclass
class Page:
    rows: Sequence[Any]
    has_next: bool
    ordering: Ordering
    count: Callable[[], Any] | None = field(default=None, repr=False)

    def cursors(self) -> list[str]:
        return [self.ordering.cursor(r) for r in self.rows]


async def fetch_page(
    reader: Reader,
    columns: Sequence[Any],
    where: Sequence[Any],
    ordering: Ordering,
    first: int,
    after: str | None,
    select_from: Any = None,
) -> Page:
    conditions = list(where)
    if after:
        conditions.append(ordering.after(after))
    stmt = sa.select(*columns, *ordering.labelled())
    if select_from is not None:
        stmt = stmt.select_from(select_from)
    stmt = stmt.where(*conditions).order_by(*ordering.order_by()).limit(first + 1)
    rows = await reader.all(stmt)

    async def count() -> int:
        inner = sa.select(columns[0]).where(*where)
        if select_from is not None:
            inner = inner.select_from(select_from)
        q = sa.select(sa.func.count()).select_from(inner.subquery())
        return int(await reader.scalar(q))

    return Page(rows=rows[:first], has_next=len(rows) > first, ordering=ordering, count=count)


async def fetch_pages_per_parent(
    reader: Reader,
    columns: Sequence[Any],
    parent: Any,
    parent_ids: Sequence[int],
    where: Sequence[Any],
    ordering: Ordering,
    first: int,
    after: str | None,
) -> dict[int, Page]:
    """One page per parent in one statement (per-parent window), and the counts in one more."""
    conditions = [parent.in_(parent_ids), *where]
    if after:
        conditions.append(ordering.after(after))
    rn = sa.func.row_number().over(partition_by=parent, order_by=ordering.order_by()).label("tvs_rn")
    inner = (
        sa.select(*columns, parent.label("tvs_parent"), *ordering.labelled(), rn)
        .where(*conditions)
        .subquery()
    )
    stmt = sa.select(inner).where(inner.c.tvs_rn <= first + 1).order_by(inner.c.tvs_parent, inner.c.tvs_rn)
    rows = await reader.all(stmt)
    grouped: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        grouped[r.tvs_parent].append(r)
    return {
        pid: Page(rows=grouped[pid][:first], has_next=len(grouped[pid]) > first, ordering=ordering)
        for pid in parent_ids
    }


async def count_per_parent(
    reader: Reader, parent: Any, parent_ids: Sequence[int], where: Sequence[Any]
) -> dict[int, int]:
    stmt = (
        sa.select(parent.label("tvs_parent"), sa.func.count().label("n"))
        .where(parent.in_(parent_ids), *where)
        .group_by(parent)
    )
    counts = {r.tvs_parent: r.n for r in await reader.all(stmt)}
    return {pid: counts.get(pid, 0) for pid in parent_ids}
