"""Production mode in tests: an ES256 key pair and a JWKS file made by the test, tokens it signs
itself, access-log keys from settings (as an identity provider and a deployment would give them)."""

from __future__ import annotations

import base64
import json
import secrets
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from gateway.settings import Settings, load_settings

ISSUER = "https://idp.test.example"
AUDIENCE = "tvs-gateway"


def _b64(n: int) -> str:
    return base64.urlsafe_b64encode(n.to_bytes(32, "big")).rstrip(b"=").decode()


@dataclass(frozen=True)
class IdentityProvider:
    kid: str
    private_pem: bytes
    jwks_file: Path

    @classmethod
    def make(cls, directory: Path, kid: str = "idp-test-1") -> IdentityProvider:
        key = ec.generate_private_key(ec.SECP256R1())
        numbers = key.public_key().public_numbers()
        jwk = {
            "kty": "EC",
            "crv": "P-256",
            "x": _b64(numbers.x),
            "y": _b64(numbers.y),
            "kid": kid,
            "alg": "ES256",
        }
        jwks_file = directory / f"{kid}.jwks.json"
        jwks_file.write_text(json.dumps({"keys": [jwk]}))
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return cls(kid=kid, private_pem=pem, jwks_file=jwks_file)

    def token(self, sub: str, ttl: int = 600) -> str:
        now = int(time.time())
        claims = {
            "sub": sub,
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + ttl,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self.private_pem, algorithm="ES256", headers={"kid": self.kid})


def production_env(idp: IdentityProvider, database_url: str, key_dir: Path) -> dict[str, str]:
    """The environment of a production deployment, as TVS_ variables."""
    return {
        "TVS_ENV": "production",
        "TVS_DATABASE_URL": database_url,
        "TVS_KEY_DIR": str(key_dir),
        "TVS_JWKS_FILE": str(idp.jwks_file),
        "TVS_JWT_ISSUER": ISSUER,
        "TVS_JWT_AUDIENCE": AUDIENCE,
        "TVS_AUDIT_HMAC_KEY": secrets.token_hex(32),
        "TVS_AUDIT_ENCRYPTION_KEY": secrets.token_hex(32),
    }


def production_settings(
    idp: IdentityProvider, database_url: str, key_dir: Path, **overrides: Any
) -> Settings:
    env = production_env(idp, database_url, key_dir)
    values: dict[str, Any] = {k.removeprefix("TVS_").lower(): v for k, v in env.items()}
    return load_settings(**{**values, **overrides})
