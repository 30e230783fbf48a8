"""The one Schema, merged from one module per domain type."""

from __future__ import annotations

import logging
import re
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from gateway.errors import GatewayError
from gateway.schema.audited import check_every_person_field_is_audited
from gateway.schema.execution import FastLeafExecutionContext
from gateway.schema.extensions import FieldGroupGuard
from gateway.schema.guard import AnalysisCache, GroupRules
from gateway.schema.mutation import Mutation
from gateway.schema.query import Query
from gateway.schema.subscription import Subscription

log = logging.getLogger("tvs.graphql")


class GatewaySchema(strawberry.Schema):
    """Strawberry's Schema with the field-group rules read from its own directives."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.group_rules = GroupRules.from_schema(self._schema)
        self.analysis_cache = AnalysisCache(self._schema, self.group_rules)
        check_every_person_field_is_audited(self._schema)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Expected errors (the contract's codes, validation) are answers, not incidents: log only
        # the unexpected ones, with their traceback, and never the variables.
        for error in errors:
            original = error.original_error
            if original is not None and not isinstance(original, GraphQLError):
                log.error("unexpected error in %s", error.path, exc_info=original)


def build_schema(extensions: list[Any] | None = None) -> GatewaySchema:
    return GatewaySchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            lambda: ParserCache(maxsize=512),
            lambda: ValidationCache(maxsize=512),
            *(extensions or []),
            FieldGroupGuard,
        ],
        config=StrawberryConfig(auto_camel_case=True),
        execution_context_class=FastLeafExecutionContext,
    )


SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")

__all__ = ["GatewayError", "GatewaySchema", "build_schema"]
