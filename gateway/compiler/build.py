"""Turning a plan into SQL: objects, relations and connections, one request at a time.

A :class:`Build` walks the plan with the request's principal and variables. Each object type has a
table of field compilers (``TYPES``, filled by the modules next to this one); a field compiler
returns a :class:`~gateway.compiler.sqlparts.Part`: the field's JSON value as SQL, and the audit
entries of the persons it showed. Rows come from the same places as on the resolver path: the
policy's scope in every level that reads a scoped table, the loaders' filter clauses and
orderings, the consent rule from the policy. The compiler decides no access of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from graphql import FieldNode, GraphQLObjectType
from graphql.execution.values import VariableValues
from sqlalchemy.dialects.postgresql import aggregate_order_by
from strawberry.types.arguments import convert_arguments

from db.enums import Gegevensgroep as G
from gateway import policy
from gateway.auth import Principal
from gateway.compiler.plan import Plan, PlanField, Unsupported
from gateway.compiler.sqlparts import (
    Level,
    Part,
    adapt,
    audit_agg,
    audit_entry,
    concat_audit,
    json_list,
    json_object,
    local,
    name,
)
from gateway.errors import GatewayError
from gateway.resolvers.paging import Ordering
from gateway.schema.guard import PERSON_TYPES, DocumentAnalysis
from gateway.settings import Settings

if TYPE_CHECKING:
    from gateway.context import Context

FieldCompiler = Callable[["Build", Any, Level, PlanField], Part]

#: Field compilers per GraphQL object type: (build, source, level, field) -> Part. The source is
#: what the type's fields read: a row (a table alias or subquery), a JSON document, ...
TYPES: dict[str, dict[str, FieldCompiler]] = {}
#: What a type's object records in the access log when it is returned, besides its fields.
OBJECT_AUDIT: dict[str, Callable[[Build, Any, Level, list[FieldNode]], Any]] = {}

T = TypeVar("T")


def fields_of(type_name: str) -> Callable[[dict[str, FieldCompiler]], None]:
    def register(table: dict[str, FieldCompiler]) -> None:
        TYPES.setdefault(type_name, {}).update(table)

    return register


@dataclass
class Build:
    """One request's compilation: principal, variables, the access-log positions and cursors."""

    plan: Plan
    context: Context
    variables: VariableValues
    analysis: DocumentAnalysis
    strawberry_schema: Any
    #: Groups per audit position (entries in the SQL name a position, not the groups).
    positions: list[frozenset[G]] = field(default_factory=list)
    #: Orderings of the connections whose cursors the response carries (placeholders name them).
    orderings: list[Ordering] = field(default_factory=list)
    _position_of: dict[frozenset[G], int] = field(default_factory=dict)

    @property
    def principal(self) -> Principal:
        return self.context.principal

    @property
    def settings(self) -> Settings:
        return self.context.settings

    # --- arguments -------------------------------------------------------------------------------

    def arguments(self, f: PlanField) -> dict[str, Any]:
        """The field's arguments converted exactly as Strawberry hands them to the resolver."""
        raw = f.arguments(self.variables)
        assert f.definition is not None
        sfield = (f.definition.extensions or {}).get("strawberry-definition")
        assert sfield is not None
        return convert_arguments(
            raw,
            sfield.arguments,
            scalar_registry=self.strawberry_schema.schema_converter.scalar_registry,
            config=self.strawberry_schema.config,
        )

    # --- audit positions ---------------------------------------------------------------------------

    def position(self, groups: frozenset[G]) -> int:
        pos = self._position_of.get(groups)
        if pos is None:
            pos = self._position_of[groups] = len(self.positions)
            self.positions.append(groups)
        return pos

    def person_entry(
        self, nodes: list[FieldNode], kind: str, v_nummer: Any, extra: frozenset[G] = frozenset()
    ) -> Any:
        """The audit entry of a returned person: its groups are those the resolver path records
        (DocumentAnalysis.groups_beneath over the same field nodes)."""
        groups = self.analysis.groups_beneath(nodes, kind) | extra
        return audit_entry(self.position(groups), v_nummer)

    # --- objects ---------------------------------------------------------------------------------

    def object(
        self,
        type_name: str,
        source: Any,
        level: Level,
        fields: list[PlanField],
        audit_nodes: list[FieldNode] | None = None,
        person: Any = None,
    ) -> Part:
        """An object's JSON and audit entries. `audit_nodes`: the nodes of the audited field that
        returned it (persons and households record themselves); `person`: its V-nummer column."""
        table = TYPES.get(type_name)
        if table is None:
            raise Unsupported(f"type {type_name}")
        pairs: list[tuple[str, Any]] = []
        audits: list[Any] = []
        if audit_nodes is not None and type_name in PERSON_TYPES:
            audits.append(self.person_entry(audit_nodes, type_name, person))
        hook = OBJECT_AUDIT.get(type_name)
        if audit_nodes is not None and hook is not None:
            audits.append(hook(self, source, level, audit_nodes))
        for f in fields:
            if f.name == "__typename":
                pairs.append((f.key, name(type_name)))
                continue
            compile_field = table.get(f.name)
            if compile_field is None:
                raise Unsupported(f"field {type_name}.{f.name}")
            part = compile_field(self, source, level, f)
            pairs.append((f.key, part.data))
            audits.append(part.audit)
        return Part(json_object(pairs), concat_audit(audits))

    def concrete(self, f: PlanField, type_name: str | None = None) -> list[PlanField]:
        return f.children(type_name or f.return_type.name)

    # --- relations -------------------------------------------------------------------------------

    def nested(self, level: Level, select: Any, part: Part) -> Part:
        """A nested level as a value of the parent row: a scalar subquery when it reports no audit
        entries, else a lateral join (both columns come from one evaluation)."""
        if part.audit is None:
            return Part(select.add_columns(part.data.label("data")).scalar_subquery())
        lateral = level.join(select.add_columns(part.data.label("data"), part.audit.label("audit")))
        return Part(lateral.c.data, lateral.c.audit)

    def to_one(
        self,
        level: Level,
        f: PlanField,
        type_name: str,
        table: Any,
        where: Sequence[Any],
        audited: bool = False,
    ) -> Part:
        """An object read by key from `table` (an alias), or null."""
        inner = Level(table)
        part = self.object(
            type_name,
            table,
            inner,
            self.concrete(f, type_name),
            audit_nodes=f.nodes if audited else None,
            person=getattr(table.c, "v_nummer", None),
        )
        select = inner.select().where(*where).limit(1)
        return self.nested(level, select, part)

    def to_many(
        self,
        level: Level,
        f: PlanField,
        type_name: str,
        table: Any,
        where: Sequence[Any],
        order_by: Sequence[Any],
        audited: bool = False,
        extra_groups: frozenset[G] = frozenset(),
    ) -> Part:
        """A list read from `table` (an alias) in order, [] for none."""
        inner = Level(table)
        fields = self.concrete(f, type_name)
        pairs: list[Any] = []
        part = self.object(type_name, table, inner, fields)
        if audited and type_name in PERSON_TYPES:
            pairs.append(self.person_entry(f.nodes, type_name, table.c.v_nummer, extra_groups))
        audit = concat_audit([*pairs, part.audit])
        select = inner.select().where(*where)
        data = json_list(part.data, order_by)
        if audit is None:
            return Part(select.add_columns(data.label("data")).scalar_subquery())
        lateral = level.join(select.add_columns(data.label("data"), audit_agg(audit).label("audit")))
        return Part(sa.func.coalesce(lateral.c.data, sa.literal_column("'[]'::json")), lateral.c.audit)

    # --- connections -------------------------------------------------------------------------------

    def connection(
        self,
        level: Level,
        f: PlanField,
        model: Any,
        where: Sequence[Any],
        ordering: Ordering,
        first: int,
        after: str | None,
        node_type: str,
        audited: bool = True,
    ) -> Part:
        """A keyset page: `first + 1` rows under the scope and filters (the extra one tells
        hasNextPage), totalCount and cursors as on the resolver path."""
        table = model.__table__
        base = table.alias()
        conditions = [adapt(w, base) for w in where]
        after_clause = [adapt(ordering.after(after), base)] if after else []
        sorts = [adapt(k.expr, base) for k in ordering.keys]
        order = [s.desc() if k.descending else s.asc() for s, k in zip(sorts, ordering.keys, strict=True)]
        page = (
            sa.select(*base.c, *[s.label(f"tvs_sort{i}") for i, s in enumerate(sorts)])
            .where(*conditions, *after_clause)
            .order_by(*order)
            .limit(first + 1)
            .correlate_except(base)
            .lateral()
        )
        page_order = [
            page.c[f"tvs_sort{i}"].desc() if k.descending else page.c[f"tvs_sort{i}"].asc()
            for i, k in enumerate(ordering.keys)
        ]
        rows = (
            sa.select(
                page,
                sa.func.row_number().over(order_by=page_order).label("tvs_rn"),
                (sa.func.count().over() > first).label("tvs_more"),
            )
            .correlate_except(page)
            .lateral()
        )
        inner = Level(rows)
        connection_type = f.return_type
        assert isinstance(connection_type, GraphQLObjectType)
        person_nodes = self.analysis.person_nodes(f.nodes, connection_type.name) if audited else []

        aggregates: list[Any] = []  # columns of the page's aggregate row

        def aggregate(expr: Any) -> _Agg:
            aggregates.append(expr.label(f"a{len(aggregates)}"))
            return _Agg(f"a{len(aggregates) - 1}")

        audits: list[Any] = []
        if person_nodes and node_type in PERSON_TYPES:
            audits.append(self.person_entry(person_nodes, node_type, rows.c.v_nummer))
        row_audit = OBJECT_AUDIT.get(f"{connection_type.name}.rows")
        if row_audit is not None:
            audits.append(row_audit(self, rows, inner, f.nodes))
        cursor_index: list[int] = []

        def cursor() -> Any:
            if not cursor_index:
                cursor_index.append(len(self.orderings))
                self.orderings.append(ordering)
            values: list[Any] = [sa.literal_column(str(cursor_index[0]))]
            values += [cursor_value(rows.c[f"tvs_sort{i}"], k.kind) for i, k in enumerate(ordering.keys)]
            return sa.func.json_build_object(name("$c"), sa.func.json_build_array(*values))

        out: list[tuple[str, Any]] = []
        for child in self.concrete(f):
            if child.name == "__typename":
                out.append((child.key, name(connection_type.name)))
            elif child.name == "totalCount":
                counted = local(sa.select(sa.func.count()).select_from(base).where(*conditions), base)
                out.append((child.key, counted.scalar_subquery()))
            elif child.name == "nodes":
                part = self.object(node_type, rows, inner, self.concrete(child, node_type))
                audits.append(part.audit)
                out.append((child.key, aggregate(json_list(part.data, [rows.c.tvs_rn]))))
            elif child.name == "edges":
                edge_type = child.return_type
                pairs: list[tuple[str, Any]] = []
                for edge_field in self.concrete(child, edge_type.name):
                    if edge_field.name == "__typename":
                        pairs.append((edge_field.key, name(edge_type.name)))
                    elif edge_field.name == "cursor":
                        pairs.append((edge_field.key, cursor()))
                    elif edge_field.name == "node":
                        part = self.object(node_type, rows, inner, self.concrete(edge_field, node_type))
                        audits.append(part.audit)
                        pairs.append((edge_field.key, part.data))
                    else:
                        raise Unsupported(f"field {edge_type.name}.{edge_field.name}")
                out.append((child.key, aggregate(json_list(json_object(pairs), [rows.c.tvs_rn]))))
            elif child.name == "pageInfo":
                info: list[tuple[str, Any]] = []
                for info_field in self.concrete(child, "PageInfo"):
                    if info_field.name == "__typename":
                        info.append((info_field.key, name("PageInfo")))
                    elif info_field.name == "hasNextPage":
                        more = aggregate(sa.func.coalesce(sa.func.bool_or(rows.c.tvs_more), sa.false()))
                        info.append((info_field.key, more))
                    elif info_field.name == "endCursor":
                        last = sa.func.array_agg(aggregate_order_by(cursor(), rows.c.tvs_rn.desc()))[1]
                        info.append((info_field.key, aggregate(last)))
                    else:
                        raise Unsupported(f"field PageInfo.{info_field.name}")
                out.append((child.key, info))
            else:
                raise Unsupported(f"field {connection_type.name}.{child.name}")

        audit = concat_audit(audits)
        if audit is not None:
            aggregates.append(audit_agg(audit).label("audit"))
        if not aggregates:
            return Part(json_object(out))
        page_row = inner.select(*aggregates).where(rows.c.tvs_rn <= first)
        lateral = level.join(page_row)

        def value(v: Any) -> Any:
            if isinstance(v, _Agg):
                return lateral.c[v.label]
            if isinstance(v, list):
                return json_object([(k, value(x)) for k, x in v])
            return v

        data = json_object([(k, value(v)) for k, v in out])
        return Part(data, lateral.c.audit if audit is not None else None)


def cursor_value(column: Any, kind: str) -> Any:
    """A sort value as SortKey.to_cursor writes it. asyncpg reads PostgreSQL's infinite dates
    (paging's MAX_DATE travels as 'infinity') as date.max: so does this."""
    if kind != "date":
        return column
    return sa.case(
        (column == sa.literal_column("'infinity'::date"), sa.literal_column("'9999-12-31'")),
        (column == sa.literal_column("'-infinity'::date"), sa.literal_column("'0001-01-01'")),
        else_=sa.func.to_char(column, sa.literal_column("'YYYY-MM-DD'")),
    )


@dataclass(frozen=True)
class _Agg:
    """A value read from the page's aggregate row."""

    label: str


def safe(call: Callable[[], T]) -> T:
    """Run an argument check of the resolver path; its error means the resolver path answers."""
    try:
        return call()
    except GatewayError as exc:
        raise Unsupported(
            f"argument error ({exc.extensions.get('code') if exc.extensions else exc})"
        ) from exc


__all__ = ["TYPES", "Build", "Part", "fields_of", "policy", "safe"]
