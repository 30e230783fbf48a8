"""Finding what a download is about, through the same scoped loaders and policy as GraphQL.

Nothing here decides access: the loaders apply `policy.scope`, the consent gate decides on the
klantprofiel, and `policy.type_readable` / `policy.formulier_beschikbaar` decide the rest. What is
out of scope comes back as None, exactly like what does not exist.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from db.enums import FormulierSoort
from db.enums import Gegevensgroep as G
from gateway import policy
from gateway.downloads.formulieren import Huishouden
from gateway.downloads.klantprofiel import Persoon
from gateway.loaders.gemeente import GemeenteByIdLoader
from gateway.loaders.nareiziger import NareizigerByVNummerLoader
from gateway.loaders.plaatsingseenheid import (
    FormulierenByPlaatsingseenheidLoader,
    HuurcontractByPlaatsingseenheidLoader,
    PlaatsingseenheidByPleNummerLoader,
)
from gateway.loaders.vergunninghouder import (
    AantalPersonenByPlaatsingseenheidLoader,
    LedenByPlaatsingseenheidLoader,
    VergunninghouderByVNummerLoader,
)
from gateway.resolvers import klantprofiel as consent_gate

if TYPE_CHECKING:
    from gateway.context import Context

#: (GraphQL type, the consent gate's name for it, its loader by V-nummer).
_PERSOON_SOORTEN: tuple[tuple[str, consent_gate.Persoon, Any], ...] = (
    ("Vergunninghouder", "vergunninghouder", VergunninghouderByVNummerLoader),
    ("Nareiziger", "nareiziger", NareizigerByVNummerLoader),
)


@dataclass(frozen=True)
class GevondenPersoon:
    persoon: Persoon
    soort: consent_gate.Persoon
    id: int


async def persoon(
    ctx: Context, v_nummer: str, type_groups: Mapping[str, frozenset[G]]
) -> GevondenPersoon | None:
    """The vergunninghouder or nareiziger with this V-nummer, if the reader may see it.

    A type whose group the role may not read (Nareiziger is BASIS) is skipped, as `node()` does.
    """
    for type_name, soort, loader in _PERSOON_SOORTEN:
        if not policy.type_readable(ctx.principal, type_groups.get(type_name, frozenset())):
            continue
        row = await ctx.loaders.get(loader).load(v_nummer)
        if row is not None:
            return GevondenPersoon(Persoon(row.v_nummer, row.voornamen, row.achternaam), soort, row.id)
    return None


async def klantprofiel(ctx: Context, gevonden: GevondenPersoon, versie: int | None) -> Any:
    """The consent gate's answer: a version row, a KlantprofielReden, or None (no such version)."""
    return await consent_gate.versie(ctx, gevonden.soort, gevonden.id, versie)


async def huishouden(ctx: Context, ple_nummer: str, soort: FormulierSoort) -> Huishouden | None:
    """The household behind form `soort` of `ple_nummer`, if the reader may have that form."""
    ple = await ctx.loaders.get(PlaatsingseenheidByPleNummerLoader).load(ple_nummer)
    if ple is None:
        return None
    if not policy.formulier_beschikbaar(ctx.principal, ple.gekoppelde_gemeente_id is not None):
        return None
    formulieren = await ctx.loaders.get(FormulierenByPlaatsingseenheidLoader).load(ple.id)
    if soort not in {f.soort for f in formulieren}:
        return None
    leden, aantal, huurcontract = await asyncio.gather(
        ctx.loaders.get(LedenByPlaatsingseenheidLoader).load(ple.id),
        ctx.loaders.get(AantalPersonenByPlaatsingseenheidLoader).load(ple.id),
        ctx.loaders.get(HuurcontractByPlaatsingseenheidLoader).load(ple.id),
    )
    gemeente = await ctx.loaders.get(GemeenteByIdLoader).load(ple.gekoppelde_gemeente_id)
    return Huishouden(
        ple=ple, gemeente=gemeente, leden=leden, aantal_personen=int(aantal), huurcontract=huurcontract
    )
