"""Gemeenten, regions, taakstelling, contactpersonen, notificaties, the access log and `ik` in
SQL. Reference data is readable by every role; contactpersonen, notificaties and access-log
records are read under the policy's scope, as their loaders and resolvers read them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSON

from db.enums import Gegevensgroep as G
from db.models import (
    Account,
    Arbeidsmarktregio,
    Contactpersoon,
    Gemeente,
    Nareiziger,
    Regievoerder,
    Taakstelling,
    Uitplaatsingsregio,
)
from db.models import Vergunninghouder as VH
from db.sql import binary_order
from gateway import policy
from gateway.compiler.build import OBJECT_AUDIT, Build, fields_of, safe
from gateway.compiler.columns import (
    column,
    computed,
    datetime_column,
    global_id_of,
    key,
    nullable_object,
    same_row_object,
)
from gateway.compiler.plan import PlanField
from gateway.compiler.sqlparts import Level, Part, adapt, audit_entry, json_list, local, name
from gateway.loaders.nareiziger import ORDERING as NAREIZIGER_ORDERING
from gateway.loaders.nareiziger import NareizigerFilterArgs
from gateway.loaders.nareiziger import filter_clauses as nareiziger_filters
from gateway.loaders.vergunninghouder import VergunninghouderFilterArgs, ordering
from gateway.loaders.vergunninghouder import filter_clauses as vergunninghouder_filters
from gateway.schema.pagination import check_first

# --- gemeenten and regions ------------------------------------------------------------------------


def gemeente_by_id(b: Build, level: Level, f: PlanField, gemeente_id: Any) -> Part:
    g = Gemeente.__table__.alias()
    return b.to_one(level, f, "Gemeente", g, [g.c.id == gemeente_id])


def gemeenten_where(b: Build, level: Level, f: PlanField, condition: Any) -> Part:
    g = Gemeente.__table__.alias()
    return b.to_many(level, f, "Gemeente", g, [condition(g)], [g.c.naam])


def _gehuisvest_in(model: Any, gemeente_id: Any, periode: Any) -> Any:
    """People of `model` housed in the gemeente in the period ('2026-H2'), as the loader counts."""
    t = model.__table__.alias()
    jaar = sa.cast(sa.cast(sa.extract("year", t.c.gehuisvest_op), sa.Integer), sa.Text)
    helft = sa.case((sa.extract("month", t.c.gehuisvest_op) <= 6, "1"), else_="2")
    return (
        local(sa.select(sa.func.count()).select_from(t), t)
        .where(t.c.gekoppelde_gemeente_id == gemeente_id, t.c.gehuisvest_op.is_not(None))
        .where(jaar + "-H" + helft == periode)
        .scalar_subquery()
    )


def _taakstelling(b: Build, g: Any, level: Level, f: PlanField) -> Part:
    """gateway/resolvers/taakstelling.py's bereken: the backlog carried over as a running sum."""
    periode = safe(lambda: b.arguments(f)["periode"])
    ts = Taakstelling.__table__.alias()
    gerealiseerd = _gehuisvest_in(VH, ts.c.gemeente_id, ts.c.periode) + _gehuisvest_in(
        Nareiziger, ts.c.gemeente_id, ts.c.periode
    )
    periods = (
        sa.select(ts.c.periode, ts.c.opgave, gerealiseerd.label("gerealiseerd"))
        .where(ts.c.gemeente_id == g.c.id)
        .correlate_except(ts)
        .lateral()
    )
    order = binary_order(periods.c.periode)
    achterstand = sa.func.coalesce(
        sa.func.sum(periods.c.opgave - periods.c.gerealiseerd).over(order_by=order, rows=(None, -1)), 0
    )
    rows = sa.select(periods, achterstand.label("achterstand")).correlate_except(periods).lateral()
    nog = sa.func.greatest(0, rows.c.opgave + rows.c.achterstand - rows.c.gerealiseerd)
    part = b.object(
        "Taakstelling",
        {
            "periode": rows.c.periode,
            "opgave": rows.c.opgave,
            "gerealiseerd": rows.c.gerealiseerd,
            "achterstandVorigePeriode": rows.c.achterstand,
            "nogTeHuisvesten": nog,
        },
        Level(rows),
        b.concrete(f, "Taakstelling"),
    )
    select = local(sa.select(json_list(part.data, [binary_order(rows.c.periode)])).select_from(rows), rows)
    if periode is not None:
        select = select.where(rows.c.periode == periode)
    return Part(select.scalar_subquery())


def _contactpersonen_of(b: Build, g: Any, level: Level, f: PlanField) -> Part:
    c = Contactpersoon.__table__.alias()
    where = [c.c.gemeente_id == g.c.id, adapt(policy.scope(b.principal, Contactpersoon), c)]
    return b.to_many(level, f, "Contactpersoon", c, where, [c.c.naam, c.c.id])


