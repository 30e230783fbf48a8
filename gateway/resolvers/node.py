"""`node(id)`: any global id, resolved through the same scope as every other path.

A guessed or copied id of a row outside the scope gives null, exactly like an id that does not
exist; so does the id of a type whose group the reader's role may not read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gateway import policy
from gateway.loaders.contactpersoon import ContactpersoonByIdLoader
from gateway.loaders.gemeente import (
    ArbeidsmarktregioByIdLoader,
    GemeenteByIdLoader,
    UitplaatsingsregioByIdLoader,
)
from gateway.loaders.nareiziger import NareizigerByIdLoader
from gateway.loaders.notificatie import NotificatieByIdLoader
from gateway.loaders.plaatsingseenheid import PlaatsingseenheidByIdLoader
from gateway.loaders.vergunninghouder import VergunninghouderByIdLoader
from gateway.schema.node import decode_id

if TYPE_CHECKING:
    from gateway.context import Context

LOADERS: dict[str, Any] = {
    "Vergunninghouder": VergunninghouderByIdLoader,
    "Nareiziger": NareizigerByIdLoader,
    "Plaatsingseenheid": PlaatsingseenheidByIdLoader,
    "Contactpersoon": ContactpersoonByIdLoader,
    "Notificatie": NotificatieByIdLoader,
    "Gemeente": GemeenteByIdLoader,
    "Arbeidsmarktregio": ArbeidsmarktregioByIdLoader,
    "Uitplaatsingsregio": UitplaatsingsregioByIdLoader,
}


async def resolve_node(ctx: Context, global_id: str) -> tuple[str, Any] | None:
    """(type name, row), or None."""
    decoded = decode_id(global_id)
    if decoded is None or decoded[0] not in LOADERS:
        return None
    type_name, pk = decoded
    assert ctx.analysis is not None
    if not policy.type_readable(ctx.principal, ctx.analysis.rules.type_groups.get(type_name, ())):
        return None
    row = await ctx.loaders.get(LOADERS[type_name]).load(pk)
    return (type_name, row) if row is not None else None
