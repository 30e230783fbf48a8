"""The field-group rule, enforced on the document before execution.

The groups come from the schema's own ``@gegevensgroep`` directives (on fields, types, filter input
fields and sort values), read once when the schema is built: there is no second list to drift.
A role that may not read every group the operation touches gets the whole operation refused:
FORBIDDEN, ``extensions.velden`` naming the fields, no data, and a GEWEIGERD access-log record.
The walk follows aliases, named and inline fragments, and the values of variables.

The analysis of a document is cached with the document; it also tells the access log which groups
each person's data was selected from (:meth:`DocumentAnalysis.groups_beneath`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
)
from graphql.language import EnumValueNode, StringValueNode

from db.enums import Gegevensgroep as G

DEFINITION = "strawberry-definition"

#: Types whose objects are persons: each returned one gets its own access-log record.
PERSON_TYPES = frozenset({"Vergunninghouder", "Nareiziger"})
#: Types that record the persons they belong to themselves (consent-bound, or a household).
BOUNDARY_TYPES = PERSON_TYPES | {"Klantprofiel", "Plaatsingseenheid"}


def _groups_of(directives: Any) -> frozenset[G]:
    out = set()
    for d in directives or ():
        groep = getattr(d, "groep", None)
        if groep is not None:
            out.add(G(groep.value if hasattr(groep, "value") else groep))
    return frozenset(out)


@dataclass(frozen=True)
class GroupRules:
    """Every group the schema declares, keyed by where it is declared."""

    fields: dict[tuple[str, str], frozenset[G]]
    inputs: dict[tuple[str, str], frozenset[G]]
    enum_values: dict[tuple[str, str], frozenset[G]]
    type_groups: dict[str, frozenset[G]]

    @classmethod
    def from_schema(cls, schema: GraphQLSchema) -> GroupRules:
        fields: dict[tuple[str, str], frozenset[G]] = {}
        inputs: dict[tuple[str, str], frozenset[G]] = {}
        enum_values: dict[tuple[str, str], frozenset[G]] = {}
        type_groups: dict[str, frozenset[G]] = {}
        for name, gtype in schema.type_map.items():
            if name.startswith("__"):
                continue
            definition = (gtype.extensions or {}).get(DEFINITION)
            if isinstance(gtype, GraphQLObjectType | GraphQLInterfaceType):
                own = _groups_of(getattr(definition, "directives", None))
                type_groups[name] = own
                for fname, gfield in gtype.fields.items():
                    fdef = (gfield.extensions or {}).get(DEFINITION)
                    groups = own | _groups_of(getattr(fdef, "directives", None))
                    if groups:
                        fields[(name, fname)] = groups
            elif isinstance(gtype, GraphQLInputObjectType):
                for fname, gfield in gtype.fields.items():
                    fdef = (gfield.extensions or {}).get(DEFINITION)
                    groups = _groups_of(getattr(fdef, "directives", None))
                    if groups:
                        inputs[(name, fname)] = groups
            elif isinstance(gtype, GraphQLEnumType):
                for vname, value in gtype.values.items():
                    vdef = (value.extensions or {}).get(DEFINITION)
                    groups = _groups_of(getattr(vdef, "directives", None))
                    if groups:
                        enum_values[(name, vname)] = groups
        return cls(fields=fields, inputs=inputs, enum_values=enum_values, type_groups=type_groups)


@dataclass
class DocumentAnalysis:
    """What one operation of a document selects. Cached with the document it was made from."""

    schema: GraphQLSchema
    rules: GroupRules
    document: DocumentNode
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    #: "Type.veld" -> groups, for every tagged field the operation selects.
    selected: dict[str, frozenset[G]] = field(default_factory=dict)
    #: (parent type, field node) pairs whose arguments may carry tagged input fields or values.
    argument_nodes: list[tuple[GraphQLObjectType | GraphQLInterfaceType, FieldNode]] = field(
        default_factory=list
    )
    _beneath: dict[tuple[int, str], frozenset[G]] = field(default_factory=dict)

    # --- the static walk --------------------------------------------------------------------------

    def walk(self) -> None:
        root = self.schema.get_root_type(self.operation.operation)
        assert root is not None
        self._walk(self.operation.selection_set, root)

    def _walk(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType) -> None:
        for node, gtype in self._fields(selection_set, parent, concrete=None):
            name = node.name.value
            if name.startswith("__"):
                continue
            gfield = gtype.fields[name]
            groups = self.rules.fields.get((gtype.name, name))
            if groups:
                self.selected[f"{gtype.name}.{name}"] = groups
            if node.arguments:
                self.argument_nodes.append((gtype, node))
            if node.selection_set is not None:
                self._walk(node.selection_set, get_named_type(gfield.type))

    def _fields(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType,
        concrete: str | None,
    ) -> Iterator[tuple[FieldNode, GraphQLObjectType | GraphQLInterfaceType]]:
        """The field nodes of a selection set with the type they are selected on, through fragments.

        With `concrete`, only the fragments that apply to that object type are followed.
        """
        if selection_set is None:
            return
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
                    yield sel, parent
                # On a union only __typename can be selected directly.
            elif isinstance(sel, InlineFragmentNode):
                target = self._condition(
                    sel.type_condition.name.value if sel.type_condition else None, parent
                )
                if concrete is None or self._applies(target, concrete):
                    yield from self._fields(sel.selection_set, target, concrete)
            elif isinstance(sel, FragmentSpreadNode):
                frag = self.fragments.get(sel.name.value)
                if frag is None:
                    continue
                target = self._condition(frag.type_condition.name.value, parent)
                if concrete is None or self._applies(target, concrete):
                    yield from self._fields(frag.selection_set, target, concrete)

    def _condition(self, name: str | None, parent: GraphQLNamedType) -> GraphQLNamedType:
        if name is None:
            return parent
        t = self.schema.get_type(name)
        assert t is not None
        return t

    def _applies(self, target: GraphQLNamedType, concrete: str) -> bool:
        if target.name == concrete:
            return True
        obj = self.schema.get_type(concrete)
        if isinstance(target, GraphQLInterfaceType | GraphQLUnionType) and isinstance(obj, GraphQLObjectType):
            return self.schema.is_sub_type(target, obj)
        return False

    # --- arguments (needs the variables of this request) ---------------------------------------

    def argument_groups(self, variables: dict[str, Any] | None) -> tuple[dict[str, frozenset[G]], set[str]]:
        """Groups of the filter fields and sort values this request's arguments use, and the
        V-nummers they name."""
        needed: dict[str, frozenset[G]] = {}
        v_nummers: set[str] = set()
        for gtype, node in self.argument_nodes:
            gfield = gtype.fields[node.name.value]
            for arg in node.arguments or ():
                arg_def = gfield.args.get(arg.name.value)
                if arg_def is None:
                    continue
                value = _raw_value(arg.value, variables or {})
                if arg.name.value in ("vNummer",) and isinstance(value, str):
                    v_nummers.add(value)
                self._value_groups(arg_def.type, value, needed, v_nummers)
        return needed, v_nummers

    def _value_groups(
        self, gtype: Any, value: Any, needed: dict[str, frozenset[G]], v_nummers: set[str]
    ) -> None:
        if value is None:
            return
        if isinstance(gtype, GraphQLNonNull):
            self._value_groups(gtype.of_type, value, needed, v_nummers)
        elif isinstance(gtype, GraphQLList):
            for item in value if isinstance(value, list) else [value]:
                self._value_groups(gtype.of_type, item, needed, v_nummers)
        elif isinstance(gtype, GraphQLInputObjectType) and isinstance(value, dict):
            for fname, fvalue in value.items():
                ifield = gtype.fields.get(fname)
                if ifield is None or fvalue is None:
                    continue
                groups = self.rules.inputs.get((gtype.name, fname))
                if groups:
                    needed[f"{gtype.name}.{fname}"] = groups
                if fname in ("vNummer", "vNummerReferent") and isinstance(fvalue, str):
                    v_nummers.add(fvalue)
                self._value_groups(ifield.type, fvalue, needed, v_nummers)
        elif isinstance(gtype, GraphQLEnumType) and isinstance(value, str):
            groups = self.rules.enum_values.get((gtype.name, value))
            if groups:
                needed[f"{gtype.name}.{value}"] = groups

    # --- what a person's record lists ----------------------------------------------------------

    def groups_beneath(self, nodes: list[FieldNode], concrete: str) -> frozenset[G]:
        """The groups selected under `nodes` on objects of type `concrete`, up to (not into) the
        next boundary object, which records itself. For a connection, the groups of its nodes."""
        out: set[G] = set()
        for node in nodes:
            key = (id(node), concrete)
            cached = self._beneath.get(key)
            if cached is None:
                cached = self._beneath[key] = self._compute_beneath(node, concrete)
            out |= cached
        return frozenset(out)

    def _compute_beneath(self, node: FieldNode, concrete: str) -> frozenset[G]:
        obj = self.schema.get_type(concrete)
        assert isinstance(obj, GraphQLObjectType)
        out: set[G] = set()
        for child, gtype in self._fields(node.selection_set, obj, concrete=concrete):
            name = child.name.value
            if name.startswith("__"):
                continue
            out |= self.rules.fields.get((gtype.name, name), frozenset())
            target = get_named_type(gtype.fields[name].type)
            if child.selection_set is None:
                continue
            out |= self._nested(child, target)
        return frozenset(out)

    def _nested(self, node: FieldNode, target: GraphQLNamedType) -> frozenset[G]:
        """Groups under a nested object that belongs to the same person (a koppeling, an azc...)."""
        if target.name in BOUNDARY_TYPES:
            return frozenset()
        possible: list[GraphQLObjectType]
        if isinstance(target, GraphQLObjectType):
            possible = [target]
        elif isinstance(target, GraphQLInterfaceType | GraphQLUnionType):
            possible = list(self.schema.get_possible_types(target))
        else:
            return frozenset()
        out: set[G] = set()
        for t in possible:
            if t.name not in BOUNDARY_TYPES:
                out |= self.groups_beneath([node], t.name)
        return frozenset(out)

    def person_nodes(self, nodes: list[FieldNode], connection: str | None) -> list[FieldNode]:
        """For a connection field, its `edges { node }` and `nodes` fields; else the field itself."""
        if connection is None:
            return nodes
        out: list[FieldNode] = []
        return_type = self.schema.get_type(connection)
        assert isinstance(return_type, GraphQLObjectType)
        for node in nodes:
            for child, _ in self._fields(node.selection_set, return_type, concrete=return_type.name):
                if child.name.value == "nodes":
                    out.append(child)
                elif child.name.value == "edges":
                    edge_type = get_named_type(return_type.fields["edges"].type)
                    for grandchild, _ in self._fields(
                        child.selection_set, edge_type, concrete=edge_type.name
                    ):
                        if grandchild.name.value == "node":
                            out.append(grandchild)
        return out


def _raw_value(node: ValueNode, variables: dict[str, Any]) -> Any:
    """An argument's value as the client sent it: literals from the document, the rest from the
    variables (names as in GraphQL, enum values as strings)."""
    if isinstance(node, VariableNode):
        return variables.get(node.name.value)
    if isinstance(node, ObjectValueNode):
        return {f.name.value: _raw_value(f.value, variables) for f in node.fields}
    if isinstance(node, ListValueNode):
        return [_raw_value(v, variables) for v in node.values]
    if isinstance(node, EnumValueNode | StringValueNode):
        return node.value
    return getattr(node, "value", None)


class AnalysisCache:
    """Analyses by document object (the parser cache hands out the same object per query text),
    bounded. An entry is only used for the very document it was made from."""

    def __init__(self, schema: GraphQLSchema, rules: GroupRules, size: int = 512) -> None:
        self.schema = schema
        self.rules = rules
        self.size = size
        self._entries: OrderedDict[tuple[int, str | None], DocumentAnalysis] = OrderedDict()

    def get(self, document: DocumentNode, operation: OperationDefinitionNode) -> DocumentAnalysis:
        key = (id(document), operation.name.value if operation.name else None)
        entry = self._entries.get(key)
        if entry is not None and entry.document is document and entry.operation is operation:
            self._entries.move_to_end(key)
            return entry
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        entry = DocumentAnalysis(self.schema, self.rules, document, operation, fragments)
        entry.walk()
        self._entries[key] = entry
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return entry
