"""The served schema keeps every promise of the contract, and the committed schema.graphql is it."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import build_schema as build_sdl
from graphql import find_breaking_changes

from gateway.schema import build_schema

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "schema.graphql"


#: The contract as agreed, kept in the repository so the test runs wherever it is checked out.
CONTRACT = ROOT / "docs" / "contract.graphql"


def _shared_contract() -> Path | None:
    """shared/contract.graphql beside the checkout (or beside the folder of worktrees)."""
    candidates = (
        ROOT.parent / "shared" / "contract.graphql",
        ROOT.parent.parent / "shared" / "contract.graphql",
    )
    return next((p for p in candidates if p.is_file()), None)


def _served() -> str:
    return str(build_schema()) + "\n"


def test_nothing_in_the_contract_is_broken() -> None:
    changes = find_breaking_changes(build_sdl(CONTRACT.read_text()), build_sdl(_served()))
    assert [f"{c.type.name}: {c.description}" for c in changes] == []


def test_the_kept_contract_is_the_shared_one() -> None:
    shared = _shared_contract()
    if shared is None:
        pytest.skip("no shared/contract.graphql beside this checkout to compare with")
    assert CONTRACT.read_text() == shared.read_text(), (
        "docs/contract.graphql differs from the shared contract"
    )


def test_committed_schema_graphql_is_the_served_schema() -> None:
    assert SNAPSHOT.read_text() == _served(), "schema.graphql is stale: run `make schema`"
