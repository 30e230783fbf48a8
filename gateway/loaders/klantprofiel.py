"""Klantprofiel versions per person, limited to persons in scope.

Whether a version may be shown is the consent gate's decision (gateway/resolvers/klantprofiel.py);
these loaders are only called once it has said yes.
"""

from __future__ import annotations

from typing import Any, ClassVar

import sqlalchemy as sa

from db.models import Klantprofiel as KP
from db.models import Nareiziger, Vergunninghouder
from gateway import policy
from gateway.loaders.base import Loader, many_per_key, one_per_key

COLUMNS = (
    KP.id,
    KP.versie,
    KP.verzonden_op,
    KP.persoonlijk,
    KP.familie,
    KP.status,
    KP.inburgering,
    KP.educatie,
    KP.arbeid,
    KP.ambities,
    KP.coa_naam,
    KP.coa_email,
)


class _PersonKlantprofielLoader(Loader[int, Any]):
    #: (person model, the foreign key to it); a tuple, since a bare column would act as a descriptor.
    target: ClassVar[tuple[Any, Any]]

    @property
    def person(self) -> Any:
        return self.target[0]

    @property
    def fk(self) -> Any:
        return self.target[1]

    def _select(self, keys: list[int]) -> sa.Select[Any]:
        return (
            sa.select(self.fk.label("persoon_id"), self.person.v_nummer, *COLUMNS)
            .join(self.person, self.person.id == self.fk)
            .where(self.fk.in_(keys), policy.scope(self.principal, self.person))
        )


class _LaatsteLoader(_PersonKlantprofielLoader):
    async def load_batch(self, keys: list[int]) -> list[Any]:
        newest = (
            sa.select(self.fk, sa.func.max(KP.versie).label("versie"))
            .where(self.fk.in_(keys))
            .group_by(self.fk)
            .subquery()
        )
        stmt = self._select(keys).join(
            newest, sa.and_(newest.c[self.fk.key] == self.fk, newest.c.versie == KP.versie)
        )
        return one_per_key(keys, await self.fetch(stmt), "persoon_id")


class _AlleLoader(_PersonKlantprofielLoader):
    async def load_batch(self, keys: list[int]) -> list[list[Any]]:
        rows = await self.fetch(self._select(keys).order_by(self.fk, KP.versie.desc()))
        return many_per_key(keys, rows, "persoon_id")


class LaatsteKlantprofielByVergunninghouderLoader(_LaatsteLoader):
    target = (Vergunninghouder, KP.vergunninghouder_id)


class LaatsteKlantprofielByNareizigerLoader(_LaatsteLoader):
    target = (Nareiziger, KP.nareiziger_id)


class KlantprofielenByVergunninghouderLoader(_AlleLoader):
    target = (Vergunninghouder, KP.vergunninghouder_id)


class KlantprofielenByNareizigerLoader(_AlleLoader):
    target = (Nareiziger, KP.nareiziger_id)
