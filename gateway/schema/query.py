"""The Query root: thin fields; the work is in gateway/resolvers/."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from db.enums import Gegevensgroep as G
from gateway.loaders.nareiziger import NareizigerFilterArgs
from gateway.loaders.plaatsingseenheid import PlaatsingseenheidByPleNummerLoader
from gateway.loaders.vergunninghouder import VergunninghouderFilterArgs
from gateway.resolvers import audit as audit_resolvers
from gateway.resolvers import gemeente as gemeente_resolvers
from gateway.resolvers import nareiziger as nareiziger_resolvers
from gateway.resolvers import node as node_resolvers
from gateway.resolvers import notificatie as notificatie_resolvers
from gateway.resolvers import vergunninghouder as vh_resolvers
from gateway.schema.audit import AuditFilter, AuditRecord, AuditRecordConnection
from gateway.schema.audited import audited
from gateway.schema.contactpersoon import Contactpersoon
from gateway.schema.directives import groep
from gateway.schema.gemeente import Arbeidsmarktregio, Gemeente, Uitplaatsingsregio
from gateway.schema.ik import Ik
from gateway.schema.nareiziger import Nareiziger, NareizigerConnection, NareizigerFilter
from gateway.schema.node import Node
from gateway.schema.notificatie import Notificatie, NotificatieConnection
from gateway.schema.pagination import check_first
from gateway.schema.plaatsingseenheid import Plaatsingseenheid
from gateway.schema.vergunninghouder import (
    Vergunninghouder,
    VergunninghouderConnection,
    VergunninghouderFilter,
    VergunninghouderSortering,
    sort_pairs,
)

Info_ = Info[Any, None]

#: How each Node type is made from its row.
NODE_TYPES: dict[str, Any] = {
    "Vergunninghouder": Vergunninghouder,
    "Nareiziger": Nareiziger,
    "Plaatsingseenheid": Plaatsingseenheid,
    "Contactpersoon": Contactpersoon,
    "Notificatie": Notificatie,
    "Gemeente": Gemeente,
    "Arbeidsmarktregio": Arbeidsmarktregio,
    "Uitplaatsingsregio": Uitplaatsingsregio,
}


@strawberry.type
class Query:
    @strawberry.field
    def ik(self, info: Info_) -> Ik:
        p = info.context.principal
        return Ik(gebruikersnaam=p.gebruikersnaam, naam=p.naam, rol=p.rol)

    @strawberry.field(extensions=audited())
    async def node(self, info: Info_, id: strawberry.ID) -> Node | None:
        found = await node_resolvers.resolve_node(info.context, str(id))
        if found is None:
            return None
        type_name, row = found
        return NODE_TYPES[type_name].from_row(row)  # type: ignore[no-any-return]

    @strawberry.field
    async def gemeente(self, info: Info_, code: str) -> Gemeente | None:
        row = await gemeente_resolvers.resolve_gemeente(info.context, code)
        return Gemeente.from_row(row) if row else None

    @strawberry.field
    async def gemeenten(self, info: Info_) -> list[Gemeente]:
        return [Gemeente.from_row(r) for r in await gemeente_resolvers.resolve_gemeenten(info.context)]

    @strawberry.field
    async def arbeidsmarktregios(self, info: Info_) -> list[Arbeidsmarktregio]:
        rows = await gemeente_resolvers.resolve_arbeidsmarktregios(info.context)
        return [Arbeidsmarktregio.from_row(r) for r in rows]

    @strawberry.field
    async def uitplaatsingsregios(self, info: Info_) -> list[Uitplaatsingsregio]:
        rows = await gemeente_resolvers.resolve_uitplaatsingsregios(info.context)
        return [Uitplaatsingsregio.from_row(r) for r in rows]

    @strawberry.field(extensions=audited())
    async def vergunninghouder(self, info: Info_, v_nummer: str) -> Vergunninghouder | None:
        row = await vh_resolvers.resolve_vergunninghouder(info.context, v_nummer)
        return Vergunninghouder.from_row(row) if row else None

    @strawberry.field(
        description="first: 1..500, default 50; more is VALIDATION_FAILED", extensions=audited()
    )
    async def vergunninghouders(
        self,
        info: Info_,
        filter: VergunninghouderFilter | None = None,
        order_by: list[VergunninghouderSortering] | None = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> VergunninghouderConnection:
        ctx = info.context
        page = await vh_resolvers.resolve_vergunninghouders(
            ctx,
            VergunninghouderFilterArgs.from_input(filter),
            sort_pairs(order_by),
            check_first(first, ctx.settings.max_page_size),
            after,
        )
        return VergunninghouderConnection.from_page(page, page.count)  # type: ignore[arg-type]

    @strawberry.field(directives=groep(G.HUISVESTING), extensions=audited())
    async def plaatsingseenheid(self, info: Info_, ple_nummer: str) -> Plaatsingseenheid | None:
        row = await info.context.loaders.get(PlaatsingseenheidByPleNummerLoader).load(ple_nummer)
        return Plaatsingseenheid.from_row(row) if row else None

    @strawberry.field(directives=groep(G.BASIS), extensions=audited())
    async def nareizigers(
        self,
        info: Info_,
        filter: NareizigerFilter | None = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> NareizigerConnection:
        ctx = info.context
        page = await nareiziger_resolvers.resolve_nareizigers(
            ctx,
            NareizigerFilterArgs.from_input(filter),
            check_first(first, ctx.settings.max_page_size),
            after,
        )
        return NareizigerConnection.from_page(page, page.count)  # type: ignore[arg-type]

    @strawberry.field(
        description="Contactpersonen of your own gemeente (COA roles: of the gemeente named).",
        directives=groep(G.CONTACTGEGEVENS),
    )
    async def contactpersonen(self, info: Info_, gemeente_code: str | None = None) -> list[Contactpersoon]:
        rows = await gemeente_resolvers.resolve_contactpersonen(info.context, gemeente_code)
        return [Contactpersoon.from_row(r) for r in rows]

    @strawberry.field
    async def mijn_notificaties(
        self,
        info: Info_,
        alleen_ongelezen: bool | None = False,
        first: int | None = 50,
        after: str | None = None,
    ) -> NotificatieConnection:
        ctx = info.context
        page = await notificatie_resolvers.resolve_mijn_notificaties(
            ctx, bool(alleen_ongelezen), check_first(first, ctx.settings.max_page_size), after
        )
        return NotificatieConnection.from_page(page, page.count)  # type: ignore[arg-type]

    @strawberry.field(directives=groep(G.AUDIT))
    async def audit_log(
        self, info: Info_, filter: AuditFilter | None = None, first: int | None = 50, after: str | None = None
    ) -> AuditRecordConnection:
        ctx = info.context
        page = await audit_resolvers.resolve_audit_log(
            ctx, filter, check_first(first, ctx.settings.max_page_size), after
        )
        records = [
            AuditRecord(
                tijdstip=r.tijdstip,
                trace_id=r.trace_id,
                gebruikersnaam=r.gebruikersnaam,
                rol=r.rol,
                verwerkingsactiviteit=r.verwerkingsactiviteit,
                operatie=r.operatie,
                v_nummer=audit_resolvers.decrypt_v_nummer(ctx, r),
                gegevensgroepen=audit_resolvers.groups_of(r),
                resultaat=r.resultaat.value,
                handeling=r.handeling,
            )
            for r in page.rows
        ]
        return AuditRecordConnection.from_page(page, records, page.count)  # type: ignore[arg-type]
