"""Access-log recording on every field that returns a person's data.

A field that returns a Vergunninghouder, a Nareiziger, a connection of them, a Node, a klantprofiel
or a plaatsingseenheid carries :func:`audited`. After it resolves, each person it returned is put in
the request's access log with the groups the document selected for it. The schema refuses to build
when such a field lacks it (:func:`check_every_person_field_is_audited`), so a new path cannot
forget. Only these fields pay for it; scalar fields stay plain attributes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema, get_named_type
from strawberry.extensions import FieldExtension
from strawberry.types import Info

from gateway.schema.guard import BOUNDARY_TYPES, DEFINITION, PERSON_TYPES


def _objects(result: Any) -> list[Any]:
    if result is None:
        return []
    if isinstance(result, list):
        return result
    nodes = getattr(result, "nodes", None)  # a connection
    if isinstance(nodes, list):
        return nodes
    return [result]


class AuditedField(FieldExtension):
    def resolve(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        result = next_(source, info, **kwargs)
        _record_sync(result, info)
        return result

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        result = await next_(source, info, **kwargs)
        await _record(result, info)
        return result


def _record_sync(result: Any, info: Info) -> None:
    for obj in _objects(result):
        if getattr(obj, "_audit_type", None) == "Plaatsingseenheid":
            raise RuntimeError("a plaatsingseenheid field must be async (it loads its members)")
    _record_persons(result, info)


async def _record(result: Any, info: Info) -> None:
    _record_persons(result, info)
    households = [o for o in _objects(result) if getattr(o, "_audit_type", None) == "Plaatsingseenheid"]
    if households:
        from gateway.loaders.vergunninghouder import LedenByPlaatsingseenheidLoader

        ctx = info.context
        groups = ctx.analysis.groups_beneath(list(info._raw_info.field_nodes), "Plaatsingseenheid")
        loader = ctx.loaders.get(LedenByPlaatsingseenheidLoader)
        for leden in await loader.load_many([h.db_id for h in households]):
            for lid in leden:
                ctx.audit.shown(lid.v_nummer, groups)


def _record_persons(result: Any, info: Info) -> None:
    ctx = info.context
    analysis = ctx.analysis
    nodes = list(info._raw_info.field_nodes)
    connection = type(result).__name__ if hasattr(result, "edges") else None
    person_nodes = analysis.person_nodes(nodes, connection)
    if not person_nodes:
        return  # a connection of which only totalCount or pageInfo was selected: nobody's data left
    for obj in _objects(result):
        kind = getattr(obj, "_audit_type", None)
        if kind in PERSON_TYPES or kind == "Klantprofiel":
            ctx.audit.shown(obj.v_nummer, analysis.groups_beneath(person_nodes, kind))


def audited() -> list[FieldExtension]:
    return [AuditedField()]


def check_every_person_field_is_audited(schema: GraphQLSchema) -> None:
    """Fail at start-up when a field that can return a person's data does not record it."""
    missing = []
    for type_name, gtype in schema.type_map.items():
        if not isinstance(gtype, GraphQLObjectType) or type_name.startswith("__"):
            continue
        if type_name.endswith(("Connection", "Edge")):
            continue  # the field returning the connection records
        for fname, gfield in gtype.fields.items():
            target = get_named_type(gfield.type)
            names = {target.name}
            if target.name.endswith("Connection") and isinstance(target, GraphQLObjectType):
                names.add(get_named_type(target.fields["nodes"].type).name)
            if hasattr(target, "types"):  # a union
                names |= {t.name for t in target.types}
            if target.name == "Node":
                names |= PERSON_TYPES
            if not names & BOUNDARY_TYPES:
                continue
            sfield = (gfield.extensions or {}).get(DEFINITION)
            if not any(isinstance(e, AuditedField) for e in getattr(sfield, "extensions", [])):
                missing.append(f"{type_name}.{fname}")
    if missing:
        raise RuntimeError("fields returning personal data without access logging: " + ", ".join(missing))
