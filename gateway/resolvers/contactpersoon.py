"""Managing a gemeente's contactpersonen (TVS tab 'Profiel'): add, change, remove, notifications.

Each is one write transaction. The target is looked up under the policy's scope, so a contact of
another gemeente does not exist for the caller (NOT_FOUND); a role that may not manage contacts
gets FORBIDDEN and a GEWEIGERD access-log record. A contact with `magInloggen` has an account whose
role the policy derives (policy.account_rol); removing the contact deactivates that account, so it
loses access on its very next request, and its open subscriptions are told to re-check.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from strawberry import UNSET

from db.enums import Gegevensgroep as G
from db.enums import Geslacht, Organisatietype
from db.models import Account, Contactpersoon, EmailOutbox, Gemeente, Notificatie
from gateway import identifiers, policy
from gateway.errors import Forbidden, NotFound, ValidationFailed
from gateway.loaders.contactpersoon import select_contactpersonen
from gateway.schema.node import decode_id
from gateway.writes import WriteTransaction, write_transaction

if TYPE_CHECKING:
    from gateway.context import Context

_GROEP = {G.CONTACTGEGEVENS}


@dataclass(frozen=True)
class Gegevens:
    """A contactpersoon's editable data, normalised; what is stored."""

    naam: str
    email: str
    telefoonnummer: str | None
    faxnummer: str | None
    geslacht: Geslacht | None
    organisatietype: Organisatietype
    organisatie: str
    straat: str | None
    huisnummer: str | None
    toevoeging: str | None
    postcode: str | None
    plaats: str | None
    mag_inloggen: bool
    ontvangt_voordrachten: bool
    beheerder: bool
    grondslag: str | None


_LENGTE = {"naam": 200, "organisatie": 200, "straat": 200, "huisnummer": 10, "toevoeging": 10, "plaats": 100}


def _tekst(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _normaliseer(g: Gegevens) -> Gegevens:
    tel = _tekst(g.telefoonnummer)
    fax = _tekst(g.faxnummer)
    postcode = _tekst(g.postcode)
    return replace(
        g,
        naam=_tekst(g.naam) or "",
        email=(_tekst(g.email) or "").lower(),
        telefoonnummer=identifiers.normalize_telefoon(tel) if tel else None,
        faxnummer=identifiers.normalize_telefoon(fax) if fax else None,
        organisatie=_tekst(g.organisatie) or "",
        straat=_tekst(g.straat),
        huisnummer=_tekst(g.huisnummer),
        toevoeging=_tekst(g.toevoeging),
        postcode=identifiers.normalize_postcode(postcode) if postcode else None,
        plaats=_tekst(g.plaats),
        grondslag=_tekst(g.grondslag),
    )


def fouten(g: Gegevens, heeft_adres: bool) -> dict[str, str]:
    """Every field that is wrong, with the reason (input paths as the client sent them)."""
    out: dict[str, str] = {}
    if not g.naam:
        out["input.naam"] = "verplicht"
    if not g.email:
        out["input.email"] = "verplicht"
    elif not identifiers.is_email(g.email):
        out["input.email"] = "geen geldig e-mailadres"
    if g.telefoonnummer and not identifiers.is_telefoon(g.telefoonnummer):
        out["input.telefoonnummer"] = "geen Nederlands telefoonnummer (10 cijfers, of +31 en 9 cijfers)"
    if g.faxnummer and not identifiers.is_telefoon(g.faxnummer):
        out["input.faxnummer"] = "geen Nederlands faxnummer (10 cijfers, of +31 en 9 cijfers)"
    if not g.organisatie:
        out["input.organisatie"] = "verplicht"
    if heeft_adres:
        for veld in ("straat", "huisnummer", "plaats"):
            if not getattr(g, veld):
                out[f"input.adres.{veld}"] = "verplicht"
        if not g.postcode:
            out["input.adres.postcode"] = "verplicht"
        elif not identifiers.is_postcode(g.postcode):
            out["input.adres.postcode"] = "een postcode als 1234 AB"
    for veld, maximum in _LENGTE.items():
        value = getattr(g, veld)
        if value and len(value) > maximum:
            pad = (
                f"input.adres.{veld}"
                if veld in ("straat", "huisnummer", "toevoeging", "plaats")
                else f"input.{veld}"
            )
            out.setdefault(pad, f"ten hoogste {maximum} tekens")
    if g.organisatietype is not Organisatietype.GEMEENTE and not g.grondslag:
        out["input.grondslag"] = (
            "verplicht voor een contactpersoon van een andere organisatie dan de gemeente"
        )
    if g.beheerder and g.organisatietype is not Organisatietype.GEMEENTE:
        out["input.beheerder"] = "alleen een contactpersoon van de gemeente zelf kan beheerder zijn"
    return out


def _refuse(ctx: Context, message: str) -> Forbidden:
    ctx.audit.refused([None], _GROEP)
    return Forbidden(message)


def _contact_pk(global_id: str) -> int:
    decoded = decode_id(global_id)
    if decoded is None or decoded[0] != "Contactpersoon":
        raise NotFound("Contactpersoon niet gevonden")
    return decoded[1]


async def _target(ctx: Context, tx: WriteTransaction, pk: int) -> Any:
    """The contactpersoon, locked, if the caller's scope holds it."""
    stmt = (
        sa.select(*Contactpersoon.__table__.c, Gemeente.code.label("gemeente_code"))
        .join(Gemeente, Gemeente.id == Contactpersoon.gemeente_id)
        .where(Contactpersoon.id == pk, policy.scope(ctx.principal, Contactpersoon))
    )
    if tx.conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=Contactpersoon)
    row = (await tx.conn.execute(stmt)).first()
    if row is None:
        raise NotFound("Contactpersoon niet gevonden")
    return row


