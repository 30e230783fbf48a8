"""Where compiled reads join the request: a schema extension that runs after every pre-execution
check (parsing, validation and query limits, the field-group guard) exactly as for the resolver
path, and then answers a query operation on PostgreSQL with compiled SQL, or steps aside.

Stepping aside (a fallback) leaves the operation to Strawberry's execution; the reason goes into
the request's log line and a counter (:class:`ReadStats`).
"""

from __future__ import annotations

import logging
from collections import Counter, OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLSchema, get_operation_ast, get_variable_values
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from gateway.compiler.build import Build
from gateway.compiler.plan import Plan, PlanCache, Unsupported
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


@dataclass(frozen=True)
class Compiled:
    """What running an operation needs: its statements (one per root field) and what the audit
    entries and cursor placeholders in their answers refer to. Holds no answer and no variable."""

    plan: Plan
    statements: list[tuple[str, Any]]
    positions: list[Any]
    orderings: list[Any]


class ReadCompiler:
    """The app's plan and statement caches and counters; one per schema.

    Statements are kept for operations without variables (the benchmark's, a dashboard's fixed
    queries), per plan and principal: the principal's ids are in them as bind values. Operations
    with variables are built per request, so no variable's value outlives its request.
    """

    def __init__(self, schema: GraphQLSchema, strawberry_schema: Any, size: int = 256) -> None:
        self.plans = PlanCache(schema)
        self.strawberry_schema = strawberry_schema
        self.stats = ReadStats()
        self.size = size
        self._statements: OrderedDict[tuple[int, Any], Compiled] = OrderedDict()

    def build(
        self, ctx: Any, document: Any, operation: Any, raw_variables: dict[str, Any] | None
    ) -> Compiled:
        variables = get_variable_values(
            self.plans.schema, operation.variable_definitions or (), raw_variables or {}
        )
        if isinstance(variables, list):
            raise Unsupported("variables (the resolver path reports them)")
        plan = self.plans.get(document, operation, variables)
        key = (id(plan), ctx.principal) if not operation.variable_definitions else None
        if key is not None:
            found = self._statements.get(key)
            if found is not None and found.plan is plan:
                self._statements.move_to_end(key)
                return found
        b = Build(plan, ctx, variables, ctx.analysis, self.strawberry_schema)
        statements: list[tuple[str, Any]] = []
        for f in plan.roots:
            statements.append((f.key, '"Query"' if f.name == "__typename" else root_statement(b, f)))
        compiled = Compiled(plan, statements, b.positions, b.orderings)
        if key is not None:
            self._statements[key] = compiled
            if len(self._statements) > self.size:
                self._statements.popitem(last=False)
        return compiled


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
    async def on_execute(self) -> AsyncIterator[None]:
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
                compiled = compiler.build(ctx, document, operation, ec.variables)
                ctx.compiled = await execute(ctx.reader, compiled, ctx.audit, ctx.audit_cipher)
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
