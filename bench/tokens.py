"""The benchmark's own identity provider: an ES256 key pair, its JWKS, and signed tokens.

The gateway runs with TVS_ENV=production, so it verifies tokens against TVS_JWKS_FILE exactly as
it would a real identity provider's; the private key never leaves bench/.work/keys.
"""

from __future__ import annotations

import json
import os
import secrets
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

ISSUER = "tvs-bench-idp"
AUDIENCE = "tvs-gateway-bench"
KID = "tvs-bench-es256"


@dataclass(frozen=True)
class BenchKeys:
    private_pem: bytes
    jwks_file: Path
    audit_hmac_key: str  # hex
    audit_encryption_key: str  # hex

    def token(self, gebruikersnaam: str, ttl_seconds: int = 4 * 3600) -> str:
        now = int(time.time())
        claims = {
            "sub": gebruikersnaam,
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + ttl_seconds,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self.private_pem, algorithm="ES256", headers={"kid": KID})

    def gateway_env(self) -> dict[str, str]:
        return {
            "TVS_JWKS_FILE": str(self.jwks_file),
            "TVS_JWT_ISSUER": ISSUER,
            "TVS_JWT_AUDIENCE": AUDIENCE,
            "TVS_AUDIT_HMAC_KEY": self.audit_hmac_key,
            "TVS_AUDIT_ENCRYPTION_KEY": self.audit_encryption_key,
        }


def _secret(path: Path, make: bytes) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(make)
    return path.read_bytes()


def bench_keys(directory: Path) -> BenchKeys:
    """The keys in `directory`, made on first use."""
    pem = _secret(
        directory / "idp-es256.pem",
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
    )
    private = serialization.load_pem_private_key(pem, password=None)
    assert isinstance(private, ec.EllipticCurvePrivateKey)
    jwk = json.loads(ECAlgorithm.to_jwk(private.public_key()))
    jwk.update(kid=KID, alg="ES256", use="sig")
    jwks_file = directory / "jwks.json"
    jwks_file.write_text(json.dumps({"keys": [jwk]}))
    return BenchKeys(
        private_pem=pem,
        jwks_file=jwks_file,
        audit_hmac_key=_secret(directory / "audit-hmac.hex", secrets.token_hex(32).encode()).decode(),
        audit_encryption_key=_secret(directory / "audit-aes.hex", secrets.token_hex(32).encode()).decode(),
    )
