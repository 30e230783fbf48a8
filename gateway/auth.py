"""Authentication: bearer JWT to Principal, in one pure ASGI middleware.

The token only names the account (`sub`); the account is read from the database on every request,
so removing a contactpersoon or taking away `magInloggen` takes effect on its very next request.
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt
import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp, Receive, Scope, Send

from db.enums import Rol
from db.models import Account, Contactpersoon
from gateway import policy
from gateway.errors import Code, error_body
from gateway.keys import ASYMMETRIC_ALGORITHMS, DevSigningKey, dev_signing_key, load_jwks
from gateway.reader import Reader
from gateway.settings import Settings


@dataclass(frozen=True, slots=True)
class Principal:
    """The account making the request, as the policy needs it."""

    account_id: int
    gebruikersnaam: str
    naam: str
    rol: Rol
    gemeente_id: int | None = None
    arbeidsmarktregio_id: int | None = None
    uitplaatsingsregio_id: int | None = None
    contactpersoon_id: int | None = None


class AuthenticationFailed(Exception):
    """Any reason a token does not give access. The client only ever sees UNAUTHENTICATED."""


#: How many checked tokens each process remembers (a signature check costs ~0.2 ms a request).
_VERIFIED_TOKENS = 4096


class TokenVerifier:
    """Checks signature, issuer, audience and expiry; returns the account name (`sub`)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._dev_key: DevSigningKey | None = None
        #: Tokens whose signature, issuer and audience were checked: token -> (sub, exp).
        self._verified: OrderedDict[str, tuple[str, float]] = OrderedDict()
        if settings.is_production:
            if settings.jwks_file is None:
                from gateway.keys import KeyError_

                raise KeyError_("TVS_JWKS_FILE is not set: production verifies tokens against a JWKS")
            self._keys = {kid: jwk.key for kid, jwk in load_jwks(settings.jwks_file).items()}
        else:
            self._dev_key = dev_signing_key(settings)
            self._keys = {self._dev_key.kid: self._dev_key.public_jwk.key}

    def verify(self, token: str) -> str:
        """The account name of a valid token. A token whose signature was checked before is
        not checked again until it expires (the expiry is checked on every use); the account
        itself is still read from the database on every request."""
        seen = self._verified.get(token)
        if seen is not None:
            sub, expires = seen
            if time.time() <= expires + self._settings.jwt_leeway_seconds:
                self._verified.move_to_end(token)
                return sub
            del self._verified[token]
        sub, expires = self._check(token)
        self._verified[token] = (sub, expires)
        if len(self._verified) > _VERIFIED_TOKENS:
            self._verified.popitem(last=False)
        return sub

    def _check(self, token: str) -> tuple[str, float]:
        try:
            header = jwt.get_unverified_header(token)
            key = self._keys.get(header.get("kid", ""))
            if key is None or header.get("alg") not in ASYMMETRIC_ALGORITHMS:
                raise AuthenticationFailed("unknown key or algorithm")
            claims = jwt.decode(
                token,
                key,
                algorithms=list(ASYMMETRIC_ALGORITHMS),
                audience=self._settings.jwt_audience,
                issuer=self._settings.jwt_issuer,
                leeway=self._settings.jwt_leeway_seconds,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise AuthenticationFailed(str(exc)) from None
        sub = claims.get("sub")
        if not isinstance(sub, str) or not sub:
            raise AuthenticationFailed("no sub")
        return sub, float(claims["exp"])

    def issue_dev_token(self, gebruikersnaam: str, ttl_seconds: int | None = None) -> str:
        """Development only: a token for `gebruikersnaam`, signed with the development key."""
        if self._dev_key is None:
            raise RuntimeError("tokens come from the identity provider in production")
        now = int(time.time())
        claims = {
            "sub": gebruikersnaam.lower(),
            "iss": self._settings.jwt_issuer,
            "aud": self._settings.jwt_audience,
            "iat": now,
            "exp": now + (ttl_seconds or self._settings.token_ttl_seconds),
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(
            claims, self._dev_key.private_pem, algorithm="ES256", headers={"kid": self._dev_key.kid}
        )


_PRINCIPAL_QUERY = (
    sa.select(
        Account.id,
        Account.gebruikersnaam,
        Account.naam,
        Account.rol,
        Account.actief,
        Account.gemeente_id,
        Account.arbeidsmarktregio_id,
        Account.uitplaatsingsregio_id,
        Contactpersoon.id.label("contactpersoon_id"),
        Contactpersoon.mag_inloggen,
    )
    .outerjoin(Contactpersoon, Contactpersoon.account_id == Account.id)
    .where(Account.gebruikersnaam == sa.bindparam("sub"))
)


async def load_principal(source: AsyncEngine | Reader, gebruikersnaam: str) -> Principal:
    """The account named `gebruikersnaam`, read now, when it may log in."""
    reader = source if isinstance(source, Reader) else Reader(source)
    try:
        row = await reader.first(_PRINCIPAL_QUERY, {"sub": gebruikersnaam.lower()})
    finally:
        if reader is not source:
            await reader.close()
    if row is None or not policy.may_log_in(
        row.rol, actief=row.actief, contactpersoon_id=row.contactpersoon_id, mag_inloggen=row.mag_inloggen
    ):
        raise AuthenticationFailed("no such account, or it may not log in")
    return Principal(
        account_id=row.id,
        gebruikersnaam=row.gebruikersnaam,
        naam=row.naam,
        rol=row.rol,
        gemeente_id=row.gemeente_id,
        arbeidsmarktregio_id=row.arbeidsmarktregio_id,
        uitplaatsingsregio_id=row.uitplaatsingsregio_id,
        contactpersoon_id=row.contactpersoon_id,
    )


def bearer_token(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return None
    return None


async def authenticate(source: AsyncEngine | Reader, verifier: TokenVerifier, token: str | None) -> Principal:
    if not token:
        raise AuthenticationFailed("no bearer token")
    return await load_principal(source, verifier.verify(token))


UNAUTHENTICATED_BODY = orjson.dumps(error_body(Code.UNAUTHENTICATED, "Niet aangemeld of geen toegang meer"))


class AuthMiddleware:
    """Puts the Principal in ``scope["state"]["principal"]`` for protected HTTP routes, or answers 401.

    Which routes are protected is decided by `requires_auth(scope)`; WebSocket connections
    authenticate in `connection_init` with the same `authenticate` function.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        requires_auth: Callable[[Scope], bool],
        engine_of: Callable[[Scope], AsyncEngine],
        verifier_of: Callable[[Scope], TokenVerifier],
    ) -> None:
        self.app = app
        self.requires_auth = requires_auth
        self.engine_of = engine_of
        self.verifier_of = verifier_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.requires_auth(scope):
            await self.app(scope, receive, send)
            return
        # The request's reads, the principal first, go over one connection (gateway/reader.py).
        reader = Reader(self.engine_of(scope))
        try:
            try:
                principal = await authenticate(
                    reader, self.verifier_of(scope), bearer_token(scope["headers"])
                )
            except AuthenticationFailed:
                await _unauthenticated(send)
                return
            state = scope.setdefault("state", {})
            state["principal"] = principal
            state["reader"] = reader
            await self.app(scope, receive, send)
        finally:
            await reader.close()


async def _unauthenticated(send: Send) -> None:
    headers: list[tuple[bytes, bytes]] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(UNAUTHENTICATED_BODY)).encode()),
        (b"www-authenticate", b'Bearer realm="tvs-gateway"'),
    ]
    await send({"type": "http.response.start", "status": 401, "headers": headers})
    await send({"type": "http.response.body", "body": UNAUTHENTICATED_BODY})


def principal_of(scope_or_state: Any) -> Principal:
    return scope_or_state["state"]["principal"]  # type: ignore[no-any-return]
