"""The Query root: one SQL statement per root field, selecting the field's JSON as text and the
audit entries of the persons it returned."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from db.models import AuditRecord, Contactpersoon, Gemeente, Notificatie, Plaatsingseenheid
from gateway import identifiers, policy
from gateway.compiler import klantprofiel as _klantprofiel  # noqa: F401  (registers its types)
from gateway.compiler.build import Build, safe
from gateway.compiler.persons import nareiziger_by, plaatsingseenheid_by, vergunninghouder_by
from gateway.compiler.plan import PlanField, Unsupported
from gateway.compiler.reference import (
    gemeente_by_id,
    gemeenten_where,
    nareizigers_connection,
    vergunninghouders_connection,
)
from gateway.compiler.sqlparts import Level, Part, adapt
from gateway.loaders.notificatie import ORDERING as NOTIFICATIE_ORDERING
from gateway.resolvers.audit import ORDERING as AUDIT_ORDERING
from gateway.resolvers.audit import audit_where
from gateway.resolvers.gemeente import contactpersonen_where
from gateway.resolvers.notificatie import notificaties_where
from gateway.schema.node import decode_id
from gateway.schema.pagination import check_first

RootCompiler = Callable[[Build, Level, PlanField], Part]


def _check(valid: bool) -> None:
    """An argument the resolver path refuses: it answers with the contract's error."""
    if not valid:
        raise Unsupported("argument error (VALIDATION_FAILED)")


def _vergunninghouder(b: Build, level: Level, f: PlanField) -> Part:
    v = b.arguments(f)["v_nummer"]
    _check(identifiers.is_v_nummer(v))
    return vergunninghouder_by(b, level, f, lambda vh: vh.c.v_nummer == v)


def _gemeente(b: Build, level: Level, f: PlanField) -> Part:
    code = b.arguments(f)["code"]
    _check(identifiers.is_cbs_gemeentecode(code))
    g = Gemeente.__table__.alias()
    return b.to_one(level, f, "Gemeente", g, [g.c.code == code])


def _plaatsingseenheid(b: Build, level: Level, f: PlanField) -> Part:
    ple_nummer = b.arguments(f)["ple_nummer"]
    return plaatsingseenheid_by(b, level, f, lambda ple: ple.c.ple_nummer == ple_nummer)


def _contactpersonen(b: Build, level: Level, f: PlanField) -> Part:
    where = safe(lambda: contactpersonen_where(b.principal, b.arguments(f)["gemeente_code"]))
    c = Contactpersoon.__table__.alias()
    return b.to_many(level, f, "Contactpersoon", c, [adapt(w, c) for w in where], [c.c.naam, c.c.id])


def _mijn_notificaties(b: Build, level: Level, f: PlanField) -> Part:
    args = b.arguments(f)
    first = safe(lambda: check_first(args["first"], b.settings.max_page_size))
    where = notificaties_where(b.principal, bool(args["alleen_ongelezen"]))
    return safe(
        lambda: b.connection(
            level, f, Notificatie, where, NOTIFICATIE_ORDERING, first, args["after"], "Notificatie"
        )
    )


def _audit_log(b: Build, level: Level, f: PlanField) -> Part:
    args = b.arguments(f)
    first = safe(lambda: check_first(args["first"], b.settings.max_page_size))
    where = safe(lambda: audit_where(b.context, args["filter"]))
    return safe(
        lambda: b.connection(
            level, f, AuditRecord, where, AUDIT_ORDERING, first, args["after"], "AuditRecord", False
        )
    )


def _node(b: Build, level: Level, f: PlanField) -> Part:
    """Any global id, through the same scope as every other path; null for anything else."""
    decoded = decode_id(str(b.arguments(f)["id"]))
    if decoded is None:
        return Part(sa.null())
    type_name, pk = decoded
    by_id = _NODES.get(type_name)
    if by_id is None or not policy.type_readable(
        b.principal, b.analysis.rules.type_groups.get(type_name, ())
    ):
        return Part(sa.null())
    return by_id(b, level, f, sa.literal(pk, sa.BigInteger))


