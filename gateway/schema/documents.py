"""Each query text is parsed, measured and validated once: the decisions are cached by document.

:class:`DocumentChecks` replaces Strawberry's ParserCache and ValidationCache. Per request it:

1. parses the query with the token limit (cached by query text: a hit hands out the same document
   object, which the field-group guard's cache relies on);
2. measures the operation against the query limits (gateway/schema/limits.py) *before* validation,
   so an oversized query never reaches graphql-core's more expensive validation rules;
3. validates (cached with the document), then lets execution start.

Only texts up to :data:`MAX_CACHED_CHARS` are cached: unique megabyte-sized queries must not be able
to fill the memory of a worker.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field

from graphql import DocumentNode, GraphQLError, GraphQLSchema, GraphQLSyntaxError, get_operation_ast, parse
from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from gateway.schema.limits import Limits, OperationShape, QueryTooComplex, measure

MAX_CACHED_CHARS = 64_000


@dataclass
class CheckedDocument:
    document: DocumentNode
    _shapes: dict[str | None, OperationShape] = field(default_factory=dict)
    _errors: dict[tuple[type[ASTValidationRule], ...], list[GraphQLError]] = field(default_factory=dict)

    def shape(self, schema: GraphQLSchema, operation_name: str | None) -> OperationShape | None:
        known = self._shapes.get(operation_name)
        if known is None:
            operation = get_operation_ast(self.document, operation_name)
            if operation is None:
                return None  # no such operation: Strawberry says so
            known = self._shapes[operation_name] = measure(schema, self.document, operation)
        return known

    def validate(
        self, schema: GraphQLSchema, rules: tuple[type[ASTValidationRule], ...]
    ) -> list[GraphQLError]:
        known = self._errors.get(rules)
        if known is None:
            known = self._errors[rules] = validate_document(schema, self.document, rules)
        return known


class DocumentCache:
    """Checked documents by query text (and token limit), least recently used out first."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[str, int], CheckedDocument] = OrderedDict()

    def get(self, query: str, max_tokens: int) -> CheckedDocument:
        key = (query, max_tokens)
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            return entry
        entry = CheckedDocument(_parse(query, max_tokens))
        if len(query) <= MAX_CACHED_CHARS:
            self._entries[key] = entry
            if len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return entry


def _parse(query: str, max_tokens: int) -> DocumentNode:
    try:
        return parse(query, max_tokens=max_tokens)
    except GraphQLSyntaxError as exc:
        if "tokens. Parsing aborted" in exc.message:
            raise QueryTooComplex(
                "tokens",
                max_tokens,
                None,
                f"Query te lang: meer dan {max_tokens} tokens",
            ) from None
        raise


class DocumentChecks(SchemaExtension):
    """Parse, limit and validate from the schema's document cache (see the module docstring)."""

    _entry: CheckedDocument | None = None

    def on_parse(self) -> Iterator[None]:
        ec = self.execution_context
        schema = ec.schema
        if ec.query is not None and ec.graphql_document is None:
            self._entry = schema.document_cache.get(ec.query, schema.limits.max_tokens)  # type: ignore[attr-defined]
            ec.graphql_document = self._entry.document
        yield

    def on_validate(self) -> Iterator[None]:
        ec = self.execution_context
        schema = ec.schema
        if self._entry is not None:
            limits: Limits = schema.limits  # type: ignore[attr-defined]
            shape = self._entry.shape(schema._schema, ec.operation_name)
            error = shape.check(limits, ec.variables) if shape is not None else None
            # Setting the errors here also tells Strawberry that validation has been done.
            if error is not None:
                ec.pre_execution_errors = [error]
            else:
                ec.pre_execution_errors = self._entry.validate(schema._schema, ec.validation_rules)
        yield
