"""Consent state per person, folded from its consent history; limited to persons in scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import sqlalchemy as sa

from db.enums import ToestemmingSoort, ToestemmingStatus
from db.models import Nareiziger, Toestemming, Vergunninghouder
from gateway import policy
from gateway.loaders.base import Loader, many_per_key


@dataclass(frozen=True, slots=True)
class ConsentState:
    laatste: ToestemmingSoort | None
    ondertekend_op: date | None
    ingetrokken_op: date | None

    @property
    def status(self) -> ToestemmingStatus:
        if self.laatste is None:
            return ToestemmingStatus.NIET_VASTGELEGD
        return ToestemmingStatus(self.laatste.value)


GEEN_TOESTEMMING = ConsentState(None, None, None)


def fold(events: list[Any]) -> ConsentState:
    """The state after `events` (in the order they were recorded)."""
    state = GEEN_TOESTEMMING
    for e in events:
        if e.soort is ToestemmingSoort.VERLEEND:
            state = ConsentState(e.soort, e.datum, None)
        else:
            state = ConsentState(e.soort, state.ondertekend_op, e.datum)
    return state


class _ToestemmingLoader(Loader[int, ConsentState]):
    #: (person model, the foreign key to it); a tuple, since a bare column would act as a descriptor.
    target: ClassVar[tuple[Any, Any]]

    @property
    def person(self) -> Any:
        return self.target[0]

    @property
    def fk(self) -> Any:
        return self.target[1]

    async def load_batch(self, keys: list[int]) -> list[ConsentState]:
        rows = await self.fetch(
            sa.select(self.fk.label("persoon_id"), Toestemming.soort, Toestemming.datum)
            .join(self.person, self.person.id == self.fk)
            .where(self.fk.in_(keys), policy.scope(self.principal, self.person))
            .order_by(Toestemming.id)
        )
        return [fold(events) for events in many_per_key(keys, rows, "persoon_id")]


class ToestemmingByVergunninghouderLoader(_ToestemmingLoader):
    target = (Vergunninghouder, Toestemming.vergunninghouder_id)


class ToestemmingByNareizigerLoader(_ToestemmingLoader):
    target = (Nareiziger, Toestemming.nareiziger_id)
