"""One loader base and the per-request registry.

Loaders are made lazily, per request, through :class:`Loaders` on the context: aiodataloader binds
the running event loop when it is made, and a longer-lived loader would hand one user's rows to
the next. Each batch reads through the request's Reader (gateway/reader.py: one connection, one
statement at a time) and applies the policy's scope in its WHERE clause.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, TypeVar

from aiodataloader import DataLoader
from sqlalchemy import Executable, Row

from gateway.auth import Principal
from gateway.reader import Reader

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
L = TypeVar("L", bound="Loader[Any, Any]")


class Loader(DataLoader[K, V]):
    """Subclasses implement `load_batch(keys)` returning one value per key, in key order.

    (Not `batch`: aiodataloader keeps its on/off switch for batching under that name.)
    """

    def __init__(self, reader: Reader, principal: Principal) -> None:
        super().__init__()
        self.reader = reader
        self.principal = principal

    async def batch_load_fn(self, keys: list[K]) -> list[V]:
        return await self.load_batch(keys)

    async def load_batch(self, keys: list[K]) -> list[V]:
        raise NotImplementedError

    async def fetch(self, statement: Executable) -> Sequence[Row[Any]]:
        return await self.reader.all(statement)


def one_per_key(keys: Iterable[K], rows: Iterable[Row[Any]], key_attr: str) -> list[Any]:
    """The row for each key, or None where there is none (out of scope or missing)."""
    by_key = {getattr(r, key_attr): r for r in rows}
    return [by_key.get(k) for k in keys]


def many_per_key(keys: Iterable[K], rows: Iterable[Row[Any]], key_attr: str) -> list[list[Any]]:
    """The rows for each key, in the rows' order; [] where there are none."""
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for r in rows:
        grouped[getattr(r, key_attr)].append(r)
    return [grouped.get(k, []) for k in keys]


class Loaders:
    """The request's loaders, made on first use."""

    def __init__(self, reader: Reader, principal: Principal) -> None:
        self._reader = reader
        self._principal = principal
        self._made: dict[type[Any], Any] = {}

    def get(self, cls: type[L]) -> L:
        loader = self._made.get(cls)
        if loader is None:
            loader = self._made[cls] = cls(self._reader, self._principal)
        return loader
