"""Connections: PageInfo and the bounds of `first` (cursors: gateway/cursors.py)."""

from __future__ import annotations

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
