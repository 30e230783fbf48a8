"""The one Schema, merged from one module per domain type."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from gateway.errors import GatewayError
from gateway.schema.audited import check_every_person_field_is_audited
from gateway.schema.documents import DocumentCache, DocumentChecks
from gateway.schema.execution import FastLeafExecutionContext
from gateway.schema.extensions import FieldGroupGuard
from gateway.schema.guard import AnalysisCache, GroupRules
from gateway.schema.limits import Limits
from gateway.schema.mutation import Mutation
from gateway.schema.query import Query
from gateway.schema.subscription import Subscription
from gateway.settings import Settings

log = logging.getLogger("tvs.graphql")


class GatewaySchema(strawberry.Schema):
    """Strawberry's Schema with the field-group rules read from its own directives."""

    def __init__(self, *, limits: Limits, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.limits = limits
        self.document_cache = DocumentCache()
        self.group_rules = GroupRules.from_schema(self._schema)
        self.analysis_cache = AnalysisCache(self._schema, self.group_rules)
        check_every_person_field_is_audited(self._schema)
        from gateway.compiler.extension import ReadCompiler

        self.compiler = ReadCompiler(self._schema, self)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Expected errors (the contract's codes, validation) are answers, not incidents: log only
        # the unexpected ones, with their traceback, and never the variables.
        context = getattr(execution_context, "context", None)
        audit = getattr(context, "audit", None)
        trace_id = audit.trace.trace_id if audit is not None else None
        for error in errors:
            original = error.original_error
            if original is not None and not isinstance(original, GraphQLError):
                log.error(
                    "unexpected error in %s", error.path, exc_info=original, extra={"trace_id": trace_id}
                )


def build_schema(settings: Settings | None = None, extensions: list[Any] | None = None) -> GatewaySchema:
    """The schema, with the query limits of `settings` (defaults when None: export-schema)."""
    from gateway.compiler.extension import CompiledReads  # it reads the schema's modules itself

    settings = settings or Settings()
    production_rules = [DisableIntrospection] if settings.is_production else []
    return GatewaySchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        limits=Limits.from_settings(settings),
        extensions=[
            *production_rules,
            DocumentChecks,
            *(extensions or []),
            FieldGroupGuard,
            # After every check above: answers query operations on PostgreSQL with compiled SQL.
            CompiledReads,
        ],
        config=StrawberryConfig(auto_camel_case=True),
        execution_context_class=FastLeafExecutionContext,
    )


__all__ = ["GatewayError", "GatewaySchema", "build_schema"]
