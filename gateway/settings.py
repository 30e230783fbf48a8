"""Configuration from environment variables with the prefix ``TVS_``.

The defaults run the embedded demo (SQLite, development mode). Production refuses to start with
anything that only makes sense in development: see :func:`production_problems`.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Env(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


def _default_key_dir() -> Path:
    """Development keys live outside the repository, in the user's data directory."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tvs-gateway"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TVS_", extra="ignore", frozen=True)

    env: Env = Env.DEVELOPMENT
    database_url: str = "sqlite+aiosqlite:///./tvs.db"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    #: Connections for requests' reads per process (plus half as many in overflow); writes and
    #: background work use a pool of 5 of their own.
    db_pool_size: int = Field(default=20, ge=1, le=200)
    log_level: str = "INFO"
    #: Base URL under which clients reach the gateway; used for download links and e-mails.
    public_url: str = "http://127.0.0.1:8000"

    #: Folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf, embedded in PDFs (Debian: fonts-dejavu-core).
    pdf_font_dir: Path = Path("/usr/share/fonts/truetype/dejavu")

    # --- tokens ---------------------------------------------------------------------------------
    #: Where development keys (JWT signing key, access-log keys) are made on first use.
    key_dir: Path = Field(default_factory=_default_key_dir)
    #: Production: JSON Web Key Set with the identity provider's public keys.
    jwks_file: Path | None = None
    jwt_issuer: str = "tvs-gateway-dev"
    jwt_audience: str = "tvs-gateway"
    jwt_leeway_seconds: int = Field(default=30, ge=0, le=300)
    token_ttl_seconds: int = Field(default=8 * 3600, ge=60, le=7 * 24 * 3600)

    # --- access log ---------------------------------------------------------------------------
    #: Key for the keyed HMAC that indexes V-nummers in the access log (hex or base64, >= 32 bytes).
    audit_hmac_key: str | None = None
    #: AES-256-GCM key with which V-nummers are stored in the access log (32 bytes, hex or base64).
    audit_encryption_key: str | None = None

    #: Answer query operations on PostgreSQL with compiled SQL (docs/compiler.md); the resolver
    #: path answers what the compiler does not cover, and always on SQLite.
    compiled_reads: bool = True

    # --- query limits ---------------------------------------------------------------------------
    max_depth: int = Field(default=10, ge=1)
    max_aliases: int = Field(default=20, ge=0)
    max_tokens: int = Field(default=5000, ge=10)
    max_directives: int = Field(default=10, ge=0)
    max_cost: int = Field(default=20_000, ge=1)
    max_page_size: int = Field(default=500, ge=1)
    request_timeout_seconds: float = Field(default=15.0, gt=0)
    #: How long /readyz waits for the database before it answers 503.
    readiness_timeout_seconds: float = Field(default=2.0, gt=0)
    max_body_bytes: int = Field(default=1_000_000, ge=1024)

    # --- HTTP -------------------------------------------------------------------------------------
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    #: GraphiQL: on in development; in production only when set to true.
    graphiql: bool | None = None
    #: The example queries GraphiQL offers (default: docs/queries/ of the source tree).
    graphiql_examples_dir: Path | None = None
    metrics_enabled: bool = True
    #: Serve /metrics on its own port (None: on the main port).
    metrics_port: int | None = Field(default=None, ge=1, le=65535)

    # --- rate limits ------------------------------------------------------------------------------
    rate_limit_per_minute: int = Field(default=600, ge=1)
    rate_limit_burst: int = Field(default=60, ge=1)
    redis_url: str | None = None

    # --- e-mail -----------------------------------------------------------------------------------
    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_from: str = "tvs-noreply@coa.demo"
    outbox_poll_seconds: float = Field(default=2.0, gt=0)
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)
    #: First wait after a failed delivery; it doubles per try, up to the maximum (never given up).
    outbox_retry_seconds: float = Field(default=30.0, gt=0)
    outbox_retry_max_seconds: float = Field(default=3600.0, gt=0)

    # --- subscriptions ----------------------------------------------------------------------------
    #: An open subscription re-checks its account at least this often (and before every event).
    subscription_recheck_seconds: float = Field(default=30.0, gt=0)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [o.strip() for o in value.split(",") if o.strip()]
        return value

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///PATH or postgresql+asyncpg://USER@HOST/DB")
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        value = value.upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("one of DEBUG, INFO, WARNING, ERROR")
        return value

    @property
    def is_production(self) -> bool:
        return self.env is Env.PRODUCTION

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def graphiql_enabled(self) -> bool:
        if self.graphiql is None:
            return not self.is_production
        return self.graphiql


class SettingsError(SystemExit):
    """A wrong setting: one clear line naming the variable, then exit status 2."""

    def __init__(self, line: str) -> None:
        print(f"tvs-gateway: {line}", file=sys.stderr)
        super().__init__(2)


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "TVS_" + str(first["loc"][0]).upper() if first["loc"] else "TVS_*"
        raise SettingsError(f"invalid setting {name}: {first['msg']}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