async def _email_in_gebruik(
    tx: WriteTransaction, email: str, contact_id: int | None, account_id: int | None
) -> bool:
    contact = sa.select(Contactpersoon.id).where(sa.func.lower(Contactpersoon.email) == email)
    if contact_id is not None:
        contact = contact.where(Contactpersoon.id != contact_id)
    # An inactive account (of a removed contact) may be given to a new contact with its address.
    account = sa.select(Account.id).where(Account.gebruikersnaam == email, Account.actief.is_(True))
    if account_id is not None:
        account = account.where(Account.id != account_id)
    found = await tx.conn.execute(sa.select(sa.or_(sa.exists(contact), sa.exists(account))))
    return bool(found.scalar())


async def _account_voor(tx: WriteTransaction, g: Gegevens, gemeente_id: int, account_id: int | None) -> int:
    """The account of a contact with magInloggen: its own, the inactive one left under this address
    by a removed contact, or a new one; its name and role follow the contact."""
    values = {
        "gebruikersnaam": g.email,
        "naam": g.naam,
        "rol": policy.account_rol(g.organisatietype, g.beheerder),
        "gemeente_id": gemeente_id,
        "arbeidsmarktregio_id": None,
        "uitplaatsingsregio_id": None,
        "actief": True,
    }
    if account_id is None:
        account_id = (
            await tx.conn.execute(sa.select(Account.id).where(Account.gebruikersnaam == g.email))
        ).scalar()
        if account_id is not None:
            # A former account: nothing of what it was sent before belongs to the new contact.
            await _vergeet_notificaties(tx, account_id, None)
    if account_id is None:
        return int(
            (await tx.conn.execute(sa.insert(Account).values(**values).returning(Account.id))).scalar_one()
        )
    await tx.conn.execute(sa.update(Account).where(Account.id == account_id).values(**values))
    return account_id


async def _vergeet_notificaties(tx: WriteTransaction, account_id: int | None, email: str | None) -> None:
    """Drop the notifications of an account and the mails not yet sent to it."""
    if account_id is not None:
        own = sa.select(Notificatie.id).where(Notificatie.account_id == account_id)
        await tx.conn.execute(
            sa.delete(EmailOutbox).where(
                EmailOutbox.notificatie_id.in_(own), EmailOutbox.verzonden_op.is_(None)
            )
        )
        await tx.conn.execute(sa.delete(Notificatie).where(Notificatie.account_id == account_id))
    if email is not None:
        await tx.conn.execute(
            sa.delete(EmailOutbox).where(EmailOutbox.ontvanger == email, EmailOutbox.verzonden_op.is_(None))
        )


def _kolommen(g: Gegevens) -> dict[str, Any]:
    return {f.name: getattr(g, f.name) for f in fields(g)}


async def _terug(tx: WriteTransaction, pk: int) -> Any:
    return (await tx.conn.execute(select_contactpersonen().where(Contactpersoon.id == pk))).one()


@contextmanager
def _email_uniek() -> Iterator[None]:
    """Two concurrent writers with the same address: the database's unique index decides."""
    try:
        yield
    except IntegrityError as exc:
        if "email" in str(exc.orig).lower() or "gebruikersnaam" in str(exc.orig).lower():
            raise ValidationFailed({"input.email": "is al in gebruik"}) from None
        raise


