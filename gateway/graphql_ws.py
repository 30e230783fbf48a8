"""GraphQL subscriptions over WebSocket (graphql-transport-ws) on /graphql, beside POST /graphql.

- The connection authenticates in ``connection_init`` with the same bearer token as POST
  (payload ``{"Authorization": "Bearer <token>"}``) through :func:`gateway.auth.authenticate`;
  a missing or bad token closes it with 4403.
- Only subscriptions run here. Queries and mutations go over POST, one request each, where they
  are logged and limited per request.
- Each subscription gets a Context of its own (principal, loaders, access log). Before every
  event leaves, its access-log records are written (no record, no event), and the stream itself
  re-authenticates with the connection's token before each event and periodically, so a removed
  contact's subscriptions end (gateway/resolvers/notificatie.py).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from graphql import GraphQLError, OperationType, get_operation_ast, parse
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
    _OperationStreamClosed,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import CompleteMessage, SubscribeMessage
from strawberry.types.execution import ExecutionResult, PreExecutionError
from strawberry.types.unset import UNSET, UnsetType
from strawberry.utils.aio import aclosing

from gateway.audit import AuditLog, AuditWriteFailed, TraceContext
from gateway.auth import AuthenticationFailed, Principal, authenticate
from gateway.context import Context
from gateway.errors import Code, GatewayError
from gateway.reader import Reader
from gateway.state import AppState
from gateway.writes import operation_label

log = logging.getLogger("tvs.ws")


@dataclass
class Connection:
    """What one WebSocket connection holds: its token and principal once initialised."""

    request: WebSocket
    response: WebSocket
    connection_params: dict[str, Any] = field(default_factory=dict)
    token: str | None = None
    principal: Principal | None = None

    @property
    def state(self) -> AppState:
        return self.request.app.state.gateway  # type: ignore[no-any-return]


def _token(params: dict[str, Any]) -> str | None:
    value = params.get("Authorization") or params.get("authorization")
    if not isinstance(value, str):
        return None
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class _Handler(BaseGraphQLTransportWSHandler[Any, Any]):
    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self.connection_acknowledged and not _is_subscription(message):
            error = GatewayError(
                Code.FORBIDDEN, "Over WebSocket alleen subscriptions; queries en mutaties via POST /graphql"
            )
            await self.send_message({"id": message["id"], "type": "error", "payload": [error.formatted]})
            return
        await super().handle_subscribe(message)

    async def run_operation(self, operation: Operation[Any, Any]) -> None:
        """As Strawberry's, with a Context per operation and the access log written per event."""
        try:
            view: GraphQLWebSocket = self.view  # type: ignore[assignment]
            ctx = await view.operation_context(self.context, operation)
        except AuthenticationFailed:
            error = GatewayError(Code.UNAUTHENTICATED, "Niet aangemeld of geen toegang meer")
            await operation.send_initial_errors([error])
            return
        try:
            result_source = await self.schema.stream(
                operation.query,
                variable_values=operation.variables,
                context_value=ctx,
                root_value=self.root_value,
                operation_name=operation.operation_name,
            )
            async with aclosing(result_source):
                first = True
                async for result in result_source:
                    if first and isinstance(result, PreExecutionError):
                        await self._write_audit(ctx, result)
                        await self._handle_pre_execution_error(operation, result)
                        return
                    first = False
                    assert isinstance(result, ExecutionResult)
                    if not await self._write_audit(ctx, result):
                        error = GatewayError(Code.INTERNAL, "Het toegangslogboek is niet beschikbaar")
                        await operation.send_initial_errors([error])
                        return
                    await operation.send_next(result)
            await operation.send_operation_message(CompleteMessage(id=operation.id, type="complete"))
        except _OperationStreamClosed:
            return
        except Exception as error:
            await self.handle_task_exception(error)
            with suppress(Exception):
                await operation.send_operation_message({"id": operation.id, "type": "complete"})
            self.operations.pop(operation.id, None)
            raise

    async def _write_audit(self, ctx: Context, result: Any) -> bool:
        """The access-log records of this event, before it leaves; False when they cannot be written."""
        if result.data is None:
            ctx.audit.discard_shown()
        ctx.audit.operatie = operation_label(ctx)
        try:
            await ctx.audit.flush(ctx.engine, ctx.audit_cipher)
        except AuditWriteFailed:
            log.exception("access log write failed; event withheld")
            return False
        finally:
            # The event's reads are done: no connection is held while the stream waits.
            await ctx.reader.close()
        return True


def _is_subscription(message: SubscribeMessage) -> bool:
    """False only for a well-formed query or mutation; anything else is Strawberry's to judge."""
    try:
        payload = message["payload"]
        operation = get_operation_ast(parse(payload["query"]), payload.get("operationName"))
    except (GraphQLError, KeyError, TypeError):
        return True
    return operation is None or operation.operation is OperationType.SUBSCRIPTION


class GraphQLWebSocket(GraphQL[Any, Any]):
    """Strawberry's ASGI view, serving only the WebSocket side of /graphql."""

    graphql_transport_ws_handler_class = _Handler

    def __init__(
        self,
        schema: Any,
        allowed_origins: Sequence[str] = (),
        init_timeout: timedelta = timedelta(seconds=10),
    ) -> None:
        # Browsers on other origins connect only when listed (TVS_CORS_ORIGINS), as for fetch.
        super().__init__(
            schema,
            graphql_ide=None,
            allow_queries_via_get=False,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=init_timeout,
            max_subscriptions_per_connection=10,
            allowed_origins=allowed_origins,
        )

    async def get_context(self, request: Any, response: Any) -> Connection:
        return Connection(request=request, response=response)

    async def on_ws_connect(self, context: Connection) -> UnsetType:
        context.token = _token(context.connection_params or {})
        state = context.state
        try:
            context.principal = await authenticate(state.engine, state.verifier, context.token)
        except AuthenticationFailed:
            raise ConnectionRejectionError from None
        return UNSET  # type: ignore[no-any-return]  # a plain connection_ack (UNSET is typed Any)

    async def operation_context(self, conn: Connection, operation: Operation[Any, Any]) -> Context:
        """A Context of this subscription's own, for the principal as it is now."""
        state = conn.state
        token = conn.token

        async def recheck() -> Principal:
            return await authenticate(state.engine, state.verifier, token)

        principal = await recheck()
        trace = TraceContext.from_header(None)
        audit = AuditLog(principal, trace, operation.operation_name)
        reader = Reader(state.read_engine)
        return Context.make(state, principal, reader, audit, conn.request, extra={"recheck": recheck})