def _by_id(type_name: str, model: Any, scoped: bool) -> Callable[[Build, Level, PlanField, Any], Part]:
    def compile_field(b: Build, level: Level, f: PlanField, pk: Any) -> Part:
        t = model.__table__.alias()
        where = [t.c.id == pk]
        if scoped:
            where.append(adapt(policy.scope(b.principal, model), t))
        return b.to_one(level, f, type_name, t, where)

    return compile_field


def _region(model: Any) -> Callable[[Build, Level, PlanField, Any], Part]:
    return _by_id(model.__name__, model, scoped=False)


def _nodes() -> dict[str, Callable[[Build, Level, PlanField, Any], Part]]:
    from db.models import Arbeidsmarktregio, Uitplaatsingsregio

    return {
        "Vergunninghouder": lambda b, level, f, pk: vergunninghouder_by(b, level, f, lambda t: t.c.id == pk),
        "Nareiziger": lambda b, level, f, pk: nareiziger_by(b, level, f, lambda t: t.c.id == pk),
        "Plaatsingseenheid": lambda b, level, f, pk: plaatsingseenheid_by(
            b, level, f, lambda t: t.c.id == pk
        ),
        "Contactpersoon": _by_id("Contactpersoon", Contactpersoon, scoped=True),
        "Notificatie": _by_id("Notificatie", Notificatie, scoped=True),
        "Gemeente": lambda b, level, f, pk: gemeente_by_id(b, level, f, pk),
        "Arbeidsmarktregio": _region(Arbeidsmarktregio),
        "Uitplaatsingsregio": _region(Uitplaatsingsregio),
    }


_NODES = _nodes()


def _ordered_all(model: Any, type_name: str, order: Callable[[Any], list[Any]]) -> RootCompiler:
    def compile_field(b: Build, level: Level, f: PlanField) -> Part:
        t = model.__table__.alias()
        return b.to_many(level, f, type_name, t, [], order(t))

    return compile_field


def _ik(b: Build, level: Level, f: PlanField) -> Part:
    return b.object("Ik", b.principal, level, b.concrete(f, "Ik"))


def _regions() -> dict[str, RootCompiler]:
    from db.models import Arbeidsmarktregio, Uitplaatsingsregio

    return {
        "arbeidsmarktregios": _ordered_all(Arbeidsmarktregio, "Arbeidsmarktregio", lambda t: [t.c.code]),
        "uitplaatsingsregios": _ordered_all(Uitplaatsingsregio, "Uitplaatsingsregio", lambda t: [t.c.id]),
    }


ROOTS: dict[str, RootCompiler] = {
    "ik": _ik,
    "node": _node,
    "gemeente": _gemeente,
    "gemeenten": lambda b, level, f: gemeenten_where(b, level, f, lambda g: sa.true()),
    **_regions(),
    "vergunninghouder": _vergunninghouder,
    "vergunninghouders": lambda b, level, f: vergunninghouders_connection(b, level, f),
    "plaatsingseenheid": _plaatsingseenheid,
    "nareizigers": lambda b, level, f: nareizigers_connection(b, level, f),
    "contactpersonen": _contactpersonen,
    "mijnNotificaties": _mijn_notificaties,
    "auditLog": _audit_log,
}


def root_statement(b: Build, f: PlanField) -> Any:
    """The statement of one root field: (data as JSON text, audit entries). None when the value
    needs no database (`__typename`, a node id that cannot exist)."""
    compile_root = ROOTS.get(f.name)
    if compile_root is None:
        raise Unsupported(f"root field {f.name}")
    level = Level()
    part = compile_root(b, level, f)
    audit = part.audit if part.audit is not None else sa.null()
    return sa.select(sa.cast(part.data, sa.Text).label("data"), audit.label("audit")).select_from(
        level.from_clause()
    )


__all__ = ["ROOTS", "Plaatsingseenheid", "root_statement"]
