"""Schema extensions: the field-group guard, run on each operation before execution."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import OperationType, get_operation_ast
from strawberry.extensions import SchemaExtension

from db.enums import Gegevensgroep as G
from gateway import policy
from gateway.errors import Forbidden


class FieldGroupGuard(SchemaExtension):
    """Refuses the whole operation when it touches a group the role may not read (no data)."""

    def on_execute(self) -> Iterator[None]:
        ec = self.execution_context
        ctx: Any = ec.context
        document = ec.graphql_document
        operation = get_operation_ast(document, ec.operation_name) if document else None
        if document is None or operation is None or ctx is None:
            yield
            return
        schema: Any = ec.schema
        analysis = schema.analysis_cache.get(document, operation)
        ctx.analysis = analysis
        needed = dict(analysis.selected)
        argument_groups, v_nummers = analysis.argument_groups(ec.variables)
        needed.update(argument_groups)
        velden = policy.forbidden_fields(ctx.principal.rol, needed)
        if velden:
            allowed = policy.groups_for(ctx.principal.rol)
            refused: set[G] = set()
            for veld in velden:
                refused |= needed[veld] - allowed
            ctx.audit.refused(v_nummers, refused)
            error = Forbidden("Geen toegang tot: " + ", ".join(velden), velden=velden)
            if operation.operation is OperationType.SUBSCRIPTION:
                # Strawberry subscribes whatever `result` says; an exception here stops it.
                raise error
            ec.result = GraphQLExecutionResult(data=None, errors=[error])
        yield
