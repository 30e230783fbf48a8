"""The contract's error codes and how they travel: as GraphQL errors and as HTTP bodies."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from graphql import GraphQLError


class Code(StrEnum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    VALIDATION_FAILED = "VALIDATION_FAILED"
    CONFLICT = "CONFLICT"
    CONSENT_REQUIRED = "CONSENT_REQUIRED"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    RATE_LIMITED = "RATE_LIMITED"
    INTERNAL = "INTERNAL"


class GatewayError(GraphQLError):
    """An expected error: its message is meant for the client and is never masked."""

    def __init__(self, code: Code, message: str, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": code.value, **extensions})
        self.code = code


class Forbidden(GatewayError):
    def __init__(self, message: str, velden: list[str] | None = None) -> None:
        extra = {"velden": velden} if velden is not None else {}
        super().__init__(Code.FORBIDDEN, message, **extra)


class ValidationFailed(GatewayError):
    """Bad input. `velden` maps each input field to the reason it failed."""

    def __init__(self, velden: dict[str, str], message: str | None = None) -> None:
        super().__init__(
            Code.VALIDATION_FAILED,
            message or "Invoer ongeldig: " + ", ".join(sorted(velden)),
            velden=velden,
        )
        self.velden = velden


class NotFound(GatewayError):
    def __init__(self, message: str = "Niet gevonden") -> None:
        super().__init__(Code.NOT_FOUND, message)


class Conflict(GatewayError):
    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(Code.CONFLICT, message, **extensions)


class ConsentRequired(GatewayError):
    def __init__(self, message: str = "Er is geen toestemming van kracht") -> None:
        super().__init__(Code.CONSENT_REQUIRED, message)


def error_body(code: Code, message: str, **extensions: Any) -> dict[str, Any]:
    """A GraphQL-shaped response body holding one error and no data."""
    return {"errors": [{"message": message, "extensions": {"code": code.value, **extensions}}]}


#: "Did you mean ...?" clauses name schema members the caller did not ask about: stripped in
#: production from every message (unknown fields, arguments, enum values, input fields, types).
SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def is_expected(error: GraphQLError) -> bool:
    """An error that is an answer (the contract's codes, GraphQL's syntax, validation and variable
    errors), not an incident (an exception in the gateway's own code)."""
    original = error.original_error
    return (
        isinstance(error, GatewayError)
        or isinstance(original, GatewayError)
        or original is None
        or isinstance(original, GraphQLError)
    )


def present(error: GraphQLError, *, trace_id: str, production: bool) -> dict[str, Any]:
    """An error as it leaves the gateway: always with ``extensions.code``.

    Expected errors keep their message (GraphQL's own get VALIDATION_FAILED). Unexpected ones get
    INTERNAL and the trace id; in production their message is replaced too, the details are only
    in the log (GatewaySchema.process_errors).
    """
    out: dict[str, Any] = dict(error.formatted)
    extensions = dict(out.get("extensions") or {})
    message = out["message"]
    if not is_expected(error):
        extensions = {"code": Code.INTERNAL.value, "traceId": trace_id}
        if production:
            message = f"Interne fout; vermeld trace-id {trace_id} bij een melding"
    elif "code" not in extensions:
        extensions = {"code": Code.VALIDATION_FAILED.value, "velden": {}, **extensions}
    if production:
        message = SUGGESTION.sub("", message)
    out = {**out, "message": message, "extensions": extensions}
    return out
