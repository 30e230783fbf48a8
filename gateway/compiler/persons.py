"""Vergunninghouder, Nareiziger and Plaatsingseenheid in SQL, with the small types read from their
rows. Every level that reads one of these tables carries the policy's scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from db.enums import FormulierSoort
from db.models import Formulier, Huurcontract, Nareiziger, Plaatsingseenheid, Toestemming
from db.models import Vergunninghouder as VH
from gateway import policy
from gateway.compiler.build import Build, fields_of
from gateway.compiler.columns import (
    column,
    computed,
    global_id_of,
    key,
    nullable_object,
    same_row_object,
)
from gateway.compiler.klantprofiel import consent, klantprofiel, klantprofiel_versies
from gateway.compiler.plan import PlanField
from gateway.compiler.reference import gemeente_by_id
from gateway.compiler.sqlparts import (
    Level,
    Part,
    adapt,
    audit_agg,
    concat_audit,
    json_concat,
    json_list,
    local,
)

# --- reading persons ------------------------------------------------------------------------------


def leden_order(m: Any) -> list[Any]:
    """LedenByPlaatsingseenheidLoader's order."""
    return [m.c.geboortedatum.is_(None), m.c.geboortedatum, m.c.id]


def vergunninghouder_by(b: Build, level: Level, f: PlanField, condition: Any) -> Part:
    """A vergunninghouder in scope matching `condition(alias)`, or null; recorded as shown."""
    vh = VH.__table__.alias()
    return b.to_one(
        level, f, "Vergunninghouder", vh, [condition(vh), adapt(policy.scope(b.principal, VH), vh)], True
    )


def nareiziger_by(b: Build, level: Level, f: PlanField, condition: Any) -> Part:
    n = Nareiziger.__table__.alias()
    return b.to_one(
        level, f, "Nareiziger", n, [condition(n), adapt(policy.scope(b.principal, Nareiziger), n)], True
    )


@dataclass
class Household:
    """A plaatsingseenheid row, and the groups its members are recorded with (the resolver path
    records every member in scope when a household is returned). `carrier`: the key of the
    `leden` field whose entries also carry those groups, so the members are read once."""

    row: Any
    groups: Any
    carrier: str | None


def plaatsingseenheid_by(b: Build, level: Level, f: PlanField, condition: Any) -> Part:
    ple = Plaatsingseenheid.__table__.alias()
    fields = b.concrete(f, "Plaatsingseenheid")
    groups = b.analysis.groups_beneath(f.nodes, "Plaatsingseenheid")
    carrier = next((c.key for c in fields if c.name == "leden"), None)
    inner = Level(ple)
    part = b.object("Plaatsingseenheid", Household(ple, groups, carrier), inner, fields)
    audits = [part.audit]
    if carrier is None:
        m = VH.__table__.alias()
        members = sa.select(audit_agg(b.person_entry([], "Vergunninghouder", m.c.v_nummer, groups)))
        members = local(members.select_from(m), m)
        members = members.where(m.c.plaatsingseenheid_id == ple.c.id, adapt(policy.scope(b.principal, VH), m))
        audits.append(members.scalar_subquery())
    audit = concat_audit(audits)
    select = inner.select().limit(1)
    select = select.where(condition(ple), adapt(policy.scope(b.principal, Plaatsingseenheid), ple))
    return b.nested(level, select, Part(part.data, audit))


# --- Vergunninghouder -----------------------------------------------------------------------------


def _toestemming(kind: str) -> Any:
    fk = Toestemming.vergunninghouder_id if kind == "vergunninghouder" else Toestemming.nareiziger_id

    def compile_field(b: Build, person: Any, level: Level, f: PlanField) -> Part:
        return b.object("Toestemming", (fk, person.c.id), level, b.concrete(f, "Toestemming"))

    return compile_field


def _consent_state(which: str) -> Any:
    """gateway/loaders/toestemming.py's fold of the consent history, per field."""

    def expression(src: tuple[Any, Any]) -> Any:
        fk, person_id = src
        t = Toestemming.__table__.alias()
        latest = local(sa.select().select_from(t), t).where(t.c[fk.key] == person_id).order_by(t.c.id.desc())
        latest = latest.limit(1)
        if which == "status":
            soort = latest.add_columns(t.c.soort).scalar_subquery()
            return sa.func.coalesce(soort, "NIET_VASTGELEGD")
        if which == "ondertekend_op":  # the date of the latest VERLEEND
            return latest.add_columns(t.c.datum).where(t.c.soort == "VERLEEND").scalar_subquery()
        # ingetrokken_op: the latest event's date while it is a withdrawal
        return latest.add_columns(sa.case((t.c.soort == "INGETROKKEN", t.c.datum))).scalar_subquery()

    return computed(expression)


