"""`klantprofielVerzenden`: COA's casemanager stores a new, immutable klantprofiel version.

Versions per person run 1, 2, 3, ... without gaps. `vorigeVersie` must name the latest version (or
be absent for the first), else CONFLICT and nothing is written; without consent in force,
CONSENT_REQUIRED. Concurrent sends about one person take turns (BEGIN IMMEDIATE on SQLite, the
person's row locked on PostgreSQL), and the unique (person, versie) index settles any race that
remains: of twenty sends with the same vorigeVersie one succeeds, nineteen get CONFLICT.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from db.enums import Gegevensgroep as G
from db.enums import NotificatieSoort, ToestemmingSoort
from db.models import Klantprofiel, Toestemming
from gateway import identifiers, policy
from gateway.errors import Conflict, ConsentRequired, Forbidden, ValidationFailed
from gateway.loaders.klantprofiel import COLUMNS as KLANTPROFIEL_COLUMNS
from gateway.resolvers.notificatie import notify_gemeente
from gateway.resolvers.persoon import persoon_voor_schrijven, v_nummer_fout, vandaag
from gateway.writes import write_transaction

if TYPE_CHECKING:
    from gateway.context import Context

_SECTIES = {
    "persoonlijk": G.KLANTPROFIEL_PERSOONLIJK,
    "familie": G.KLANTPROFIEL_PERSOONLIJK,
    "status": G.KLANTPROFIEL_PERSOONLIJK,
    "inburgering": G.KLANTPROFIEL_PARTICIPATIE,
    "educatie": G.KLANTPROFIEL_PARTICIPATIE,
    "arbeid": G.KLANTPROFIEL_PARTICIPATIE,
    "ambities": G.KLANTPROFIEL_PARTICIPATIE,
}
_MAX_TEKST = 10_000


def document(value: Any) -> Any:
    """An input section as the JSON document the versions store (snake_case keys, ISO dates)."""
    if value is None:
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: document(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [document(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def fouten(inp: Any, vorige_versie: int | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if vorige_versie is not None and vorige_versie < 1:
        out["vorigeVersie"] = "een versienummer is 1 of hoger; laat het weg voor de eerste versie"
    coa = inp.contactpersoon_coa
    if not coa.naam.strip():
        out["input.contactpersoonCoa.naam"] = "verplicht"
    if not identifiers.is_email(coa.email.strip()):
        out["input.contactpersoonCoa.email"] = "geen geldig e-mailadres"
    if (
        inp.persoonlijk is not None
        and inp.persoonlijk.email
        and not identifiers.is_email(inp.persoonlijk.email)
    ):
        out["input.persoonlijk.email"] = "geen geldig e-mailadres"
    today = vandaag()
    if (
        inp.status is not None
        and inp.status.vergunning_verleend_op
        and inp.status.vergunning_verleend_op > today
    ):
        out["input.status.vergunningVerleendOp"] = "ligt in de toekomst"
    if inp.familie is not None:
        for i, lid in enumerate(inp.familie.gezinsleden):
            if lid.geboortejaar is not None and not 1900 <= lid.geboortejaar <= today.year:
                out[f"input.familie.gezinsleden.{i}.geboortejaar"] = f"tussen 1900 en {today.year}"
    if inp.educatie is not None:
        for i, o in enumerate(inp.educatie.opleidingen):
            if o.jaar is not None and not 1900 <= o.jaar <= today.year:
                out[f"input.educatie.opleidingen.{i}.jaar"] = f"tussen 1900 en {today.year}"
    if inp.arbeid is not None:
        for i, w in enumerate(inp.arbeid.werkervaring):
            if not 0 <= w.jaren <= 80:
                out[f"input.arbeid.werkervaring.{i}.jaren"] = "tussen 0 en 80"
    if inp.ambities is not None and len(inp.ambities) > _MAX_TEKST:
        out["input.ambities"] = f"ten hoogste {_MAX_TEKST} tekens"
    return out


async def resolve_klantprofiel_verzenden(
    ctx: Context, v_nummer: str, inp: Any, vorige_versie: int | None
) -> Any:
    """The stored version as a row the Klantprofiel type reads."""
    if not policy.may_send_klantprofiel(ctx.principal):
        ctx.audit.refused(
            [v_nummer if not v_nummer_fout(v_nummer) else None],
            {G.KLANTPROFIEL_PERSOONLIJK, G.KLANTPROFIEL_PARTICIPATIE},
        )
        raise Forbidden("Alleen de casemanager van COA verzendt klantprofielen")
    errors = {**v_nummer_fout(v_nummer), **fouten(inp, vorige_versie)}
    if errors:
        raise ValidationFailed(errors)
    secties = {naam: document(getattr(inp, naam)) for naam in _SECTIES}
    groups = {_SECTIES[naam] for naam, value in secties.items() if value is not None}
    try:
        async with write_transaction(ctx) as tx:
            p = await persoon_voor_schrijven(ctx, tx, v_nummer)
            consent_fk = getattr(Toestemming, f"{p.soort}_id")
            laatste = (
                await tx.conn.execute(sa.select(policy.laatste_toestemming_sql(consent_fk, p.id)))
            ).scalar()
            if laatste != ToestemmingSoort.VERLEEND.value:
                raise ConsentRequired("Er is geen toestemming van kracht: het klantprofiel is niet verzonden")
            kp_fk = getattr(Klantprofiel, f"{p.soort}_id")
            huidig = int(
                (
                    await tx.conn.execute(sa.select(sa.func.max(Klantprofiel.versie)).where(kp_fk == p.id))
                ).scalar()
                or 0
            )
            if (vorige_versie or 0) != huidig:
                raise _conflict(huidig)
            versie = huidig + 1
            pk = (
                await tx.conn.execute(
                    sa.insert(Klantprofiel)
                    .values(
                        **p.fk,
                        versie=versie,
                        verzonden_door_id=ctx.principal.account_id,
                        **secties,
                        coa_naam=inp.contactpersoon_coa.naam.strip(),
                        coa_email=inp.contactpersoon_coa.email.strip().lower(),
                    )
                    .returning(Klantprofiel.id)
                )
            ).scalar_one()
            await notify_gemeente(
                tx,
                ctx.settings,
                p.gemeente_id,
                NotificatieSoort.KLANTPROFIEL,
                "Nieuw klantprofiel verzonden",
                vergunninghouder_id=p.vergunninghouder_id,
                nareiziger_id=p.nareiziger_id,
            )
            tx.changed(p.v_nummer, f"klantprofiel versie {versie} verzonden", groups)
            return (
                await tx.conn.execute(
                    sa.select(sa.literal(p.v_nummer).label("v_nummer"), *KLANTPROFIEL_COLUMNS).where(
                        Klantprofiel.id == pk
                    )
                )
            ).one()
    except IntegrityError:
        # Another send about this person stored the same version first.
        raise _conflict(None) from None


def _conflict(laatste: int | None) -> Conflict:
    extra = {"laatsteVersie": laatste} if laatste is not None else {}
    return Conflict("vorigeVersie is niet de laatste versie: lees het klantprofiel opnieuw", **extra)
