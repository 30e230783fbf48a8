"""A faster completion of objects whose selected fields are all plain leaves.

graphql-core executes every field of every object through the general path (resolve info, path,
awaitable checks, completion by type): about 3 µs a field, most of a 1,000-row export. When every
field selected on an object is a plain attribute (Strawberry's "basic" fields: no resolver, no
extension) of a leaf type, the result is simply each attribute serialised by its type. This
execution context builds that dict directly and hands anything else (a null in a non-null
field, a serialisation error, a field with a resolver) to graphql-core unchanged, so the answer and
its errors are exactly graphql-core's. Checks are not per field here: field groups are decided on
the document before execution, and access-log recording lives on the fields that return persons,
which are never plain leaves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

#: (response key, attribute, serialise, non-null); None: this selection has a non-plain field.
LeafPlan = tuple[tuple[str, str | None, Callable[[Any], Any] | None, bool], ...]

_DEFINITION = "strawberry-definition"


def _basic_attribute(field: Any) -> str | None:
    """The attribute a Strawberry basic field reads, or None when the field does more."""
    resolve = field.resolve
    if resolve is None or resolve.__name__ != "_get_basic_result":
        return None
    definition = (field.extensions or {}).get(_DEFINITION)
    if definition is None or definition.base_resolver is not None or definition.extensions:
        return None
    return str(definition.python_name)


class FastLeafExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[int, tuple[Any, LeafPlan | None]] = {}

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> LeafPlan | None:
        key = id(grouped_field_set)
        cached = self._plans.get(key)
        if cached is not None and cached[0] is grouped_field_set:
            return cached[1]
        plan: list[tuple[str, str | None, Callable[[Any], Any] | None, bool]] = []
        for response_name, details in grouped_field_set.items():
            name = details[0].node.name.value
            if name == "__typename":
                plan.append((response_name, None, None, True))
                continue
            field = parent_type.fields.get(name)
            attribute = _basic_attribute(field) if field is not None else None
            field_type = field.type if field is not None else None
            non_null = isinstance(field_type, GraphQLNonNull)
            named = field_type.of_type if non_null else field_type  # type: ignore[union-attr]
            if attribute is None or not isinstance(named, GraphQLScalarType | GraphQLEnumType):
                self._plans[key] = (grouped_field_set, None)
                return None
            plan.append((response_name, attribute, named.serialize, non_null))
        result = tuple(plan)
        self._plans[key] = (grouped_field_set, result)  # keeps the field set alive: ids stay unique
        return result

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Any,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        plan = self._plan(parent_type, grouped_field_set)
        if plan is not None:
            out: dict[str, Any] = {}
            try:
                for response_name, attribute, serialize, non_null in plan:
                    if attribute is None:
                        out[response_name] = parent_type.name
                        continue
                    value = getattr(source_value, attribute)
                    if value is None:
                        if non_null:
                            break  # graphql-core reports the error
                        out[response_name] = None
                    else:
                        serialized = serialize(value)  # type: ignore[misc]
                        if serialized is None or serialized is Undefined:
                            break  # graphql-core reports the error
                        out[response_name] = serialized
                else:
                    return out
            except Exception:  # noqa: S110 - graphql-core reports it, with the path
                pass
        return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
