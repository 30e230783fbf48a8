"""Key material: the development signing key and the access log's keys.

Development keys are made on first use in ``TVS_KEY_DIR`` (outside the repository, mode 0600).
Production never makes keys: tokens are verified against ``TVS_JWKS_FILE`` and the access-log keys
come from ``TVS_AUDIT_HMAC_KEY`` / ``TVS_AUDIT_ENCRYPTION_KEY``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt import PyJWK, PyJWKSet
from jwt.exceptions import PyJWKSetError

from gateway.settings import Settings

DEV_SIGNING_KEY_FILE = "dev-jwt-signing-key.pem"
#: Key ids of development keys start with this; production refuses a JWKS holding one.
DEV_KID_PREFIX = "tvs-dev-"
ASYMMETRIC_ALGORITHMS = ("RS256", "ES256")


class KeyError_(ValueError):
    """Unusable key material; the message is one line naming the setting."""


def _write_secret_file(path: Path, data: bytes) -> None:
    """Create `path` with mode 0600; if another process made it first, keep theirs."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(f".{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    try:
        os.link(tmp, path)  # atomic, fails if the file exists
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def _read_or_create(path: Path, make: bytes) -> bytes:
    if not path.exists():
        _write_secret_file(path, make)
    return path.read_bytes()


@dataclass(frozen=True)
class DevSigningKey:
    kid: str
    private_pem: bytes
    public_jwk: PyJWK


def dev_signing_key(settings: Settings) -> DevSigningKey:
    """The development ES256 key, made on first use."""
    new_key = ec.generate_private_key(ec.SECP256R1())
    pem = _read_or_create(
        settings.key_dir / DEV_SIGNING_KEY_FILE,
        new_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    private = serialization.load_pem_private_key(pem, password=None)
    assert isinstance(private, ec.EllipticCurvePrivateKey)
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    kid = DEV_KID_PREFIX + hashlib.sha256(public_pem).hexdigest()[:16]
    return DevSigningKey(kid=kid, private_pem=pem, public_jwk=PyJWK.from_json(_ec_public_jwk(private, kid)))


def _ec_public_jwk(private: ec.EllipticCurvePrivateKey, kid: str) -> str:
    numbers = private.public_key().public_numbers()

    def b64(n: int) -> str:
        return base64.urlsafe_b64encode(n.to_bytes(32, "big")).rstrip(b"=").decode()

    return json.dumps(
        {"kty": "EC", "crv": "P-256", "x": b64(numbers.x), "y": b64(numbers.y), "kid": kid, "alg": "ES256"}
    )


def load_jwks(path: Path) -> dict[str, PyJWK]:
    """Production verification keys by kid. Refuses symmetric and development keys."""
    try:
        raw = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise KeyError_(f"TVS_JWKS_FILE {path}: cannot read a JSON Web Key Set ({exc})") from None
    for key in raw.get("keys", []):
        if key.get("kty") == "oct":
            raise KeyError_("TVS_JWKS_FILE holds a symmetric key: production accepts only RS256/ES256")
        if str(key.get("kid", "")).startswith(DEV_KID_PREFIX):
            raise KeyError_("TVS_JWKS_FILE holds a development signing key")
    try:
        jwks = PyJWKSet.from_dict(raw)
    except PyJWKSetError as exc:
        raise KeyError_(f"TVS_JWKS_FILE {path}: {exc}") from None
    keys: dict[str, PyJWK] = {}
    for jwk in jwks.keys:
        if jwk.algorithm_name not in ASYMMETRIC_ALGORITHMS:
            raise KeyError_(
                f"TVS_JWKS_FILE: key {jwk.key_id!r} uses {jwk.algorithm_name}; use RS256 or ES256"
            )
        if not jwk.key_id:
            raise KeyError_("TVS_JWKS_FILE: every key needs a kid")
        keys[jwk.key_id] = jwk
    if not keys:
        raise KeyError_("TVS_JWKS_FILE holds no keys")
    return keys


def _decode_key(name: str, value: str) -> bytes:
    """A key setting as hex or base64; at least 32 bytes."""
    for decode in (bytes.fromhex, base64.b64decode):
        try:
            data = decode(value)
        except (ValueError, binascii.Error):
            continue
        if len(data) >= 32:
            return data
    raise KeyError_(f"{name}: give at least 32 random bytes, hex or base64 encoded")


@dataclass(frozen=True)
class AuditKeys:
    hmac_key: bytes
    encryption_key: bytes  # AES-256


def audit_keys(settings: Settings) -> AuditKeys:
    """Access-log keys from settings; in development made on first use when not set."""
    if settings.audit_hmac_key:
        hmac_key = _decode_key("TVS_AUDIT_HMAC_KEY", settings.audit_hmac_key)
    elif settings.is_production:
        raise KeyError_("TVS_AUDIT_HMAC_KEY is not set: the access log needs its HMAC key in production")
    else:
        hmac_key = _read_or_create(settings.key_dir / "dev-audit-hmac.key", secrets.token_bytes(32))
    if settings.audit_encryption_key:
        enc_key = _decode_key("TVS_AUDIT_ENCRYPTION_KEY", settings.audit_encryption_key)[:32]
    elif settings.is_production:
        raise KeyError_("TVS_AUDIT_ENCRYPTION_KEY is not set: the access log needs its key in production")
    else:
        enc_key = _read_or_create(settings.key_dir / "dev-audit-encryption.key", secrets.token_bytes(32))
    return AuditKeys(hmac_key=hmac_key, encryption_key=enc_key)
