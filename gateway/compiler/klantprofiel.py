"""The klantprofiel in SQL: consent first (the policy's rule), the latest version only when it
allows, and the sections read from their JSON documents as the resolver path reads them.

Per person two laterals join its row: the latest consent event, and the latest profile version,
which is not even read unless consent allows it (the join condition carries the rule). The reden
then chooses between ``Klantprofiel`` and ``KlantprofielNietBeschikbaar``; only a returned
profile records its groups in the access log, as on the resolver path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from db.models import Klantprofiel as KP
from db.models import Toestemming
from gateway import policy
from gateway.compiler.build import Build, fields_of
from gateway.compiler.columns import (
    column,
    computed,
    datetime_column,
    doc_bool,
    doc_date,
    doc_default,
    doc_int,
    doc_objects,
    doc_section,
    doc_strings,
    doc_text,
    same_row_object,
)
from gateway.compiler.plan import PlanField
from gateway.compiler.sqlparts import Level, Part, concat_audit, json_list, local

_FK = {
    "vergunninghouder": (KP.vergunninghouder_id.key, Toestemming.vergunninghouder_id),
    "nareiziger": (KP.nareiziger_id.key, Toestemming.nareiziger_id),
}


@dataclass
class Profile:
    """A klantprofiel version row and the V-nummer of its person."""

    row: Any
    v_nummer: Any


def consent(b: Build, level: Level, kind: str, person_id: Any) -> tuple[Any, Any]:
    """(reden, latest version) for a person of `level`: reden NULL when the profile is shown."""
    kp_fk, tm_fk = _FK[kind]
    laatste_sql = policy.laatste_toestemming_sql(tm_fk, person_id).correlate_except(Toestemming)
    laatste = level.join(sa.select(laatste_sql.label("laatste")))
    allowed = policy.klantprofiel_reden_sql(b.principal, laatste.c.laatste, sa.true()).is_(None)
    kp = KP.__table__.alias()
    latest = level.join(
        local(sa.select(*kp.c).where(kp.c[kp_fk] == person_id, allowed), kp)
        .order_by(kp.c.versie.desc())
        .limit(1)
    )
    reden = policy.klantprofiel_reden_sql(b.principal, laatste.c.laatste, latest.c.id.is_not(None))
    return reden, latest


def klantprofiel(kind: str) -> Any:
    """`klantprofiel`: the union, by the consent rule."""

    def compile_field(b: Build, person: Any, level: Level, f: PlanField) -> Part:
        reden, latest = consent(b, level, kind, person.c.id)
        shown = b.object(
            "Klantprofiel", Profile(latest, person.c.v_nummer), level, b.concrete(f, "Klantprofiel")
        )
        hidden = b.object(
            "KlantprofielNietBeschikbaar", reden, level, b.concrete(f, "KlantprofielNietBeschikbaar")
        )
        entry = b.person_entry(f.nodes, "Klantprofiel", person.c.v_nummer)
        available = reden.is_(None)
        return Part(
            sa.case((available, shown.data), else_=hidden.data),
            sa.case((available, concat_audit([entry, shown.audit]))),
        )

    return compile_field


def klantprofiel_versies(kind: str) -> Any:
    """`klantprofielVersies`: every version, newest first; [] where consent does not allow."""

    def compile_field(b: Build, person: Any, level: Level, f: PlanField) -> Part:
        kp_fk, tm_fk = _FK[kind]
        laatste = policy.laatste_toestemming_sql(tm_fk, person.c.id).correlate_except(Toestemming)
        allowed = policy.klantprofiel_reden_sql(b.principal, laatste, sa.true()).is_(None)
        kp = KP.__table__.alias()
        inner = Level(kp)
        part = b.object("Klantprofiel", Profile(kp, person.c.v_nummer), inner, b.concrete(f, "Klantprofiel"))
        # Per version (the person's V-nummer alone would make PostgreSQL aggregate one level up).
        entry = sa.case((kp.c.id.is_not(None), b.person_entry(f.nodes, "Klantprofiel", person.c.v_nummer)))
        select = inner.select(
            json_list(part.data, [kp.c.versie.desc()]).label("data"),
            sa.func.string_agg(concat_audit([entry, part.audit]), ",").label("audit"),
        ).where(kp.c[kp_fk] == person.c.id, allowed)
        lateral = level.join(select)
        return Part(lateral.c.data, lateral.c.audit)

    return compile_field


def _pdf_url(b: Build, p: Profile) -> Any:
    return (
        sa.literal(b.settings.public_url.rstrip("/"), sa.String)
        + "/klantprofielen/"
        + p.v_nummer
        + ".pdf?versie="
        + sa.cast(p.row.c.versie, sa.Text)
    )


fields_of("Klantprofiel")(
    {
        "versie": lambda b, p, level, f: Part(p.row.c.versie),
        "verzondenOp": lambda b, p, level, f: datetime_column("verzonden_op")(b, p.row, level, f),
        "contactpersoonCoa": lambda b, p, level, f: same_row_object("CoaContactpersoon")(b, p.row, level, f),
        "persoonlijk": doc_section("persoonlijk", "PersoonlijkeGegevens"),
        "familie": doc_section("familie", "Familiegegevens"),
        "status": doc_section("status", "Statusgegevens"),
        "inburgering": doc_section("inburgering", "Inburgeringsgegevens"),
        "educatie": doc_section("educatie", "Educatiegegevens"),
        "arbeid": doc_section("arbeid", "Arbeidsgegevens"),
        "ambities": lambda b, p, level, f: Part(p.row.c.ambities),
        "pdfUrl": lambda b, p, level, f: Part(_pdf_url(b, p)),
    }
)
fields_of("KlantprofielNietBeschikbaar")({"reden": computed(lambda reden: reden)})
fields_of("CoaContactpersoon")({"naam": column("coa_naam"), "email": column("coa_email")})
fields_of("PersoonlijkeGegevens")(
    {
        "geboorteplaats": doc_text("geboorteplaats"),
        "talen": doc_strings("talen"),
        "burgerlijkeStaat": doc_text("burgerlijke_staat"),
        "telefoonnummer": doc_text("telefoonnummer"),
        "email": doc_text("email"),
    }
)
fields_of("Familiegegevens")(
    {
        "gezinsleden": doc_objects("gezinsleden", "Gezinslid"),
        "gezinsherenigingAangevraagd": doc_bool("gezinshereniging_aangevraagd"),
        "toelichting": doc_text("toelichting"),
    }
)
fields_of("Gezinslid")(
    {
        "voornaam": doc_text("voornaam"),
        "relatie": doc_text("relatie"),
        "geboortejaar": doc_int("geboortejaar"),
        "verblijfplaats": doc_text("verblijfplaats"),
    }
)
fields_of("Statusgegevens")(
    {
        "vergunningVerleendOp": doc_date("vergunning_verleend_op"),
        "vergunningsgrond": doc_text("vergunningsgrond"),
        "geldigTot": doc_date("geldig_tot"),
    }
)
fields_of("Inburgeringsgegevens")(
    {
        "inburgeringsplichtig": doc_bool("inburgeringsplichtig"),
        "leerroute": doc_default("leerroute", "NOG_NIET_BEPAALD"),
        "voorinburgeringGevolgd": doc_bool("voorinburgering_gevolgd"),
        "knmAfgerond": doc_bool("knm_afgerond"),
    }
)
fields_of("Taalvaardigheid")({"taal": doc_text("taal"), "niveau": doc_text("niveau")})
fields_of("Opleiding")(
    {
        "niveau": doc_text("niveau"),
        "richting": doc_text("richting"),
        "land": doc_text("land"),
        "diplomaBehaald": doc_bool("diploma_behaald"),
        "jaar": doc_int("jaar"),
    }
)
fields_of("Educatiegegevens")(
    {
        "taalvaardigheid": doc_objects("taalvaardigheid", "Taalvaardigheid"),
        "nederlandsNiveau": doc_default("nederlands_niveau", "GEEN"),
        "opleidingen": doc_objects("opleidingen", "Opleiding"),
        "contactMetUaf": doc_bool("contact_met_uaf"),
        "diplomawaardering": doc_text("diplomawaardering"),
    }
)
fields_of("Werkervaring")(
    {
        "functie": doc_text("functie"),
        "sector": doc_text("sector"),
        "land": doc_text("land"),
        "jaren": doc_int("jaren"),
    }
)
fields_of("Arbeidsgegevens")(
    {
        "heeftCv": doc_bool("heeft_cv"),
        "werkervaring": doc_objects("werkervaring", "Werkervaring"),
        "zelfwerkzaamheid": doc_text("zelfwerkzaamheid"),
        "overigeCompetenties": doc_strings("overige_competenties"),
        "vrijetijdsbesteding": doc_text("vrijetijdsbesteding"),
    }
)
