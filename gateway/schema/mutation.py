"""The Mutation root: thin fields; each write is one transaction in gateway/resolvers/."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from strawberry.types import Info

from gateway.resolvers import contactpersoon as cp_resolvers
from gateway.resolvers import nareis as nareis_resolvers
from gateway.resolvers import notificatie as notificatie_resolvers
from gateway.resolvers import toestemming as toestemming_resolvers
from gateway.resolvers.klantprofiel_verzenden import resolve_klantprofiel_verzenden
from gateway.schema.audited import audited
from gateway.schema.contactpersoon import (
    Contactpersoon,
    ContactpersoonInput,
    ContactpersoonWijziging,
    NotificatieInstellingenInput,
)
from gateway.schema.enums import MvvStap, WoningcheckResultaat
from gateway.schema.klantprofiel import Klantprofiel
from gateway.schema.klantprofiel_input import KlantprofielInput
from gateway.schema.nareiziger import Nareiziger
from gateway.schema.notificatie import Notificatie
from gateway.schema.vergunninghouder import Toestemming

Info_ = Info[Any, None]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="GEMEENTE_BEHEERDER of that gemeente. Non-GEMEENTE organisations need a grondslag."
    )
    async def contactpersoon_toevoegen(self, info: Info_, input: ContactpersoonInput) -> Contactpersoon:
        return Contactpersoon.from_row(
            await cp_resolvers.resolve_contactpersoon_toevoegen(info.context, input)
        )

    @strawberry.mutation(description="GEMEENTE_BEHEERDER of the contact's gemeente.")
    async def contactpersoon_wijzigen(
        self, info: Info_, id: strawberry.ID, input: ContactpersoonWijziging
    ) -> Contactpersoon:
        row = await cp_resolvers.resolve_contactpersoon_wijzigen(info.context, str(id), input)
        return Contactpersoon.from_row(row)

    @strawberry.mutation(
        description="Removes the contact; its account loses all access on its very next request."
    )
    async def contactpersoon_verwijderen(self, info: Info_, id: strawberry.ID) -> bool:
        return await cp_resolvers.resolve_contactpersoon_verwijderen(info.context, str(id))

    @strawberry.mutation(description="The beheerder of the contact's gemeente, or the contact itself.")
    async def notificaties_instellen(
        self, info: Info_, contactpersoon_id: strawberry.ID, instellingen: NotificatieInstellingenInput
    ) -> Contactpersoon:
        row = await cp_resolvers.resolve_notificaties_instellen(
            info.context, str(contactpersoon_id), instellingen
        )
        return Contactpersoon.from_row(row)

    @strawberry.mutation(description="COA_CASEMANAGER.")
    async def toestemming_vastleggen(
        self, info: Info_, v_nummer: str, ondertekend_op: dt.date
    ) -> Toestemming:
        state = await toestemming_resolvers.resolve_toestemming_vastleggen(
            info.context, v_nummer, ondertekend_op
        )
        return Toestemming.from_state(state)

    @strawberry.mutation(description="COA_CASEMANAGER. Takes effect for every reader on their next request.")
    async def toestemming_intrekken(self, info: Info_, v_nummer: str, ingetrokken_op: dt.date) -> Toestemming:
        state = await toestemming_resolvers.resolve_toestemming_intrekken(
            info.context, v_nummer, ingetrokken_op
        )
        return Toestemming.from_state(state)

    @strawberry.mutation(
        description=(
            "COA_CASEMANAGER. Stores version vorigeVersie+1 (1 when absent) and notifies the "
            "gekoppelde\ngemeente's contactpersonen who chose KLANTPROFIEL notifications. CONFLICT "
            "when vorigeVersie is not\nthe latest version; CONSENT_REQUIRED when no consent is in force."
        ),
        extensions=audited(),
    )
    async def klantprofiel_verzenden(
        self, info: Info_, v_nummer: str, input: KlantprofielInput, vorige_versie: int | None = None
    ) -> Klantprofiel:
        row = await resolve_klantprofiel_verzenden(info.context, v_nummer, input, vorige_versie)
        return Klantprofiel.from_row(row)

    @strawberry.mutation
    async def notificatie_gelezen(self, info: Info_, id: strawberry.ID) -> Notificatie:
        return Notificatie.from_row(
            await notificatie_resolvers.resolve_notificatie_gelezen(info.context, str(id))
        )

    @strawberry.mutation(
        description=(
            "COA_CASEMANAGER or COA_REGIEVOERDER (its region): a nareiziger reached a new MVV step "
            "on `sinds`. Notifies the gekoppelde gemeente's contactpersonen who chose MVV_PROCES "
            "notifications."
        ),
        extensions=audited(),
    )
    async def mvv_stap_wijzigen(
        self,
        info: Info_,
        v_nummer: str,
        mvv_stap: MvvStap,  # type: ignore[valid-type]
        sinds: dt.date,
    ) -> Nareiziger:
        row = await nareis_resolvers.resolve_mvv_stap_wijzigen(info.context, v_nummer, mvv_stap, sinds)
        return Nareiziger.from_row(row)

    @strawberry.mutation(
        description=(
            "COA_CASEMANAGER or COA_REGIEVOERDER (its region): the result of the woningcheck of a "
            "nareiziger's referent's house. Notifies the gekoppelde gemeente's contactpersonen who "
            "chose WONINGCHECK notifications."
        ),
        extensions=audited(),
    )
    async def woningcheck_vastleggen(
        self,
        info: Info_,
        v_nummer: str,
        resultaat: WoningcheckResultaat,  # type: ignore[valid-type]
    ) -> Nareiziger:
        row = await nareis_resolvers.resolve_woningcheck_vastleggen(info.context, v_nummer, resultaat)
        return Nareiziger.from_row(row)
