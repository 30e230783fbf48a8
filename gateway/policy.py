"""The access policy: the one place that decides who sees what (DESIGN.md, "Access matrix").

- Row scope per role, as SQL expressions that callers put in their WHERE clause before LIMIT:
  root queries, counts, filters, loaders, downloads and subscriptions all use :func:`scope`.
- Field groups per role: which Gegevensgroepen a role may read. Which group a field belongs to is
  declared on the schema with ``@gegevensgroep``; :func:`forbidden_fields` compares the two.
- Consent: whether a klantprofiel is available to a reader (:func:`klantprofiel_reden`), and the
  same rule as SQL (:func:`klantprofiel_reden_sql`): the ``heeftKlantprofiel`` filter
  (:func:`klantprofiel_beschikbaar_sql`) and compiled reads use it.
- Who may write what, and whether an account may log in at all.
Nothing else in the gateway decides access.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from db.enums import Gegevensgroep as G
from db.enums import KlantprofielReden, Organisatietype, Rol, ToestemmingSoort
from db.models import (
    AuditRecord,
    Contactpersoon,
    Gemeente,
    Klantprofiel,
    Nareiziger,
    Notificatie,
    Plaatsingseenheid,
    Toestemming,
    Vergunninghouder,
)

if TYPE_CHECKING:
    from gateway.auth import Principal

# --- field groups ---------------------------------------------------------------------------------

_GEMEENTE = frozenset(
    {
        G.BASIS,
        G.BSN,
        G.BIJZONDER,
        G.HUISVESTING,
        G.KLANTPROFIEL_PERSOONLIJK,
        G.KLANTPROFIEL_PARTICIPATIE,
        G.CONTACTGEGEVENS,
    }
)

#: Which groups each role may read. KLANTPROFIEL_* only while consent is in force, except for the
#: roles in READS_WITHOUT_CONSENT; CONTACTGEGEVENS limited to the rows `scope` gives.
ROLE_GROUPS: Mapping[Rol, frozenset[G]] = {
    Rol.GEMEENTE_MEDEWERKER: _GEMEENTE,
    Rol.GEMEENTE_BEHEERDER: _GEMEENTE,
    Rol.DERDE_PARTIJ: frozenset({G.BASIS, G.KLANTPROFIEL_PARTICIPATIE, G.CONTACTGEGEVENS}),
    Rol.ARBEIDSMARKTREGIO: frozenset({G.KLANTPROFIEL_PARTICIPATIE}),
    Rol.COA_CASEMANAGER: _GEMEENTE,
    Rol.COA_REGIEVOERDER: _GEMEENTE,
    Rol.COA_FG: frozenset({G.AUDIT}),
}

CONSENT_BOUND_GROUPS = frozenset({G.KLANTPROFIEL_PERSOONLIJK, G.KLANTPROFIEL_PARTICIPATIE})

#: COA holds the klantprofielen itself: its casemanager reads them without the consent to share.
READS_WITHOUT_CONSENT = frozenset({Rol.COA_CASEMANAGER})

#: The processing activity (purpose) recorded in the access log for each role.
VERWERKINGSACTIVITEIT: Mapping[Rol, str] = {
    Rol.GEMEENTE_MEDEWERKER: "Huisvesting en inburgering vergunninghouders (gemeente)",
    Rol.GEMEENTE_BEHEERDER: "Huisvesting en inburgering vergunninghouders (gemeente)",
    Rol.DERDE_PARTIJ: "Maatschappelijke begeleiding in opdracht van de gemeente",
    Rol.ARBEIDSMARKTREGIO: "Arbeidstoeleiding en participatie (arbeidsmarktregio)",
    Rol.COA_CASEMANAGER: "Begeleiding en warme overdracht (COA)",
    Rol.COA_REGIEVOERDER: "Koppeling en uitplaatsing (COA)",
    Rol.COA_FG: "Toezicht op de verwerking van persoonsgegevens (FG)",
}

_GEMEENTE_ROLLEN = frozenset({Rol.GEMEENTE_MEDEWERKER, Rol.GEMEENTE_BEHEERDER, Rol.DERDE_PARTIJ})


def groups_for(rol: Rol) -> frozenset[G]:
    return ROLE_GROUPS[rol]


def forbidden_fields(rol: Rol, needed: Mapping[str, frozenset[G]]) -> list[str]:
    """The fields (``Type.veld``) whose groups the role may not all read, sorted."""
    allowed = ROLE_GROUPS[rol]
    return sorted(label for label, groups in needed.items() if not groups <= allowed)


def may_log_in(rol: Rol, *, actief: bool, contactpersoon_id: int | None, mag_inloggen: bool | None) -> bool:
    """Gemeente accounts log in as a contactpersoon with `magInloggen`; others need an active account."""
    if not actief:
        return False
    if rol in _GEMEENTE_ROLLEN:
        return contactpersoon_id is not None and bool(mag_inloggen)
    return True


# --- row scope ---------------------------------------------------------------------------------------


def gemeente_scope(principal: Principal, gemeente_column: Any) -> ColumnElement[bool]:
    """Rows linked (through `gemeente_column`) to a gemeente the principal may see."""
    rol = principal.rol
    if rol in _GEMEENTE_ROLLEN:
        return gemeente_column == principal.gemeente_id  # type: ignore[no-any-return]
    if rol is Rol.ARBEIDSMARKTREGIO:
        return gemeente_column.in_(  # type: ignore[no-any-return]
            sa.select(Gemeente.id).where(Gemeente.arbeidsmarktregio_id == principal.arbeidsmarktregio_id)
        )
    if rol is Rol.COA_CASEMANAGER:
        return sa.true()
    if rol is Rol.COA_REGIEVOERDER:
        in_regio = gemeente_column.in_(
            sa.select(Gemeente.id).where(Gemeente.uitplaatsingsregio_id == principal.uitplaatsingsregio_id)
        )
        return sa.or_(in_regio, gemeente_column.is_(None))
    return sa.false()


def scope(principal: Principal, model: type[Any]) -> ColumnElement[bool]:
    """The rows of `model` the principal may see, as a WHERE clause. Unknown models see nothing."""
    if model is Vergunninghouder:
        return gemeente_scope(principal, Vergunninghouder.gekoppelde_gemeente_id)
    if model is Nareiziger:
        return gemeente_scope(principal, Nareiziger.gekoppelde_gemeente_id)
    if model is Plaatsingseenheid:
        return gemeente_scope(principal, Plaatsingseenheid.gekoppelde_gemeente_id)
    if model is Contactpersoon:
        return _contactpersoon_scope(principal)
    if model is Notificatie:
        return Notificatie.account_id == principal.account_id
    if model is AuditRecord:
        return sa.true() if G.AUDIT in ROLE_GROUPS[principal.rol] else sa.false()
    return sa.false()


def _contactpersoon_scope(principal: Principal) -> ColumnElement[bool]:
    if G.CONTACTGEGEVENS not in ROLE_GROUPS[principal.rol]:
        return sa.false()
    if principal.rol is Rol.DERDE_PARTIJ:
        return Contactpersoon.id == principal.contactpersoon_id
    if principal.rol in _GEMEENTE_ROLLEN:
        return Contactpersoon.gemeente_id == principal.gemeente_id
    return sa.true()  # COA


def contactpersonen_need_gemeente(principal: Principal) -> bool:
    """COA roles see every gemeente's contacts: they name the gemeente they mean (the contract's
    `contactpersonen(gemeenteCode:)`); gemeente roles get their own."""
    return principal.rol in (Rol.COA_CASEMANAGER, Rol.COA_REGIEVOERDER)


def type_readable(principal: Principal, type_groups: Iterable[G]) -> bool:
    """Whether the role may read a type at all (used where a node is returned by id)."""
    return set(type_groups) <= ROLE_GROUPS[principal.rol]


# --- consent ------------------------------------------------------------------------------------------


def klantprofiel_reden(
    principal: Principal, laatste_toestemming: ToestemmingSoort | None, heeft_profiel: bool
) -> KlantprofielReden | None:
    """Why no klantprofiel is available to this reader, or None when it is.

    GEEN_TOESTEMMING and TOESTEMMING_INGETROKKEN take precedence over NOG_NIET_VERZONDEN: a reader
    without consent does not learn whether a profile was ever sent.
    """
    if not (ROLE_GROUPS[principal.rol] & CONSENT_BOUND_GROUPS):
        return KlantprofielReden.GEEN_TOESTEMMING
    if principal.rol not in READS_WITHOUT_CONSENT:
        if laatste_toestemming is None:
            return KlantprofielReden.GEEN_TOESTEMMING
        if laatste_toestemming is ToestemmingSoort.INGETROKKEN:
            return KlantprofielReden.TOESTEMMING_INGETROKKEN
    if not heeft_profiel:
        return KlantprofielReden.NOG_NIET_VERZONDEN
    return None


def laatste_toestemming_sql(person_fk: Any, person_id: Any) -> Any:
    """The latest consent event's soort for a person (NULL when none), as a scalar subquery."""
    return (
        sa.select(Toestemming.soort)
        .where(person_fk == person_id)
        .order_by(Toestemming.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def klantprofiel_reden_sql(principal: Principal, laatste_toestemming: Any, heeft_profiel: Any) -> Any:
    """:func:`klantprofiel_reden` as SQL: a CASE giving the reden's name, NULL when available.

    `laatste_toestemming` is the latest consent event's soort (NULL when none, see
    :func:`laatste_toestemming_sql`), `heeft_profiel` whether a profile was sent; both SQL.
    Same precedence as the Python function, which it must mirror line by line.
    """
    if not (ROLE_GROUPS[principal.rol] & CONSENT_BOUND_GROUPS):
        return sa.literal(KlantprofielReden.GEEN_TOESTEMMING.value, sa.String)
    whens: list[Any] = []
    if principal.rol not in READS_WITHOUT_CONSENT:
        whens.append((laatste_toestemming.is_(None), KlantprofielReden.GEEN_TOESTEMMING.value))
        whens.append(
            (
                laatste_toestemming == ToestemmingSoort.INGETROKKEN.value,
                KlantprofielReden.TOESTEMMING_INGETROKKEN.value,
            )
        )
    whens.append((sa.not_(heeft_profiel), KlantprofielReden.NOG_NIET_VERZONDEN.value))
    return sa.case(*whens, else_=sa.null())


def klantprofiel_beschikbaar_sql(
    principal: Principal, model: type[Vergunninghouder] | type[Nareiziger]
) -> Any:
    """:func:`klantprofiel_reden` is None, as SQL over `model`'s rows."""
    if model is Vergunninghouder:
        kp_fk, tm_fk = Klantprofiel.vergunninghouder_id, Toestemming.vergunninghouder_id
    else:
        kp_fk, tm_fk = Klantprofiel.nareiziger_id, Toestemming.nareiziger_id
    heeft_profiel = sa.exists().where(kp_fk == model.id)
    # IS NULL is never NULL itself, so NOT of it (heeftKlantprofiel: false) keeps every other row.
    return klantprofiel_reden_sql(principal, laatste_toestemming_sql(tm_fk, model.id), heeft_profiel).is_(
        None
    )


# --- writes -------------------------------------------------------------------------------------------


def may_manage_contactpersonen(principal: Principal, gemeente_id: int) -> bool:
    return principal.rol is Rol.GEMEENTE_BEHEERDER and principal.gemeente_id == gemeente_id


def may_set_notificaties(principal: Principal, contactpersoon_id: int, gemeente_id: int) -> bool:
    """The beheerder of the contact's gemeente, or the contact itself."""
    return (
        may_manage_contactpersonen(principal, gemeente_id) or principal.contactpersoon_id == contactpersoon_id
    )


def may_record_consent(principal: Principal) -> bool:
    return principal.rol is Rol.COA_CASEMANAGER


def may_send_klantprofiel(principal: Principal) -> bool:
    return principal.rol is Rol.COA_CASEMANAGER


def may_update_nareis(principal: Principal) -> bool:
    """MVV steps and woningcheck results are recorded by COA."""
    return principal.rol in (Rol.COA_CASEMANAGER, Rol.COA_REGIEVOERDER)


def formulier_beschikbaar(principal: Principal, gekoppeld: bool) -> bool:
    """A plaatsingseenheid's documents are there for a reader of HUISVESTING once it is gekoppeld
    (before that the gemeente is not known). The klantprofiel form follows the consent rule."""
    return gekoppeld and G.HUISVESTING in ROLE_GROUPS[principal.rol]


def formulier_beschikbaar_sql(principal: Principal, gekoppeld: Any) -> Any:
    """:func:`formulier_beschikbaar` with `gekoppeld` an SQL condition."""
    return gekoppeld if G.HUISVESTING in ROLE_GROUPS[principal.rol] else sa.false()


def manages_contactpersonen(principal: Principal) -> bool:
    """Whether the role manages contactpersonen at all (of its own gemeente only: see above)."""
    return principal.rol is Rol.GEMEENTE_BEHEERDER


def account_rol(organisatietype: Organisatietype, beheerder: bool) -> Rol:
    """The role a contactpersoon with `magInloggen` logs in with: a contact of another organisation
    is a third party; a gemeente's own contact a medewerker, or a beheerder."""
    if organisatietype is not Organisatietype.GEMEENTE:
        return Rol.DERDE_PARTIJ
    return Rol.GEMEENTE_BEHEERDER if beheerder else Rol.GEMEENTE_MEDEWERKER