fields_of("Toestemming")(
    {
        "status": _consent_state("status"),
        "ondertekendOp": _consent_state("ondertekend_op"),
        "ingetrokkenOp": _consent_state("ingetrokken_op"),
    }
)


def _plaatsingseenheid_of_person(b: Build, vh: Any, level: Level, f: PlanField) -> Part:
    return plaatsingseenheid_by(b, level, f, lambda ple: ple.c.id == vh.c.plaatsingseenheid_id)


def _huishoudgrootte(vh: Any) -> Any:
    """AantalPersonenByPlaatsingseenheidLoader: every member counts; 1 without a household."""
    m = VH.__table__.alias()
    members = local(sa.select(sa.func.count()).select_from(m), m)
    members = members.where(m.c.plaatsingseenheid_id == vh.c.plaatsingseenheid_id)
    return sa.case((vh.c.plaatsingseenheid_id.is_(None), 1), else_=members.scalar_subquery())


def _nareizigers_of(b: Build, vh: Any, level: Level, f: PlanField) -> Part:
    n = Nareiziger.__table__.alias()
    where = [n.c.referent_id == vh.c.id, adapt(policy.scope(b.principal, Nareiziger), n)]
    return b.to_many(level, f, "Nareiziger", n, where, [n.c.id], audited=True)


fields_of("Vergunninghouder")(
    {
        "id": global_id_of("Vergunninghouder"),
        **{
            gql: column(col)
            for gql, col in {
                "vNummer": "v_nummer",
                "voornamen": "voornamen",
                "achternaam": "achternaam",
                "geslacht": "geslacht",
                "bsn": "bsn",
                "geboortedatum": "geboortedatum",
                "nationaliteit": "nationaliteit",
                "etniciteit": "etniciteit",
                "fase": "fase",
                "historisch": "historisch",
                "geblokkeerd": "geblokkeerd",
                "gesprekGevoerd": "gesprek_gevoerd",
            }.items()
        },
        "gekoppeldeGemeente": lambda b, vh, level, f: gemeente_by_id(
            b, level, f, vh.c.gekoppelde_gemeente_id
        ),
        "koppeling": same_row_object(
            "Koppeling",
            lambda vh: sa.and_(vh.c.gekoppelde_gemeente_id.is_not(None), vh.c.koppeldatum.is_not(None)),
        ),
        "azc": same_row_object("Azc", lambda vh: vh.c.azc_naam.is_not(None)),
        "plaatsingseenheid": _plaatsingseenheid_of_person,
        "plaatsingskenmerken": same_row_object("Plaatsingskenmerken"),
        "toestemming": _toestemming("vergunninghouder"),
        "klantprofiel": klantprofiel("vergunninghouder"),
        "klantprofielVersies": klantprofiel_versies("vergunninghouder"),
        "nareizigers": _nareizigers_of,
    }
)
fields_of("Koppeling")(
    {
        "koppeldatum": column("koppeldatum"),
        "taakstellingPeriode": computed(lambda vh: sa.func.coalesce(vh.c.taakstelling_periode, "")),
        "gemeente": lambda b, vh, level, f: gemeente_by_id(b, level, f, vh.c.gekoppelde_gemeente_id),
    }
)
fields_of("Azc")(
    {"naam": column("azc_naam"), "plaats": computed(lambda vh: sa.func.coalesce(vh.c.azc_plaats, ""))}
)
fields_of("Plaatsingskenmerken")(
    {
        "huishoudgrootte": computed(_huishoudgrootte),
        "rolstoeltoegankelijkNodig": column("rolstoeltoegankelijk_nodig"),
        "medischeUrgentie": column("medische_urgentie"),
        "toelichting": column("plaatsingskenmerken_toelichting"),
    }
)

# --- Nareiziger -----------------------------------------------------------------------------------

fields_of("Nareiziger")(
    {
        "id": global_id_of("Nareiziger"),
        **{
            gql: column(col)
            for gql, col in {
                "vNummer": "v_nummer",
                "voornamen": "voornamen",
                "achternaam": "achternaam",
                "geslacht": "geslacht",
                "geboortedatum": "geboortedatum",
                "nationaliteit": "nationaliteit",
                "relatieTotReferent": "relatie_tot_referent",
                "mvvStap": "mvv_stap",
                "mvvStapSinds": "mvv_stap_sinds",
                "woningcheck": "woningcheck",
                "historisch": "historisch",
            }.items()
        },
        "referent": lambda b, n, level, f: vergunninghouder_by(
            b, level, f, lambda vh: vh.c.id == n.c.referent_id
        ),
        "gekoppeldeGemeente": lambda b, n, level, f: gemeente_by_id(b, level, f, n.c.gekoppelde_gemeente_id),
        "toestemming": _toestemming("nareiziger"),
        "klantprofiel": klantprofiel("nareiziger"),
    }
)

