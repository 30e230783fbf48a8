"""Relay-style global ids: opaque, and only ever resolved through the policy's scope."""

from __future__ import annotations

import base64
import binascii

import strawberry


@strawberry.interface
class Node:
    @strawberry.field
    def id(self) -> strawberry.ID:
        """Every implementing type makes its own from its primary key (encode_id)."""
        raise NotImplementedError


def encode_id(type_name: str, pk: int) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("="))


def decode_id(global_id: str) -> tuple[str, int] | None:
    """(type name, primary key), or None for anything that is not one of our ids."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, pk = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        if not type_name.isalpha() or not pk.isdigit() or len(pk) > 18:
            return None
        return type_name, int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
