"""Query limits: how deep, how many aliases and directives, how many objects a response may hold.

Measured on the document before validation and execution (a query over a limit costs the server no
more than this walk), counted through fragments as if each spread were written out: a fragment
spread twenty times brings its aliases twenty times (the known way around alias limits). The
measurements of a document are cached with it (gateway/schema/documents.py); per request only the
cost is evaluated again, because `first` may come from a variable.

The cost estimate counts the objects a response can hold: a list counts its `first` (a literal, a
variable, or the argument's default), a connection passes its `first` to its `nodes` and `edges`,
a list without `first` counts the size the data model bounds it to (ASSUMED_LIST_SIZE) or else a
full page, and sizes multiply down the nesting. Scalars are free; introspection fields are not
counted (production turns introspection off).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_leaf_type,
)

from gateway.errors import Code, GatewayError

#: Lists without `first` whose length the data model bounds. Every other list counts as a full page
#: (TVS_MAX_PAGE_SIZE), so a new list is estimated on the safe side until someone adds it here.
ASSUMED_LIST_SIZE: dict[str, int] = {
    "Query.gemeenten": 400,
    "Query.arbeidsmarktregios": 40,
    "Query.uitplaatsingsregios": 10,
    "Arbeidsmarktregio.gemeenten": 40,
    "Uitplaatsingsregio.gemeenten": 150,
    "Uitplaatsingsregio.regievoerders": 10,
    "Gemeente.taakstelling": 10,
    "Gemeente.contactpersonen": 25,
    "Plaatsingseenheid.leden": 15,
    "Plaatsingseenheid.formulieren": 4,
    "Vergunninghouder.klantprofielVersies": 10,
    "Vergunninghouder.nareizigers": 10,
    "Familiegegevens.gezinsleden": 15,
    "Educatiegegevens.opleidingen": 10,
    "Educatiegegevens.taalvaardigheid": 10,
    "Arbeidsgegevens.werkervaring": 10,
}


class QueryTooComplex(GatewayError):
    """A limit was exceeded: ``extensions`` name the limit, its maximum and the value found."""

    def __init__(self, limit: str, maximum: int | float, value: int | float | None, message: str) -> None:
        found = {limit: value} if value is not None else {}
        super().__init__(Code.QUERY_TOO_COMPLEX, message, limit=limit, maximum=maximum, **found)


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_aliases: int
    max_directives: int
    max_tokens: int
    max_cost: int
    max_page_size: int

    @classmethod
    def from_settings(cls, settings: Any) -> Limits:
        return cls(
            max_depth=settings.max_depth,
            max_aliases=settings.max_aliases,
            max_directives=settings.max_directives,
            max_tokens=settings.max_tokens,
            max_cost=settings.max_cost,
            max_page_size=settings.max_page_size,
        )


# --- list sizes --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Size:
    """How many items a list holds: a number, or `first` from a variable (with its fallbacks)."""

    count: int | None = None  # known when the document says it
    variable: str | None = None
    default: int | None = None  # the variable's or the argument's default
    page: bool = False  # unknown: a full page

    def evaluate(self, variables: Mapping[str, Any], page_size: int) -> int:
        value: Any = self.count
        if self.variable is not None:
            value = variables.get(self.variable, self.default)
        elif self.page:
            value = page_size
        if not isinstance(value, int) or isinstance(value, bool):
            value = page_size
        # More than a page is refused by the resolver anyway; less than nothing is nothing.
        return max(0, min(int(value), page_size))


ONE = Size(count=1)
PAGE = Size(page=True)


@dataclass(eq=False, slots=True)
class CostNode:
    """One selected object field: `size` objects per parent, each holding `children`."""

    size: Size
    children: list[CostNode]


# --- the measurements of one operation ---------------------------------------------------------------


@dataclass
class OperationShape:
    depth: int
    aliases: int
    directives: int
    roots: list[CostNode]
    uses_variables: bool = False
    #: Costs by page size, for operations whose sizes need no variables.
    _fixed: dict[int, int] = field(default_factory=dict)

    def cost(self, variables: Mapping[str, Any] | None, page_size: int) -> int:
        if self.uses_variables:
            return _cost(self.roots, variables or {}, page_size)
        known = self._fixed.get(page_size)
        if known is None:
            known = self._fixed[page_size] = _cost(self.roots, {}, page_size)
        return known

    def check(self, limits: Limits, variables: Mapping[str, Any] | None) -> QueryTooComplex | None:
        """The first limit this operation exceeds, or None."""
        if self.depth > limits.max_depth:
            return QueryTooComplex(
                "depth",
                limits.max_depth,
                self.depth,
                f"Query te diep genest: {self.depth} niveaus, maximaal {limits.max_depth}",
            )
        if self.aliases > limits.max_aliases:
            return QueryTooComplex(
                "aliases",
                limits.max_aliases,
                self.aliases,
                f"Te veel aliassen: {self.aliases}, maximaal {limits.max_aliases}",
            )
        if self.directives > limits.max_directives:
            return QueryTooComplex(
                "directives",
                limits.max_directives,
                self.directives,
                f"Te veel directives: {self.directives}, maximaal {limits.max_directives}",
            )
        cost = self.cost(variables, limits.max_page_size)
        if cost > limits.max_cost:
            return QueryTooComplex(
                "cost",
                limits.max_cost,
                cost,
                f"Query te groot: naar schatting {cost} objecten, maximaal {limits.max_cost}",
            )
        return None


def _cost(roots: list[CostNode], variables: Mapping[str, Any], page_size: int) -> int:
    memo: dict[int, int] = {}  # fragments make the tree a DAG: evaluate each node once

    def unit(node: CostNode) -> int:
        known = memo.get(id(node))
        if known is None:
            size = node.size.evaluate(variables, page_size)
            known = memo[id(node)] = size * (1 + sum(unit(c) for c in node.children))
        return known

    return sum(unit(r) for r in roots)


def measure(
    schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode
) -> OperationShape:
    """Depth, aliases, directives and the cost tree of `operation`, through its fragments."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    walker = _Walker(schema, fragments, _variable_defaults(operation))
    try:
        depth, aliases, directives = walker.counts(operation.selection_set)
        directives += len(operation.directives or ())
        directives += sum(len(v.directives or ()) for v in operation.variable_definitions or ())
        root = schema.get_root_type(operation.operation)
        roots = walker.nodes(operation.selection_set, root, None) if root is not None else []
    except RecursionError:
        # Nested beyond what the interpreter can walk: far beyond any depth limit.
        return OperationShape(depth=10**6, aliases=0, directives=0, roots=[])
    return OperationShape(depth, aliases, directives, roots, uses_variables=walker.uses_variables)