def vergunninghouders_connection(b: Build, level: Level, f: PlanField, parent: Any = None) -> Part:
    args = b.arguments(f)
    filters = safe(lambda: VergunninghouderFilterArgs.from_input(args["filter"]))
    from gateway.schema.vergunninghouder import sort_pairs

    first = safe(lambda: check_first(args["first"], b.settings.max_page_size))
    where = [policy.scope(b.principal, VH), *safe(lambda: vergunninghouder_filters(b.principal, filters))]
    if parent is not None:
        where.append(VH.gekoppelde_gemeente_id == parent)
    order = safe(lambda: ordering(sort_pairs(args["order_by"])))
    return safe(lambda: b.connection(level, f, VH, where, order, first, args["after"], "Vergunninghouder"))


def nareizigers_connection(b: Build, level: Level, f: PlanField, parent: Any = None) -> Part:
    args = b.arguments(f)
    filters = NareizigerFilterArgs.from_input(args["filter"])
    first = safe(lambda: check_first(args["first"], b.settings.max_page_size))
    where = [policy.scope(b.principal, Nareiziger), *safe(lambda: nareiziger_filters(b.principal, filters))]
    if parent is not None:
        where.append(Nareiziger.gekoppelde_gemeente_id == parent)
    return safe(
        lambda: b.connection(
            level, f, Nareiziger, where, NAREIZIGER_ORDERING, first, args["after"], "Nareiziger"
        )
    )


fields_of("Gemeente")(
    {
        "id": global_id_of("Gemeente"),
        "code": column("code"),
        "naam": column("naam"),
        "arbeidsmarktregio": lambda b, g, level, f: _region(
            b, level, f, Arbeidsmarktregio, g.c.arbeidsmarktregio_id
        ),
        "uitplaatsingsregio": lambda b, g, level, f: _region(
            b, level, f, Uitplaatsingsregio, g.c.uitplaatsingsregio_id
        ),
        "taakstelling": _taakstelling,
        "contactpersonen": _contactpersonen_of,
        "vergunninghouders": lambda b, g, level, f: vergunninghouders_connection(b, level, f, g.c.id),
        "nareizigers": lambda b, g, level, f: nareizigers_connection(b, level, f, g.c.id),
    }
)


def _region(b: Build, level: Level, f: PlanField, model: Any, region_id: Any) -> Part:
    r = model.__table__.alias()
    return b.to_one(level, f, model.__name__, r, [r.c.id == region_id])


fields_of("Arbeidsmarktregio")(
    {
        "id": global_id_of("Arbeidsmarktregio"),
        "code": column("code"),
        "naam": column("naam"),
        "gemeenten": lambda b, r, level, f: gemeenten_where(
            b, level, f, lambda g: g.c.arbeidsmarktregio_id == r.c.id
        ),
    }
)


def _regievoerders(b: Build, r: Any, level: Level, f: PlanField) -> Part:
    rv = Regievoerder.__table__.alias()
    return b.to_many(level, f, "Regievoerder", rv, [rv.c.uitplaatsingsregio_id == r.c.id], [rv.c.naam])


fields_of("Uitplaatsingsregio")(
    {
        "id": global_id_of("Uitplaatsingsregio"),
        "naam": column("naam"),
        "regievoerders": _regievoerders,
        "gemeenten": lambda b, r, level, f: gemeenten_where(
            b, level, f, lambda g: g.c.uitplaatsingsregio_id == r.c.id
        ),
    }
)
fields_of("Regievoerder")({n: column(n) for n in ("naam", "email", "telefoonnummer")})
fields_of("Taakstelling")(
    {n: key(n) for n in ("periode", "opgave", "gerealiseerd", "achterstandVorigePeriode", "nogTeHuisvesten")}
)

# --- contactpersonen ------------------------------------------------------------------------------


def _account_naam(c: Any) -> Any:
    a = Account.__table__.alias()
    login = local(sa.select(a.c.gebruikersnaam).select_from(a), a).where(a.c.id == c.c.account_id)
    return sa.case((c.c.mag_inloggen, login.scalar_subquery()))


