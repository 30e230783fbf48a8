"""Loaders over contactpersonen; limited to the rows the policy lets the principal see."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.models import Account, Contactpersoon
from gateway import policy
from gateway.loaders.base import Loader, many_per_key, one_per_key

COLUMNS = (
    *Contactpersoon.__table__.c,
    Account.gebruikersnaam.label("account_gebruikersnaam"),
)


def select_contactpersonen() -> sa.Select[Any]:
    return sa.select(*COLUMNS).outerjoin(Account, Account.id == Contactpersoon.account_id)


class ContactpersoonByIdLoader(Loader[int, Any]):
    async def load_batch(self, keys: list[int]) -> list[Any]:
        rows = await self.fetch(
            select_contactpersonen().where(
                Contactpersoon.id.in_(keys), policy.scope(self.principal, Contactpersoon)
            )
        )
        return one_per_key(keys, rows, "id")


class ContactpersonenByGemeenteLoader(Loader[int, list[Any]]):
    async def load_batch(self, keys: list[int]) -> list[list[Any]]:
        rows = await self.fetch(
            select_contactpersonen()
            .where(Contactpersoon.gemeente_id.in_(keys), policy.scope(self.principal, Contactpersoon))
            .order_by(Contactpersoon.gemeente_id, Contactpersoon.naam, Contactpersoon.id)
        )
        return many_per_key(keys, rows, "gemeente_id")