# --- Plaatsingseenheid ----------------------------------------------------------------------------


def _leden(b: Build, h: Household, level: Level, f: PlanField) -> Part:
    m = VH.__table__.alias()
    where = [m.c.plaatsingseenheid_id == h.row.c.id, adapt(policy.scope(b.principal, VH), m)]
    extra = h.groups if f.key == h.carrier else frozenset()
    return b.to_many(level, f, "Vergunninghouder", m, where, leden_order(m), audited=True, extra_groups=extra)


def _huurcontract(b: Build, h: Household, level: Level, f: PlanField) -> Part:
    hc = Huurcontract.__table__.alias()
    return b.to_one(level, f, "Huurcontract", hc, [hc.c.plaatsingseenheid_id == h.row.c.id])


def _formulieren(b: Build, h: Household, level: Level, f: PlanField) -> Part:
    """The stored forms, then one klantprofiel form per member in scope (consent rule)."""
    base = sa.literal(b.settings.public_url.rstrip("/"), sa.String)
    fields = b.concrete(f, "Formulier")
    ple = h.row
    fm = Formulier.__table__.alias()
    beschikbaar = policy.formulier_beschikbaar_sql(b.principal, ple.c.gekoppelde_gemeente_id.is_not(None))
    stored = b.object(
        "Formulier",
        {
            "soort": fm.c.soort,
            "naam": fm.c.naam,
            "beschrijving": fm.c.beschrijving,
            "downloadUrl": sa.case(
                (beschikbaar, base + "/plaatsingseenheden/" + ple.c.ple_nummer + "/formulieren/" + fm.c.soort)
            ),
        },
        Level(fm),
        fields,
    )
    m = VH.__table__.alias()
    member_level = Level(m)
    reden, latest = consent(b, member_level, "vergunninghouder", m.c.id)
    available = reden.is_(None)
    person = m.c.voornamen + " " + m.c.achternaam
    profile = b.object(
        "Formulier",
        {
            "soort": sa.literal_column(f"'{FormulierSoort.KLANTPROFIEL.value}'"),
            "naam": sa.literal_column("'Klantprofiel'"),
            "beschrijving": sa.case(
                (available, "Dit is het klantprofiel van " + person + "."),
                else_="Nog geen klantprofiel beschikbaar (" + person + ").",
            ),
            "downloadUrl": sa.case(
                (
                    available,
                    base
                    + "/klantprofielen/"
                    + m.c.v_nummer
                    + ".pdf?versie="
                    + sa.cast(latest.c.versie, sa.Text),
                )
            ),
        },
        member_level,
        fields,
    )
    stored_list = local(sa.select(json_list(stored.data, [fm.c.id])).select_from(fm), fm)
    stored_list = stored_list.where(fm.c.plaatsingseenheid_id == ple.c.id).scalar_subquery()
    member_list = member_level.select(json_list(profile.data, leden_order(m)))
    member_list = member_list.where(
        m.c.plaatsingseenheid_id == ple.c.id, adapt(policy.scope(b.principal, VH), m)
    ).scalar_subquery()
    return Part(json_concat(stored_list, member_list))


fields_of("Plaatsingseenheid")(
    {
        "id": lambda b, h, level, f: global_id_of("Plaatsingseenheid")(b, h.row, level, f),
        "pleNummer": lambda b, h, level, f: Part(h.row.c.ple_nummer),
        "gekoppeldeGemeente": lambda b, h, level, f: gemeente_by_id(
            b, level, f, h.row.c.gekoppelde_gemeente_id
        ),
        "aantalPersonen": lambda b, h, level, f: Part(_aantal_personen(h.row)),
        "leden": _leden,
        "huurcontract": _huurcontract,
        "formulieren": _formulieren,
    }
)


def _aantal_personen(ple: Any) -> Any:
    m = VH.__table__.alias()
    members = local(sa.select(sa.func.count()).select_from(m), m)
    return members.where(m.c.plaatsingseenheid_id == ple.c.id).scalar_subquery()


fields_of("Huurcontract")(
    {
        "adres": same_row_object("Adres"),
        "ingangsdatum": column("ingangsdatum"),
        "verhuurder": column("verhuurder"),
    }
)
fields_of("Adres")({n: column(n) for n in ("straat", "huisnummer", "toevoeging", "postcode", "plaats")})
fields_of("Formulier")({n: key(n) for n in ("soort", "naam", "beschrijving", "downloadUrl")})

__all__ = ["nareiziger_by", "nullable_object", "plaatsingseenheid_by", "vergunninghouder_by"]