def _variable_defaults(operation: OperationDefinitionNode) -> dict[str, int]:
    out = {}
    for v in operation.variable_definitions or ():
        if isinstance(v.default_value, IntValueNode):
            out[v.variable.name.value] = int(v.default_value.value)
    return out


@dataclass
class _Walker:
    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variable_defaults: dict[str, int]
    uses_variables: bool = False
    _counts: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    _nodes: dict[tuple[str, str, Size | None], list[CostNode]] = field(default_factory=dict)
    _visiting: set[str] = field(default_factory=set)

    # --- depth, aliases, directives (independent of types) --------------------------------------

    def counts(self, selection_set: SelectionSetNode | None) -> tuple[int, int, int]:
        """(depth, aliases, directives) of a selection set, fragments written out."""
        depth = aliases = directives = 0
        for sel in selection_set.selections if selection_set else ():
            directives += _count(sel.directives)
            if isinstance(sel, FieldNode):
                if sel.name.value.startswith("__") and sel.name.value != "__typename":
                    continue  # introspection is not limited here (off in production)
                d, a, n = self.counts(sel.selection_set)
                depth = max(depth, 1 + d)
                aliases += a + (1 if sel.alias else 0)
                directives += n
            elif isinstance(sel, InlineFragmentNode):
                d, a, n = self.counts(sel.selection_set)
                depth, aliases, directives = max(depth, d), aliases + a, directives + n
            elif isinstance(sel, FragmentSpreadNode):
                d, a, n = self._fragment_counts(sel.name.value)
                depth, aliases, directives = max(depth, d), aliases + a, directives + n
        return depth, aliases, directives

    def _fragment_counts(self, name: str) -> tuple[int, int, int]:
        known = self._counts.get(name)
        if known is not None:
            return known
        fragment = self.fragments.get(name)
        if fragment is None or name in self._visiting:
            return 0, 0, 0  # unknown or cyclic: validation reports it
        self._visiting.add(name)
        d, a, n = self.counts(fragment.selection_set)
        self._visiting.discard(name)
        known = self._counts[name] = (d, a, n + _count(fragment.directives))
        return known

    # --- the cost tree (needs the types) ------------------------------------------------------------

    def nodes(
        self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType, connection: Size | None
    ) -> list[CostNode]:
        """Cost nodes of the object fields selected under `parent`. `connection` is the size a
        connection's `first` gives its list fields."""
        out: list[CostNode] = []
        for node, gtype in self._fields(selection_set, parent, connection, out):
            gfield = gtype.fields.get(node.name.value)
            if gfield is None:
                continue  # unknown field: validation reports it
            named = get_named_type(gfield.type)
            if is_leaf_type(named):
                continue
            first = self._first(node, gfield)
            is_list = isinstance(_nullable(gfield.type), GraphQLList)
            if is_list:
                size = first or connection or self._assumed(f"{gtype.name}.{node.name.value}")
                children = self.nodes(node.selection_set, named, None)
            else:
                size = ONE
                children = self.nodes(node.selection_set, named, first)
            out.append(CostNode(size, children))
        return out

    def _fields(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType,
        connection: Size | None,
        out: list[CostNode],
    ) -> Iterator[tuple[FieldNode, GraphQLObjectType | GraphQLInterfaceType]]:
        for sel in selection_set.selections if selection_set else ():
            if isinstance(sel, FieldNode):
                if sel.name.value.startswith("__"):
                    continue
                if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
                    yield sel, parent
            elif isinstance(sel, InlineFragmentNode):
                target = self._type(sel.type_condition.name.value if sel.type_condition else None, parent)
                if target is not None:
                    yield from self._fields(sel.selection_set, target, connection, out)
            elif isinstance(sel, FragmentSpreadNode):
                out.extend(self._fragment_nodes(sel.name.value, parent, connection))

    def _fragment_nodes(self, name: str, parent: GraphQLNamedType, connection: Size | None) -> list[CostNode]:
        key = (name, parent.name, connection)
        known = self._nodes.get(key)
        if known is not None:
            return known
        fragment = self.fragments.get(name)
        if fragment is None or name in self._visiting:
            return []
        target = self._type(fragment.type_condition.name.value, parent)
        if target is None:
            return []
        self._visiting.add(name)
        known = self._nodes[key] = self.nodes(fragment.selection_set, target, connection)
        self._visiting.discard(name)
        return known

    def _type(self, name: str | None, parent: GraphQLNamedType) -> GraphQLNamedType | None:
        return parent if name is None else self.schema.get_type(name)

    def _first(self, node: FieldNode, gfield: Any) -> Size | None:
        arg_def = gfield.args.get("first")
        if arg_def is None:
            return None
        arg_default = arg_def.default_value if isinstance(arg_def.default_value, int) else None
        for arg in node.arguments or ():
            if arg.name.value != "first":
                continue
            if isinstance(arg.value, IntValueNode):
                return Size(count=int(arg.value.value))
            if isinstance(arg.value, VariableNode):
                self.uses_variables = True
                name = arg.value.name.value
                return Size(variable=name, default=self.variable_defaults.get(name, arg_default))
        return Size(count=arg_default) if arg_default is not None else PAGE

    def _assumed(self, key: str) -> Size:
        assumed = ASSUMED_LIST_SIZE.get(key)
        return Size(count=assumed) if assumed is not None else PAGE


def _nullable(gtype: Any) -> Any:
    return gtype.of_type if isinstance(gtype, GraphQLNonNull) else gtype


def _count(directives: tuple[DirectiveNode, ...] | None) -> int:
    return len(directives or ())