# --- the mutations -----------------------------------------------------------------------------


async def resolve_contactpersoon_toevoegen(ctx: Context, inp: Any) -> Any:
    if not policy.manages_contactpersonen(ctx.principal):
        raise _refuse(ctx, "Alleen de beheerder van de gemeente voegt contactpersonen toe")
    if not identifiers.is_cbs_gemeentecode(inp.gemeente_code):
        raise ValidationFailed({"input.gemeenteCode": "een CBS-gemeentecode, zoals GM0344"})
    adres = inp.adres
    g = _normaliseer(
        Gegevens(
            naam=inp.naam,
            email=inp.email,
            telefoonnummer=inp.telefoonnummer,
            faxnummer=inp.faxnummer,
            geslacht=inp.geslacht,
            organisatietype=inp.organisatietype,
            organisatie=inp.organisatie,
            straat=adres.straat if adres else None,
            huisnummer=adres.huisnummer if adres else None,
            toevoeging=adres.toevoeging if adres else None,
            postcode=adres.postcode if adres else None,
            plaats=adres.plaats if adres else None,
            mag_inloggen=bool(inp.mag_inloggen),
            ontvangt_voordrachten=bool(inp.ontvangt_voordrachten),
            beheerder=bool(inp.beheerder),
            grondslag=inp.grondslag,
        )
    )
    meldingen = inp.notificaties
    with _email_uniek():
        async with write_transaction(ctx) as tx:
            gemeente_id = (
                await tx.conn.execute(sa.select(Gemeente.id).where(Gemeente.code == inp.gemeente_code))
            ).scalar()
            if gemeente_id is None:
                raise ValidationFailed({"input.gemeenteCode": "onbekende gemeente"})
            if not policy.may_manage_contactpersonen(ctx.principal, gemeente_id):
                raise _refuse(ctx, "U beheert alleen de contactpersonen van uw eigen gemeente")
            errors = fouten(g, heeft_adres=adres is not None)
            if "input.email" not in errors and await _email_in_gebruik(tx, g.email, None, None):
                errors["input.email"] = "is al in gebruik"
            if errors:
                raise ValidationFailed(errors)
            account_id = await _account_voor(tx, g, gemeente_id, None) if g.mag_inloggen else None
            pk = (
                await tx.conn.execute(
                    sa.insert(Contactpersoon)
                    .values(
                        **_kolommen(g),
                        gemeente_id=gemeente_id,
                        account_id=account_id,
                        notificatie_algemeen=bool(meldingen and meldingen.algemeen),
                        notificatie_woningcheck=bool(meldingen and meldingen.woningcheck),
                        notificatie_mvv_proces=bool(meldingen and meldingen.mvv_proces),
                        notificatie_klantprofiel=bool(meldingen and meldingen.klantprofiel),
                        toegevoegd_door_id=ctx.principal.account_id,
                    )
                    .returning(Contactpersoon.id)
                )
            ).scalar_one()
            login = (
                f", inloggen als {policy.account_rol(g.organisatietype, g.beheerder).value}"
                if account_id
                else ""
            )
            tx.changed(
                None, f"contactpersoon {pk} ({g.email}) toegevoegd aan {inp.gemeente_code}{login}", _GROEP
            )
            return await _terug(tx, pk)


_WIJZIGBAAR = (
    "naam",
    "email",
    "telefoonnummer",
    "faxnummer",
    "geslacht",
    "organisatie",
    "mag_inloggen",
    "ontvangt_voordrachten",
    "beheerder",
    "grondslag",
)
_VERPLICHT = {"naam", "email", "organisatie", "mag_inloggen", "ontvangt_voordrachten", "beheerder"}


def _is_set(value: Any) -> bool:
    return value is not UNSET


