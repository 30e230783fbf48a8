"""Where compiled reads join the request: a schema extension that runs after every pre-execution
check (parsing, validation and query limits, the field-group guard) exactly as for the resolver
path, and then answers a query operation on PostgreSQL with compiled SQL, or steps aside.

Stepping aside (a fallback) leaves the operation to Strawberry's execution; the reason goes into
the request's log line and a counter (:class:`ReadStats`).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLSchema, get_operation_ast, get_variable_values
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from gateway.compiler.build import Build
from gateway.compiler.plan import PlanCache, Unsupported
from gateway.compiler.roots import root_statement
from gateway.compiler.run import execute

log = logging.getLogger("tvs.compiler")


@dataclass
class ReadStats:
    """Operations answered by compiled SQL, and fallbacks by kind of reason (for /metrics)."""

    compiled: int = 0
    fallbacks: Counter[str] = field(default_factory=Counter)

    def fallback(self, reason: str) -> None:
        self.fallbacks[reason.split(" ", 1)[0]] += 1


class ReadCompiler:
    """The app's plan cache and counters; one per schema."""

    def __init__(self, schema: GraphQLSchema, strawberry_schema: Any) -> None:
        self.plans = PlanCache(schema)
        self.strawberry_schema = strawberry_schema
        self.stats = ReadStats()

    def build(self, ctx: Any, document: Any, operation: Any, raw_variables: dict[str, Any] | None) -> Any:
        variables = get_variable_values(
            self.plans.schema, operation.variable_definitions or (), raw_variables or {}
        )
        if isinstance(variables, list):
            raise Unsupported("variables (the resolver path reports them)")
        plan = self.plans.get(document, operation, variables)
        b = Build(plan, ctx, variables, ctx.analysis, self.strawberry_schema)
        statements: list[tuple[str, Any]] = []
        for f in plan.roots:
            statements.append((f.key, '"Query"' if f.name == "__typename" else root_statement(b, f)))
        return b, statements


def _applies(ctx: Any, operation_type: OperationType) -> str | None:
    """Why this operation is not for the compiler, or None."""
    if not ctx.settings.compiled_reads:
        return "disabled"
    if ctx.engine.dialect.name != "postgresql":
        return "sqlite"
    if operation_type is not OperationType.QUERY:
        return "mutation"
    return None


class CompiledReads(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:  # type: ignore[override]
        ec = self.execution_context
        ctx: Any = ec.context
        document = ec.graphql_document
        if ec.result is None and document is not None and getattr(ctx, "analysis", None) is not None:
            await self._answer(ctx, document)
        yield

    async def _answer(self, ctx: Any, document: Any) -> None:
        ec = self.execution_context
        compiler: ReadCompiler = ec.schema.compiler  # type: ignore[attr-defined]
        reason = _applies(ctx, ec.operation_type)
        if reason is None:
            try:
                operation = get_operation_ast(document, ec.operation_name)
                assert operation is not None
                b, statements = compiler.build(ctx, document, operation, ec.variables)
                ctx.compiled = await execute(ctx.engine, b, statements, ctx.audit, ctx.audit_cipher)
            except Unsupported as exc:
                reason = exc.reason
            except Exception as exc:
                # A bug of the compiler must cost speed, not correctness: the resolver path answers.
                log.exception("compiled read failed; the resolver path answers")
                reason = f"error {type(exc).__name__}"
        if ctx.compiled is not None:
            compiler.stats.compiled += 1
            ctx.read_path = "compiled"
            ec.result = GraphQLExecutionResult(data={}, errors=None)
            return
        ctx.fallback = reason
        if reason not in ("disabled", "sqlite", "mutation"):
            compiler.stats.fallback(reason or "unknown")