fields_of("Contactpersoon")(
    {
        "id": global_id_of("Contactpersoon"),
        "gebruikersnaam": computed(_account_naam),
        "adres": lambda b, c, level, f: nullable_object(
            sa.func.coalesce(c.c.straat, "") != "", same_row_object("Adres")(b, c, level, f)
        ),
        "notificaties": same_row_object("NotificatieInstellingen"),
        "toegevoegdOp": datetime_column("toegevoegd_op"),
        "gemeente": lambda b, c, level, f: gemeente_by_id(b, level, f, c.c.gemeente_id),
        **{
            gql: column(col)
            for gql, col in {
                "naam": "naam",
                "telefoonnummer": "telefoonnummer",
                "faxnummer": "faxnummer",
                "email": "email",
                "geslacht": "geslacht",
                "organisatietype": "organisatietype",
                "organisatie": "organisatie",
                "magInloggen": "mag_inloggen",
                "beheerder": "beheerder",
                "ontvangtVoordrachten": "ontvangt_voordrachten",
                "grondslag": "grondslag",
            }.items()
        },
    }
)
fields_of("NotificatieInstellingen")(
    {
        "algemeen": column("notificatie_algemeen"),
        "woningcheck": column("notificatie_woningcheck"),
        "mvvProces": column("notificatie_mvv_proces"),
        "klantprofiel": column("notificatie_klantprofiel"),
    }
)

# --- notificaties ---------------------------------------------------------------------------------


def _notificatie_persoon(b: Build, n: Any, level: Level, f: PlanField) -> Part:
    from gateway.compiler.persons import vergunninghouder_by

    return vergunninghouder_by(b, level, f, lambda vh: vh.c.id == n.c.vergunninghouder_id)


fields_of("Notificatie")(
    {
        "id": global_id_of("Notificatie"),
        "soort": column("soort"),
        "onderwerp": column("onderwerp"),
        "aangemaaktOp": datetime_column("aangemaakt_op"),
        "gelezen": computed(lambda n: n.c.gelezen_op.is_not(None)),
        "vergunninghouder": _notificatie_persoon,
    }
)

# --- the access log (COA_FG) ----------------------------------------------------------------------


def _encrypted_v_nummer(r: Any) -> Any:
    """A placeholder the runner replaces with the decrypted V-nummer (AES-GCM stays in Python)."""
    blob = sa.func.encode(r.c.v_nummer_versleuteld, "hex")
    return sa.case(
        (r.c.v_nummer_versleuteld.is_(None), sa.null()), else_=sa.func.json_build_object(name("$v"), blob)
    )


def _decrypted_rows(b: Build, rows: Any, level: Level, nodes: Any) -> Any:
    """The resolver path decrypts the V-nummer of every record on the page and logs each as an
    AUDIT read, whatever was selected: entries '<pos>:#<hex>' for the runner to decrypt."""
    blob = sa.func.encode(rows.c.v_nummer_versleuteld, "hex")
    return sa.case(
        (rows.c.v_nummer_versleuteld.is_(None), sa.null()),
        else_=audit_entry(b.position(frozenset({G.AUDIT})), "#" + blob),
    )


OBJECT_AUDIT["AuditRecordConnection.rows"] = _decrypted_rows
fields_of("AuditRecord")(
    {
        "tijdstip": datetime_column("tijdstip"),
        "traceId": column("trace_id"),
        "gebruikersnaam": column("gebruikersnaam"),
        "rol": column("rol"),
        "verwerkingsactiviteit": column("verwerkingsactiviteit"),
        "operatie": column("operatie"),
        "vNummer": computed(_encrypted_v_nummer),
        "gegevensgroepen": computed(
            lambda r: sa.func.array_to_json(
                sa.func.array_remove(sa.func.string_to_array(r.c.gegevensgroepen, ","), ""), type_=JSON
            )
        ),
        "resultaat": column("resultaat"),
        "handeling": column("handeling"),
    }
)

# --- ik -------------------------------------------------------------------------------------------


def _ik_region(model: Any, attribute: str) -> Any:
    def compile_field(b: Build, p: Any, level: Level, f: PlanField) -> Part:
        value = getattr(p, attribute)
        if not value:
            return Part(sa.null())
        r = model.__table__.alias()
        return b.to_one(level, f, model.__name__, r, [r.c.id == sa.literal(value, sa.Integer)])

    return compile_field


def _gegevensgroepen(b: Build, p: Any, level: Level, f: PlanField) -> Part:
    allowed = policy.groups_for(p.rol)
    groups = ",".join(f'"{g.value}"' for g in G if g in allowed)
    return Part(sa.literal_column(f"'[{groups}]'::json", JSON))


fields_of("Ik")(
    {
        "gebruikersnaam": computed(lambda p: sa.literal(p.gebruikersnaam, sa.String)),
        "naam": computed(lambda p: sa.literal(p.naam, sa.String)),
        "rol": computed(lambda p: sa.literal(p.rol.value, sa.String)),
        "gemeente": _ik_region(Gemeente, "gemeente_id"),
        "arbeidsmarktregio": _ik_region(Arbeidsmarktregio, "arbeidsmarktregio_id"),
        "uitplaatsingsregio": _ik_region(Uitplaatsingsregio, "uitplaatsingsregio_id"),
        "gegevensgroepen": _gegevensgroepen,
    }
)

__all__ = ["gemeente_by_id", "gemeenten_where", "nareizigers_connection", "vergunninghouders_connection"]
