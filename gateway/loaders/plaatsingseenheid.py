"""Plaatsingseenheden with their huurcontract and forms; limited to the principal's scope."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.models import Formulier, Huurcontract, Plaatsingseenheid
from gateway import policy
from gateway.loaders.base import Loader, many_per_key, one_per_key

COLUMNS = (Plaatsingseenheid.id, Plaatsingseenheid.ple_nummer, Plaatsingseenheid.gekoppelde_gemeente_id)


class PlaatsingseenheidByIdLoader(Loader[int, Any]):
    async def load_batch(self, keys: list[int]) -> list[Any]:
        rows = await self.fetch(
            sa.select(*COLUMNS).where(
                Plaatsingseenheid.id.in_(keys), policy.scope(self.principal, Plaatsingseenheid)
            )
        )
        return one_per_key(keys, rows, "id")


class PlaatsingseenheidByPleNummerLoader(Loader[str, Any]):
    async def load_batch(self, keys: list[str]) -> list[Any]:
        rows = await self.fetch(
            sa.select(*COLUMNS).where(
                Plaatsingseenheid.ple_nummer.in_(keys), policy.scope(self.principal, Plaatsingseenheid)
            )
        )
        return one_per_key(keys, rows, "ple_nummer")


class HuurcontractByPlaatsingseenheidLoader(Loader[int, Any]):
    async def load_batch(self, keys: list[int]) -> list[Any]:
        rows = await self.fetch(
            sa.select(*Huurcontract.__table__.c)
            .join(Plaatsingseenheid, Plaatsingseenheid.id == Huurcontract.plaatsingseenheid_id)
            .where(
                Huurcontract.plaatsingseenheid_id.in_(keys),
                policy.scope(self.principal, Plaatsingseenheid),
            )
        )
        return one_per_key(keys, rows, "plaatsingseenheid_id")


class FormulierenByPlaatsingseenheidLoader(Loader[int, list[Any]]):
    async def load_batch(self, keys: list[int]) -> list[list[Any]]:
        rows = await self.fetch(
            sa.select(Formulier.plaatsingseenheid_id, Formulier.soort, Formulier.naam, Formulier.beschrijving)
            .join(Plaatsingseenheid, Plaatsingseenheid.id == Formulier.plaatsingseenheid_id)
            .where(
                Formulier.plaatsingseenheid_id.in_(keys),
                policy.scope(self.principal, Plaatsingseenheid),
            )
            .order_by(Formulier.plaatsingseenheid_id, Formulier.id)
        )
        return many_per_key(keys, rows, "plaatsingseenheid_id")
