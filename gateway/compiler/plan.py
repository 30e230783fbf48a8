"""The plan of a read operation: its fields per response key, through aliases, named and inline
fragments, ``__typename`` and ``@include``/``@skip``, collected as graphql-core executes them.

A plan holds the document's structure only; argument values are read per request
(:meth:`PlanField.arguments`). Plans are cached per document, operation and the values of the
variables that ``@include``/``@skip`` read (:class:`PlanCache`).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    BooleanValueNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_argument_values,
    get_named_type,
)
from graphql.execution.values import VariableValues


class Unsupported(Exception):
    """The compiler does not cover this operation: the resolver path answers it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class PlanField:
    """One response key of a selection: the merged field nodes, on a concrete parent type."""

    key: str
    name: str
    nodes: list[FieldNode]
    parent: GraphQLObjectType
    definition: GraphQLField | None  # None for __typename
    plan: Plan = field(repr=False)
    _children: dict[str, list[PlanField]] = field(default_factory=dict, repr=False)

    @property
    def return_type(self) -> Any:
        assert self.definition is not None
        return get_named_type(self.definition.type)

    def children(self, concrete: str) -> list[PlanField]:
        """The fields selected beneath this one on objects of type `concrete`."""
        found = self._children.get(concrete)
        if found is None:
            runtime = self.plan.schema.get_type(concrete)
            assert isinstance(runtime, GraphQLObjectType)
            found = self._children[concrete] = self.plan.collect(
                runtime, [n.selection_set for n in self.nodes if n.selection_set]
            )
        return found

    def arguments(self, variables: VariableValues) -> dict[str, Any]:
        """The coerced argument values (GraphQL names, defaults applied) of this request."""
        assert self.definition is not None
        return get_argument_values(self.definition, self.nodes[0], variables)


@dataclass
class Plan:
    schema: GraphQLSchema
    document: DocumentNode
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    #: The values of the variables @include/@skip read (booleans, part of the cache key).
    directive_values: dict[str, bool]
    roots: list[PlanField] = field(default_factory=list)

    def collect(self, runtime: GraphQLObjectType, selection_sets: list[SelectionSetNode]) -> list[PlanField]:
        grouped: dict[str, list[FieldNode]] = {}
        visited: set[str] = set()
        for selection_set in selection_sets:
            self._visit(selection_set, runtime, grouped, visited)
        out = []
        for key, nodes in grouped.items():
            fname = nodes[0].name.value
            if fname.startswith("__") and fname != "__typename":
                raise Unsupported("introspection")
            definition = None if fname == "__typename" else runtime.fields.get(fname)
            if definition is None and fname != "__typename":
                raise Unsupported(f"unknown field {runtime.name}.{fname}")
            out.append(PlanField(key, fname, nodes, runtime, definition, self))
        return out

    def _visit(
        self,
        selection_set: SelectionSetNode,
        runtime: GraphQLObjectType,
        grouped: dict[str, list[FieldNode]],
        visited: set[str],
    ) -> None:
        for sel in selection_set.selections:
            if not self._included(sel):
                continue
            if isinstance(sel, FieldNode):
                key = sel.alias.value if sel.alias else sel.name.value
                grouped.setdefault(key, []).append(sel)
            elif isinstance(sel, InlineFragmentNode):
                condition = sel.type_condition.name.value if sel.type_condition else None
                if self._matches(condition, runtime):
                    self._visit(sel.selection_set, runtime, grouped, visited)
            elif isinstance(sel, FragmentSpreadNode):
                fname = sel.name.value
                fragment = self.fragments.get(fname)
                if fname in visited or fragment is None:
                    continue
                if not self._matches(fragment.type_condition.name.value, runtime):
                    continue
                visited.add(fname)
                self._visit(fragment.selection_set, runtime, grouped, visited)

    def _included(self, node: Any) -> bool:
        for d in node.directives or ():
            if d.name.value not in ("skip", "include"):
                raise Unsupported(f"directive @{d.name.value}")
            arg = next((a for a in d.arguments or () if a.name.value == "if"), None)
            if arg is None:
                continue
            if isinstance(arg.value, VariableNode):
                value = self.directive_values.get(arg.value.name.value, False)
            elif isinstance(arg.value, BooleanValueNode):
                value = arg.value.value
            else:
                raise Unsupported("directive argument")
            if value is (d.name.value == "skip"):
                return False
        return True

    def _matches(self, condition: str | None, runtime: GraphQLObjectType) -> bool:
        if condition is None or condition == runtime.name:
            return True
        target = self.schema.get_type(condition)
        return (
            target is not None
            and not isinstance(target, GraphQLObjectType)
            and (
                self.schema.is_sub_type(target, runtime)  # type: ignore[arg-type]
            )
        )


def _directive_variables(document: DocumentNode) -> list[str]:
    """The variables @include/@skip read anywhere in the document (they shape the plan)."""
    names: list[str] = []

    def walk(selection_set: SelectionSetNode | None) -> None:
        if selection_set is None:
            return
        for sel in selection_set.selections:
            for d in sel.directives or ():
                for arg in d.arguments or ():
                    if isinstance(arg.value, VariableNode):
                        names.append(arg.value.name.value)
            walk(getattr(sel, "selection_set", None))

    for definition in document.definitions:
        walk(getattr(definition, "selection_set", None))
    return sorted(set(names))


class PlanCache:
    """Plans by document object (the parser cache hands out one object per query text), operation
    and the @include/@skip values; bounded, least recently used out first."""

    def __init__(self, schema: GraphQLSchema, size: int = 512) -> None:
        self.schema = schema
        self.size = size
        self._entries: OrderedDict[tuple[Any, ...], Plan] = OrderedDict()
        self._directive_vars: OrderedDict[int, tuple[DocumentNode, list[str]]] = OrderedDict()

    def get(
        self, document: DocumentNode, operation: OperationDefinitionNode, variables: VariableValues
    ) -> Plan:
        dv = self._directive_vars.get(id(document))
        if dv is None or dv[0] is not document:
            dv = self._directive_vars[id(document)] = (document, _directive_variables(document))
            if len(self._directive_vars) > self.size:
                self._directive_vars.popitem(last=False)
        shape = {n: variables.coerced.get(n) is True for n in dv[1]}
        key = (id(document), id(operation), tuple(shape.values()))
        plan = self._entries.get(key)
        if plan is not None and plan.document is document and plan.operation is operation:
            self._entries.move_to_end(key)
            return plan
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        plan = Plan(self.schema, document, operation, fragments, shape)
        root = self.schema.query_type
        assert root is not None
        plan.roots = plan.collect(root, [operation.selection_set])
        self._entries[key] = plan
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return plan
