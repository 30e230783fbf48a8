"""Connections: PageInfo, `first` bounds and opaque keyset cursors."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson
import strawberry

from gateway.errors import ValidationFailed


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


def check_first(first: int | None, maximum: int, *, veld: str = "first") -> int:
    if first is None:
        return 50
    if not 1 <= first <= maximum:
        raise ValidationFailed({veld: f"moet tussen 1 en {maximum} liggen"})
    return first


def encode_cursor(order_key: str, values: list[Any]) -> str:
    """A cursor carries the ordering it belongs to and the row's sort values (id last)."""
    return base64.urlsafe_b64encode(orjson.dumps([order_key, *values])).decode().rstrip("=")


def decode_cursor(cursor: str, order_key: str, arity: int) -> list[Any]:
    """The sort values in `cursor`; VALIDATION_FAILED when it is not a cursor of this ordering."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError):
        data = None
    if (
        not isinstance(data, list)
        or len(data) != arity + 1
        or data[0] != order_key
        or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in data[1:])
    ):
        raise ValidationFailed({"after": "geen cursor van deze lijst en sortering"})
    return data[1:]
