"""Connections: PageInfo and the bounds of `first` (cursors: gateway/cursors.py)."""

from __future__ import annotations

from typing import Any

import strawberry

from gateway.errors import ValidationFailed


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None

    @classmethod
    def of(cls, page: Any) -> PageInfo:
        """A page's info: whether more follow, and the cursor of its last row."""
        end = page.ordering.cursor(page.rows[-1]) if page.rows else None
        return cls(has_next_page=page.has_next, end_cursor=end)


def check_first(first: int | None, maximum: int, *, veld: str = "first") -> int:
    if first is None:
        return 50
    if not 1 <= first <= maximum:
        raise ValidationFailed({veld: f"moet tussen 1 en {maximum} liggen"})
    return first
