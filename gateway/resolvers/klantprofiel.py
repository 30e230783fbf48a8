"""The consent gate: the one place that decides Klantprofiel versus KlantprofielNietBeschikbaar.

The profile is not even read unless the reader may have it: consent is checked first, through
the policy, and only then is the latest version loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from db.enums import KlantprofielReden
from gateway import policy
from gateway.loaders.klantprofiel import (
    KlantprofielenByNareizigerLoader,
    KlantprofielenByVergunninghouderLoader,
    LaatsteKlantprofielByNareizigerLoader,
    LaatsteKlantprofielByVergunninghouderLoader,
)
from gateway.loaders.toestemming import ToestemmingByNareizigerLoader, ToestemmingByVergunninghouderLoader

if TYPE_CHECKING:
    from gateway.context import Context

Persoon = Literal["vergunninghouder", "nareiziger"]

_LOADERS: dict[str, tuple[Any, Any, Any]] = {
    "vergunninghouder": (
        ToestemmingByVergunninghouderLoader,
        LaatsteKlantprofielByVergunninghouderLoader,
        KlantprofielenByVergunninghouderLoader,
    ),
    "nareiziger": (
        ToestemmingByNareizigerLoader,
        LaatsteKlantprofielByNareizigerLoader,
        KlantprofielenByNareizigerLoader,
    ),
}


async def _consent_reden(
    ctx: Context, persoon: Persoon, persoon_id: int
) -> tuple[Any, KlantprofielReden | None]:
    consent = await ctx.loaders.get(_LOADERS[persoon][0]).load(persoon_id)
    # Decide on consent alone first (as if a profile existed): without consent, nothing is read.
    return consent, policy.klantprofiel_reden(ctx.principal, consent.laatste, heeft_profiel=True)


async def laatste(ctx: Context, persoon: Persoon, persoon_id: int) -> Any | KlantprofielReden:
    """The latest klantprofiel row, or the reason it is not available to this reader."""
    consent, reden = await _consent_reden(ctx, persoon, persoon_id)
    if reden is not None:
        return reden
    row = await ctx.loaders.get(_LOADERS[persoon][1]).load(persoon_id)
    reden = policy.klantprofiel_reden(ctx.principal, consent.laatste, heeft_profiel=row is not None)
    return reden if reden is not None else row


async def alle(ctx: Context, persoon: Persoon, persoon_id: int) -> list[Any]:
    """Every version, newest first; [] when the klantprofiel is not available to this reader."""
    _, reden = await _consent_reden(ctx, persoon, persoon_id)
    if reden is not None:
        return []
    return list(await ctx.loaders.get(_LOADERS[persoon][2]).load(persoon_id))


async def versie(ctx: Context, persoon: Persoon, persoon_id: int, nummer: int | None) -> Any:
    """Version `nummer` (the latest when None) as a row, the reason no klantprofiel is available to
    this reader (a KlantprofielReden), or None when the profile is available but has no such version."""
    if nummer is None:
        return await laatste(ctx, persoon, persoon_id)
    consent, reden = await _consent_reden(ctx, persoon, persoon_id)
    if reden is not None:
        return reden
    rows = await ctx.loaders.get(_LOADERS[persoon][2]).load(persoon_id)
    reden = policy.klantprofiel_reden(ctx.principal, consent.laatste, heeft_profiel=bool(rows))
    if reden is not None:
        return reden
    return next((r for r in rows if r.versie == nummer), None)
