"""Running the gateway: start-up checks, uvicorn with workers, metrics across workers, the container's
health check.

Start-up refuses, each with one line naming the setting (exit status 2):
- ``TVS_ENV`` unset while ``TVS_DATABASE_URL`` names a server database (PostgreSQL): a deployment
  must say which it is; only the embedded SQLite demo may rely on the development default;
- in production: no ``TVS_JWKS_FILE``, a JWKS holding a symmetric key, a development key (by kid,
  or the public half of this machine's development signing key under another kid), a key of
  another algorithm than RS256/ES256, or a missing access-log key (``TVS_AUDIT_HMAC_KEY``,
  ``TVS_AUDIT_ENCRYPTION_KEY``).
SQLite in production starts, with a loud warning: one machine, no replicas.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import urllib.request
from collections.abc import Mapping
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from starlette.applications import Starlette

from gateway.keys import DEV_SIGNING_KEY_FILE, KeyError_
from gateway.settings import Settings, SettingsError, get_settings

log = logging.getLogger("tvs.server")

#: prometheus_client reads it when it is first imported: set before gateway.metrics is loaded.
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

SQLITE_WARNING = (
    "WARNING: TVS_ENV=production on SQLite: one process on one machine, no replicas, no shared "
    "rate limits; use PostgreSQL (TVS_DATABASE_URL=postgresql+asyncpg://...)"
)


def startup_check(settings: Settings) -> list[str]:
    """Raise SettingsError (one line) for a setting production must not run with; return warnings."""
    if not settings.is_sqlite and "env" not in settings.model_fields_set:
        raise SettingsError(
            "TVS_ENV is not set: with a PostgreSQL database say TVS_ENV=production "
            "(or TVS_ENV=development for a development server)"
        )
    if not settings.is_production:
        return []
    from gateway.auth import TokenVerifier
    from gateway.keys import audit_keys, load_jwks

    try:
        TokenVerifier(settings)
        assert settings.jwks_file is not None
        _refuse_dev_public_key(settings, load_jwks(settings.jwks_file))
        audit_keys(settings)
    except KeyError_ as exc:
        raise SettingsError(str(exc)) from None
    return [SQLITE_WARNING] if settings.is_sqlite else []


def _refuse_dev_public_key(settings: Settings, keys: Mapping[str, object]) -> None:
    """The development signing key of this machine, published under another kid, is still a
    development key: its private half lies unprotected in TVS_KEY_DIR."""
    path = settings.key_dir / DEV_SIGNING_KEY_FILE
    if not path.exists():
        return
    private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    dev = _spki(private.public_key())
    for kid, jwk in keys.items():
        if _spki(getattr(jwk, "key", None)) == dev:
            raise KeyError_(f"TVS_JWKS_FILE: key {kid!r} is the development signing key of {path}")


def _spki(key: object) -> bytes | None:
    public_bytes = getattr(key, "public_bytes", None)
    if public_bytes is None:
        return None
    return bytes(public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))


def app_factory() -> Starlette:
    """What each uvicorn worker runs: its own logging set-up, then the app."""
    from gateway import logs
    from gateway.app import create_app

    settings = get_settings()
    logs.configure(settings.log_level)
    return create_app(settings)


def _multiprocess_metrics() -> None:
    """Counters of several workers add up through files in one fresh directory (see metrics.py)."""
    directory = os.environ.get(MULTIPROC_ENV) or tempfile.mkdtemp(prefix="tvs-metrics-")
    shutil.rmtree(directory, ignore_errors=True)  # samples of a previous run are not ours
    Path(directory).mkdir(parents=True, mode=0o700)
    os.environ[MULTIPROC_ENV] = directory


def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    import uvicorn

    from gateway import logs

    warnings = startup_check(settings)
    logs.configure(settings.log_level)
    for warning in warnings:
        print(f"tvs-gateway: {warning}", file=sys.stderr)
        log.warning(warning)
    if settings.metrics_enabled and workers > 1:
        _multiprocess_metrics()
    if settings.metrics_enabled and settings.metrics_port is not None:
        from prometheus_client import start_http_server

        from gateway.metrics import registry

        start_http_server(settings.metrics_port, addr=host, registry=registry())
    uvicorn.run(
        "gateway.server:app_factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        # SIGTERM: stop accepting, let requests in flight finish (at most this long), then exit.
        timeout_graceful_shutdown=30,
        proxy_headers=False,
    )


def healthcheck(settings: Settings) -> int:
    """The container's HEALTHCHECK: 0 when /healthz answers 200 on this machine."""
    url = f"http://127.0.0.1:{settings.port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return 0 if response.status == 200 else 1
    except OSError as exc:
        print(f"tvs-gateway: {url}: {exc}", file=sys.stderr)
        return 1
