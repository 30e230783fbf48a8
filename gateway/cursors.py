"""Opaque keyset cursors, sealed with AES-GCM."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from typing import Any

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from gateway.errors import ValidationFailed


class _CursorKey:
    """Cursors are sealed (AES-GCM): they hold a row's sort values (a name, a date of birth), which
    must not leave the gateway in a readable form, and a client cannot forge a starting point."""

    aead = AESGCM(os.urandom(32))

    @classmethod
    def configure(cls, secret: bytes) -> None:
        # Derived from a configured key, so every process and replica reads every other's cursors.
        cls.aead = AESGCM(hashlib.sha256(b"tvs-cursor-v1" + secret).digest())


configure_cursor_key = _CursorKey.configure


def encode_cursor(order_key: str, values: list[Any]) -> str:
    """A cursor carries the ordering it belongs to and the row's sort values (id last)."""
    nonce = os.urandom(12)
    sealed = nonce + _CursorKey.aead.encrypt(nonce, orjson.dumps([order_key, *values]), b"cursor")
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def decode_cursor(cursor: str, order_key: str, arity: int) -> list[Any]:
    """The sort values in `cursor`; VALIDATION_FAILED when it is not a cursor of this ordering."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        sealed = base64.urlsafe_b64decode(padded.encode())
        data = orjson.loads(_CursorKey.aead.decrypt(sealed[:12], sealed[12:], b"cursor"))
    except (binascii.Error, ValueError, InvalidTag):
        data = None
    if (
        not isinstance(data, list)
        or len(data) != arity + 1
        or data[0] != order_key
        or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in data[1:])
    ):
        raise ValidationFailed({"after": "geen cursor van deze lijst en sortering"})
    return data[1:]