async def resolve_contactpersoon_wijzigen(ctx: Context, global_id: str, wijziging: Any) -> Any:
    if not policy.manages_contactpersonen(ctx.principal):
        raise _refuse(ctx, "Alleen de beheerder van de gemeente wijzigt contactpersonen")
    pk = _contact_pk(global_id)
    with _email_uniek():
        async with write_transaction(ctx) as tx:
            cp = await _target(ctx, tx, pk)
            if not policy.may_manage_contactpersonen(ctx.principal, cp.gemeente_id):
                raise _refuse(ctx, "U beheert alleen de contactpersonen van uw eigen gemeente")
            current = Gegevens(**{f.name: getattr(cp, f.name) for f in fields(Gegevens)})
            changes: dict[str, Any] = {}
            errors: dict[str, str] = {}
            for veld in _WIJZIGBAAR:
                value = getattr(wijziging, veld)
                if not _is_set(value):
                    continue
                if value is None and veld in _VERPLICHT:
                    errors[f"input.{_camel(veld)}"] = "mag niet leeg zijn"
                    continue
                changes[veld] = value
            adres = wijziging.adres
            if _is_set(adres):
                for veld in ("straat", "huisnummer", "toevoeging", "postcode", "plaats"):
                    changes[veld] = getattr(adres, veld) if adres is not None else None
            new = _normaliseer(replace(current, **changes))
            errors.update(fouten(new, heeft_adres=bool(_is_set(adres) and adres is not None)))
            if cp.id == ctx.principal.contactpersoon_id and not (new.beheerder and new.mag_inloggen):
                errors["input.beheerder"] = "u kunt uw eigen beheerrechten of inlog niet intrekken"
            if (
                "input.email" not in errors
                and new.email != current.email.lower()
                and await _email_in_gebruik(tx, new.email, cp.id, cp.account_id)
            ):
                errors["input.email"] = "is al in gebruik"
            if errors:
                raise ValidationFailed(errors)
            account_id = cp.account_id
            if new.mag_inloggen:
                account_id = await _account_voor(tx, new, cp.gemeente_id, account_id)
            await tx.conn.execute(
                sa.update(Contactpersoon)
                .where(Contactpersoon.id == pk)
                .values(**_kolommen(new), account_id=account_id)
            )
            gewijzigd = sorted(
                _camel(f.name) for f in fields(Gegevens) if getattr(new, f.name) != getattr(current, f.name)
            )
            tx.changed(
                None,
                f"contactpersoon {pk} ({new.email}) gewijzigd: {', '.join(gewijzigd) or 'niets'}",
                _GROEP,
            )
            if account_id is not None:
                tx.publish(account_id)  # its open subscriptions re-check their access
            return await _terug(tx, pk)


async def resolve_contactpersoon_verwijderen(ctx: Context, global_id: str) -> bool:
    if not policy.manages_contactpersonen(ctx.principal):
        raise _refuse(ctx, "Alleen de beheerder van de gemeente verwijdert contactpersonen")
    pk = _contact_pk(global_id)
    async with write_transaction(ctx) as tx:
        cp = await _target(ctx, tx, pk)
        if not policy.may_manage_contactpersonen(ctx.principal, cp.gemeente_id):
            raise _refuse(ctx, "U beheert alleen de contactpersonen van uw eigen gemeente")
        if cp.id == ctx.principal.contactpersoon_id:
            raise ValidationFailed({"id": "u kunt uzelf niet verwijderen"})
        await _vergeet_notificaties(tx, cp.account_id, cp.email)
        await tx.conn.execute(sa.delete(Contactpersoon).where(Contactpersoon.id == pk))
        account = ""
        if cp.account_id is not None:
            await tx.conn.execute(sa.update(Account).where(Account.id == cp.account_id).values(actief=False))
            tx.publish(cp.account_id)  # its open subscriptions re-check, and end
            account = f"; account {cp.account_id} gedeactiveerd"
        tx.changed(
            None, f"contactpersoon {pk} ({cp.email}) verwijderd uit {cp.gemeente_code}{account}", _GROEP
        )
    return True


async def resolve_notificaties_instellen(ctx: Context, global_id: str, instellingen: Any) -> Any:
    pk = _contact_pk(global_id)
    async with write_transaction(ctx) as tx:
        cp = await _target(ctx, tx, pk)
        if not policy.may_set_notificaties(ctx.principal, cp.id, cp.gemeente_id):
            raise _refuse(ctx, "Alleen de beheerder van de gemeente of de contactpersoon zelf stelt dit in")
        await tx.conn.execute(
            sa.update(Contactpersoon)
            .where(Contactpersoon.id == pk)
            .values(
                notificatie_algemeen=instellingen.algemeen,
                notificatie_woningcheck=instellingen.woningcheck,
                notificatie_mvv_proces=instellingen.mvv_proces,
                notificatie_klantprofiel=instellingen.klantprofiel,
            )
        )
        gekozen = [
            k
            for k in ("algemeen", "woningcheck", "mvvProces", "klantprofiel")
            if getattr(instellingen, _snake(k))
        ]
        tx.changed(
            None, f"notificaties van contactpersoon {pk} ingesteld: {', '.join(gekozen) or 'geen'}", _GROEP
        )
        return await _terug(tx, pk)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
