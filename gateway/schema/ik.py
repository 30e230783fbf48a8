"""Ik: the account making the request, and what it may see."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from db.enums import Gegevensgroep as G
from gateway import policy
from gateway.loaders.gemeente import (
    ArbeidsmarktregioByIdLoader,
    GemeenteByIdLoader,
    UitplaatsingsregioByIdLoader,
)
from gateway.schema.directives import Gegevensgroep
from gateway.schema.enums import Rol
from gateway.schema.gemeente import Arbeidsmarktregio, Gemeente, Uitplaatsingsregio

Info_ = Info[Any, None]


@strawberry.type(description="The account making the request, and what it may see.")
class Ik:
    gebruikersnaam: str
    naam: str
    rol: Rol  # type: ignore[valid-type]

    @strawberry.field
    async def gemeente(self, info: Info_) -> Gemeente | None:
        gid = info.context.principal.gemeente_id
        return (
            Gemeente.from_row(await info.context.loaders.get(GemeenteByIdLoader).load(gid)) if gid else None
        )

    @strawberry.field
    async def arbeidsmarktregio(self, info: Info_) -> Arbeidsmarktregio | None:
        aid = info.context.principal.arbeidsmarktregio_id
        if not aid:
            return None
        return Arbeidsmarktregio.from_row(
            await info.context.loaders.get(ArbeidsmarktregioByIdLoader).load(aid)
        )

    @strawberry.field
    async def uitplaatsingsregio(self, info: Info_) -> Uitplaatsingsregio | None:
        uid = info.context.principal.uitplaatsingsregio_id
        if not uid:
            return None
        return Uitplaatsingsregio.from_row(
            await info.context.loaders.get(UitplaatsingsregioByIdLoader).load(uid)
        )

    @strawberry.field(
        description="The groups this account's role may read: clients can build their queries from it."
    )
    def gegevensgroepen(self, info: Info_) -> list[Gegevensgroep]:  # type: ignore[valid-type]
        allowed = policy.groups_for(info.context.principal.rol)
        return [g for g in G if g in allowed]  # in the contract's order
