"""Query limits (OWASP GraphQL: DoS prevention): depth, aliases, directives, tokens and cost are
refused before execution with QUERY_TOO_COMPLEX, counted through fragments, and configurable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLList, GraphQLNonNull

from gateway.schema import build_schema
from gateway.schema.limits import ASSUMED_LIST_SIZE
from tests.conftest import Api, make_settings, open_api


def _too_complex(body: dict[str, Any], limit: str) -> dict[str, Any]:
    assert body["data"] is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX", error
    assert error["extensions"]["limit"] == limit, error
    return error["extensions"]  # type: ignore[no-any-return]


# --- depth ---------------------------------------------------------------------------------------


async def test_depth_ten_is_served_and_eleven_is_refused(api: Api) -> None:
    ten = (
        "{ vergunninghouders(first: 1) { nodes { nareizigers { referent { nareizigers { referent {"
        " nareizigers { referent { nareizigers { vNummer } } } } } } } } } }"
    )
    assert "errors" not in await api.gql("utrecht", ten)
    eleven = ten.replace("{ vNummer }", "{ referent { vNummer } }")
    ext = _too_complex(await api.gql("utrecht", eleven), "depth")
    assert ext == {"code": "QUERY_TOO_COMPLEX", "limit": "depth", "maximum": 10, "depth": 11}


async def test_depth_counts_through_fragments(api: Api) -> None:
    query = """
        query { vergunninghouders(first: 1) { nodes { ...A } } }
        fragment A on Vergunninghouder { nareizigers { referent { ...B } } }
        fragment B on Vergunninghouder { nareizigers { referent { ...C } } }
        fragment C on Vergunninghouder { nareizigers { referent { nareizigers { referent { vNummer } } } } }
    """
    assert _too_complex(await api.gql("utrecht", query), "depth")["depth"] == 11


async def test_depth_limit_is_a_setting(shared_db_url: str, key_dir: Path) -> None:
    async for api in open_api(make_settings(shared_db_url, key_dir, max_depth=3)):
        assert "errors" not in await api.gql(
            "utrecht", "{ vergunninghouders(first: 1) { nodes { vNummer } } }"
        )
        query = "{ vergunninghouders(first: 1) { nodes { gekoppeldeGemeente { code } } } }"
        assert _too_complex(await api.gql("utrecht", query), "depth")["maximum"] == 3


# --- aliases -------------------------------------------------------------------------------------


async def test_twenty_aliases_are_served_and_twenty_one_refused(api: Api) -> None:
    twenty = "{ " + " ".join(f"a{i}: ik {{ naam }}" for i in range(20)) + " }"
    assert "errors" not in await api.gql("utrecht", twenty)
    twenty_one = "{ " + " ".join(f"a{i}: ik {{ naam }}" for i in range(21)) + " }"
    ext = _too_complex(await api.gql("utrecht", twenty_one), "aliases")
    assert ext["aliases"] == 21 and ext["maximum"] == 20


async def test_aliases_in_a_fragment_count_once_per_spread(api: Api) -> None:
    """The known bypass: five aliases in a fragment, spread under five aliased fields, are 30."""
    query = """
        query { a: ik { ...F } b: ik { ...F } c: ik { ...F } d: ik { ...F } e: ik { ...F } }
        fragment F on Ik { n1: naam n2: naam n3: naam n4: naam n5: naam }
    """
    assert _too_complex(await api.gql("utrecht", query), "aliases")["aliases"] == 30


# --- directives ----------------------------------------------------------------------------------


async def test_directives_are_limited_per_operation_through_fragments(api: Api) -> None:
    ten = "{ ik { " + " ".join(f"n{i}: naam @include(if: true)" for i in range(10)) + " } }"
    assert "errors" not in await api.gql("utrecht", ten)
    query = """
        query { ik { ...F ...G } }
        fragment F on Ik { naam @include(if: true) rol @skip(if: false) gebruikersnaam @include(if: true) }
        fragment G on Ik { ...F ...F ...F }
    """
    ext = _too_complex(await api.gql("utrecht", query), "directives")
    assert ext["directives"] == 12 and ext["maximum"] == 10


# --- tokens --------------------------------------------------------------------------------------


async def test_documents_over_the_token_limit_are_refused_while_parsing(api: Api) -> None:
    query = "{ ik { " + " ".join(["naam"] * 5000) + " } }"
    ext = _too_complex(await api.gql("utrecht", query), "tokens")
    assert ext["maximum"] == 5000


async def test_token_limit_is_a_setting(shared_db_url: str, key_dir: Path) -> None:
    async for api in open_api(make_settings(shared_db_url, key_dir, max_tokens=20)):
        assert "errors" not in await api.gql("utrecht", "{ ik { naam } }")
        query = "{ ik { " + " ".join(["naam"] * 20) + " } }"
        assert _too_complex(await api.gql("utrecht", query), "tokens")["maximum"] == 20


# --- cost ----------------------------------------------------------------------------------------

HOUSEHOLDS = """
query Huishoudens($n: Int) {
  vergunninghouders(first: $n) { nodes { plaatsingseenheid { leden { nareizigers { vNummer } } } } }
}
"""


async def test_cost_multiplies_list_sizes_down_the_nesting(api: Api) -> None:
    # 1 connection + n × (vergunninghouder + plaatsingseenheid + 15 leden × (lid + 10 nareizigers))
    assert "errors" not in await api.gql("utrecht", HOUSEHOLDS, {"n": 10})
    ext = _too_complex(await api.gql("utrecht", HOUSEHOLDS, {"n": 200}), "cost")
    assert ext == {"code": "QUERY_TOO_COMPLEX", "limit": "cost", "maximum": 20_000, "cost": 1 + 200 * 167}


async def test_cost_uses_the_argument_default_and_counts_fragments_per_spread(api: Api) -> None:
    # first defaults to 50: 1 + 50 × 167 = 8351 per spread, three spreads.
    query = """
        query { a: vergunninghouders { ...H } b: vergunninghouders { ...H } c: vergunninghouders { ...H } }
        fragment H on VergunninghouderConnection {
          nodes { plaatsingseenheid { leden { nareizigers { vNummer } } } }
        }
    """
    assert _too_complex(await api.gql("utrecht", query), "cost")["cost"] == 3 * 8351


async def test_cost_limit_is_a_setting(shared_db_url: str, key_dir: Path) -> None:
    async for api in open_api(make_settings(shared_db_url, key_dir, max_cost=100)):
        assert "errors" not in await api.gql(
            "utrecht", "{ vergunninghouders(first: 99) { nodes { vNummer } } }"
        )
        body = await api.gql("utrecht", "{ vergunninghouders(first: 100) { nodes { vNummer } } }")
        assert _too_complex(body, "cost")["cost"] == 101


def test_assumed_list_sizes_name_lists_without_first() -> None:
    schema = build_schema()._schema
    for key in ASSUMED_LIST_SIZE:
        type_name, field_name = key.split(".")
        gfield = schema.get_type(type_name).fields[field_name]  # type: ignore[union-attr]
        gtype = gfield.type.of_type if isinstance(gfield.type, GraphQLNonNull) else gfield.type
        assert isinstance(gtype, GraphQLList), key
        assert "first" not in gfield.args, key


# --- before validation, cached by document ------------------------------------------------------


async def test_limits_are_checked_before_validation(api: Api) -> None:
    query = "{ " + " ".join(f"a{i}: nietBestaand" for i in range(21)) + " }"
    _too_complex(await api.gql("utrecht", query), "aliases")


async def test_graphql_errors_carry_a_code(api: Api) -> None:
    body = await api.gql("utrecht", "{ ik { bestaatNiet } }")
    assert body["errors"][0]["extensions"]["code"] == "VALIDATION_FAILED"
    body = await api.gql("utrecht", "{ ik { ")
    assert body["errors"][0]["extensions"]["code"] == "VALIDATION_FAILED"


async def test_each_document_is_parsed_measured_and_validated_once(api: Api) -> None:
    cache = api.state.schema.document_cache
    for n in (3, 4):
        assert "errors" not in await api.gql("utrecht", HOUSEHOLDS, {"n": n})
    entry = cache.get(HOUSEHOLDS, api.state.settings.max_tokens)
    assert cache.get(HOUSEHOLDS, api.state.settings.max_tokens) is entry
    assert list(entry._shapes) == ["Huishoudens"] and len(entry._errors) == 1


@pytest.mark.parametrize("levels", [1500])
async def test_absurd_nesting_is_refused_not_crashed(api: Api, levels: int) -> None:
    query = "{ ik " + "{ gemeente " * levels + "{ code }" + " }" * levels + " }"
    body = await api.gql("utrecht", query)
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] in {
        "QUERY_TOO_COMPLEX",
        "VALIDATION_FAILED",
    }
