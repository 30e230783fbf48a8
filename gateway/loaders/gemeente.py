"""Gemeenten and regions: reference data, readable by every role (no personal data)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.models import Arbeidsmarktregio, Gemeente, Regievoerder, Uitplaatsingsregio
from gateway.loaders.base import Loader, many_per_key, one_per_key

GEMEENTE_COLUMNS = (
    Gemeente.id,
    Gemeente.code,
    Gemeente.naam,
    Gemeente.arbeidsmarktregio_id,
    Gemeente.uitplaatsingsregio_id,
)


class GemeenteByIdLoader(Loader[int, Any]):
    async def load_batch(self, keys: list[int]) -> list[Any]:
        rows = await self.fetch(sa.select(*GEMEENTE_COLUMNS).where(Gemeente.id.in_(keys)))
        return one_per_key(keys, rows, "id")


class GemeenteByCodeLoader(Loader[str, Any]):
    async def load_batch(self, keys: list[str]) -> list[Any]:
        rows = await self.fetch(sa.select(*GEMEENTE_COLUMNS).where(Gemeente.code.in_(keys)))
        return one_per_key(keys, rows, "code")


class GemeentenByArbeidsmarktregioLoader(Loader[int, list[Any]]):
    async def load_batch(self, keys: list[int]) -> list[list[Any]]:
        rows = await self.fetch(
            sa.select(*GEMEENTE_COLUMNS)
            .where(Gemeente.arbeidsmarktregio_id.in_(keys))
            .order_by(Gemeente.naam)
        )
        return many_per_key(keys, rows, "arbeidsmarktregio_id")


class GemeentenByUitplaatsingsregioLoader(Loader[int, list[Any]]):
    async def load_batch(self, keys: list[int]) -> list[list[Any]]:
        rows = await self.fetch(
            sa.select(*GEMEENTE_COLUMNS)
            .where(Gemeente.uitplaatsingsregio_id.in_(keys))
            .order_by(Gemeente.naam)
        )
        return many_per_key(keys, rows, "uitplaatsingsregio_id")


class ArbeidsmarktregioByIdLoader(Loader[int, Any]):
    async def load_batch(self, keys: list[int]) -> list[Any]:
        rows = await self.fetch(
            sa.select(Arbeidsmarktregio.id, Arbeidsmarktregio.code, Arbeidsmarktregio.naam).where(
                Arbeidsmarktregio.id.in_(keys)
            )
        )
        return one_per_key(keys, rows, "id")


class UitplaatsingsregioByIdLoader(Loader[int, Any]):
    async def load_batch(self, keys: list[int]) -> list[Any]:
        rows = await self.fetch(
            sa.select(Uitplaatsingsregio.id, Uitplaatsingsregio.code, Uitplaatsingsregio.naam).where(
                Uitplaatsingsregio.id.in_(keys)
            )
        )
        return one_per_key(keys, rows, "id")


class RegievoerdersByUitplaatsingsregioLoader(Loader[int, list[Any]]):
    """COA's regievoerders are named on TVS's start page for every user: work contact data."""

    async def load_batch(self, keys: list[int]) -> list[list[Any]]:
        rows = await self.fetch(
            sa.select(
                Regievoerder.uitplaatsingsregio_id,
                Regievoerder.naam,
                Regievoerder.email,
                Regievoerder.telefoonnummer,
            )
            .where(Regievoerder.uitplaatsingsregio_id.in_(keys))
            .order_by(Regievoerder.naam)
        )
        return many_per_key(keys, rows, "uitplaatsingsregio_id")
