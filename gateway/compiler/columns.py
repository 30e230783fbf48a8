"""Field compilers for plain values: a row's column, a computed expression, a JSON document's key.

Each returns a function (build, source, level, field) -> Part, so a type's table reads like its
Strawberry class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from gateway.compiler.sqlparts import Level, Part, global_id, iso_datetime, json_list, local, truthy

if TYPE_CHECKING:
    from gateway.compiler.build import Build, FieldCompiler
    from gateway.compiler.plan import PlanField


def column(name: str) -> FieldCompiler:
    """A column of the source row, as json_build_object renders it (dates ISO, enums by name)."""
    return lambda b, src, level, f: Part(src.c[name])


def datetime_column(name: str) -> FieldCompiler:
    return lambda b, src, level, f: Part(iso_datetime(src.c[name]))


def global_id_of(type_name: str) -> FieldCompiler:
    return lambda b, src, level, f: Part(global_id(type_name, src.c.id))


def computed(expression: Callable[[Any], Any]) -> FieldCompiler:
    """A value computed from the source (a row, a document, a dict of expressions)."""
    return lambda b, src, level, f: Part(expression(src))


def key(name: str) -> FieldCompiler:
    """One expression of a dict source."""
    return lambda b, src, level, f: Part(src[name])


def nullable_object(condition: Any, part: Part) -> Part:
    """An object that is null unless `condition` (its audit entries only when it is there)."""
    data = sa.case((condition, part.data), else_=sa.null())
    audit = sa.case((condition, part.audit)) if part.audit is not None else None
    return Part(data, audit)


def same_row_object(type_name: str, condition: Callable[[Any], Any] | None = None) -> FieldCompiler:
    """A nested object made from the same row (koppeling, azc, adres...)."""

    def compile_field(b: Build, src: Any, level: Level, f: PlanField) -> Part:
        part = b.object(type_name, src, level, b.concrete(f, type_name))
        return part if condition is None else nullable_object(condition(src), part)

    return compile_field


# --- JSON documents (klantprofiel sections) -------------------------------------------------------


def doc_text(name: str) -> FieldCompiler:
    """`d.get(name)` of a String field: the value as text, null when absent."""
    return lambda b, doc, level, f: Part(doc.op("->>")(name))


def doc_int(name: str) -> FieldCompiler:
    return lambda b, doc, level, f: Part(sa.cast(doc.op("->>")(name), sa.Integer))


def doc_bool(name: str) -> FieldCompiler:
    """`bool(d.get(name))`."""
    return lambda b, doc, level, f: Part(truthy(doc.op("->")(name)))


def doc_default(name: str, default: str) -> FieldCompiler:
    """`d.get(name) or default` of an enum field."""
    return lambda b, doc, level, f: Part(
        sa.case((truthy(doc.op("->")(name)), doc.op("->>")(name)), else_=sa.literal_column(f"'{default}'"))
    )


def doc_date(name: str) -> FieldCompiler:
    """`date.fromisoformat(v) if v else None`: the stored ISO date, null when empty."""
    return lambda b, doc, level, f: Part(sa.case((truthy(doc.op("->")(name)), doc.op("->>")(name))))


def _elements(doc: Any, name: str) -> Any:
    """`d.get(name) or []` as rows (value, ord)."""
    value = doc.op("->")(name)
    array = sa.case((truthy(value), value), else_=sa.literal_column("'[]'::jsonb"))
    return sa.func.jsonb_array_elements(array).table_valued("value", with_ordinality="ord").render_derived()


def doc_strings(name: str) -> FieldCompiler:
    """`list(d.get(name) or [])` of a [String!]! field: each element as text."""

    def compile_field(b: Build, doc: Any, level: Level, f: PlanField) -> Part:
        e = _elements(doc, name)
        text = e.c.value.op("#>>")(sa.literal_column("'{}'"))
        return Part(local(sa.select(json_list(text, [e.c.ord])).select_from(e), e).scalar_subquery())

    return compile_field


def doc_objects(name: str, type_name: str) -> FieldCompiler:
    """A list of objects kept in the document, in its order."""

    def compile_field(b: Build, doc: Any, level: Level, f: PlanField) -> Part:
        e = _elements(doc, name)
        part = b.object(type_name, e.c.value, level, b.concrete(f, type_name))
        return Part(local(sa.select(json_list(part.data, [e.c.ord])).select_from(e), e).scalar_subquery())

    return compile_field


def doc_section(name: str, type_name: str) -> FieldCompiler:
    """A section of the klantprofiel (a JSON column): null when empty, as on the resolver path."""

    def compile_field(b: Build, kp: Any, level: Level, f: PlanField) -> Part:
        doc = kp.row.c[name]
        part = b.object(type_name, doc, level, b.concrete(f, type_name))
        return nullable_object(truthy(doc), part)

    return compile_field
