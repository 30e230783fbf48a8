"""The benchmark's own logic that decides what counts as "the same result" and how SQL is counted
(bench/README.md). The benchmark itself runs with `make bench`, not here."""

import asyncio

import pytest

from bench.loadgen import read_response
from bench.pgwire import kind
from bench.queries import canonical, first_difference, outcomes

GATEWAY_Q1 = {
    "data": {
        "vergunninghouders": {
            "nodes": [
                {
                    "vNummer": "1000000001",
                    "voornamen": "Amal",
                    "achternaam": "Abbas",
                    "geslacht": "VROUW",
                    "geboortedatum": "1990-01-02",
                    "nationaliteit": "Syrische",
                    "fase": "GEKOPPELD",
                    "historisch": False,
                    "plaatsingseenheid": {
                        "pleNummer": "40000001",
                        "leden": [{"vNummer": "1000000001", "voornamen": "Amal", "achternaam": "Abbas"}],
                    },
                    "klantprofiel": {
                        "__typename": "Klantprofiel",
                        "versie": 2,
                        "verzondenOp": "2026-10-29T10:55:00+00:00",
                        "ambities": None,
                    },
                },
                {
                    "vNummer": "1000000002",
                    "voornamen": "Omar",
                    "achternaam": "Abbas",
                    "geslacht": "MAN",
                    "geboortedatum": None,
                    "nationaliteit": None,
                    "fase": "VERGUNNING_VERLEEND",
                    "historisch": True,
                    "plaatsingseenheid": None,
                    "klantprofiel": {
                        "__typename": "KlantprofielNietBeschikbaar",
                        "reden": "GEEN_TOESTEMMING",
                    },
                },
            ]
        }
    }
}


def _postgraphile_q1(verzonden_op: str = "2026-10-29T11:55:00.000+01:00") -> dict:
    gw = GATEWAY_Q1["data"]["vergunninghouders"]["nodes"]
    first, second = (
        {k: v for k, v in n.items() if k not in ("plaatsingseenheid", "klantprofiel")} for n in gw
    )
    first["plaatsingseenheidByPlaatsingseenheidId"] = {
        "pleNummer": "40000001",
        "vergunninghoudersByPlaatsingseenheidId": {"nodes": gw[0]["plaatsingseenheid"]["leden"]},
    }
    first["klantprofiel"] = {"reden": None, "versie": 2, "verzondenOp": verzonden_op, "ambities": None}
    second["plaatsingseenheidByPlaatsingseenheidId"] = None
    second["klantprofiel"] = {
        "reden": "GEEN_TOESTEMMING",
        "versie": None,
        "verzondenOp": None,
        "ambities": None,
    }
    return {"data": {"allVergunninghouders": {"nodes": [first, second]}}}


def test_the_servers_shapes_have_one_canonical_form() -> None:
    gateway = canonical("Q1", "gateway", GATEWAY_Q1)
    # the same instant, written with another offset and precision
    assert first_difference(gateway, canonical("Q1", "postgraphile", _postgraphile_q1())) is None
    assert outcomes("Q1", gateway) == {"shown": 1, "GEEN_TOESTEMMING": 1}


def test_a_different_value_is_found_and_named() -> None:
    gateway = canonical("Q1", "gateway", GATEWAY_Q1)
    other = canonical("Q1", "postgraphile", _postgraphile_q1("2026-10-29T10:56:00+00:00"))
    assert first_difference(gateway, other) == (
        "[0]/klantprofiel/verzondenOp: '2026-10-29T10:55:00+00:00' != '2026-10-29T10:56:00+00:00'"
    )
    assert first_difference(gateway, gateway[:1]) == ": 2 items != 1 items"


def test_a_graphql_error_is_never_a_result() -> None:
    with pytest.raises(ValueError, match="errors"):
        canonical("Q2", "gateway", {"errors": [{"message": "nee"}], "data": None})


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT 1", "data"),
        ("  with x as (select 1) select * from x", "data"),
        ("INSERT INTO audit_record VALUES ($1)", "data"),
        ("BEGIN ISOLATION LEVEL READ COMMITTED;", "transaction"),
        ("ROLLBACK;", "transaction"),
        (";", "ping"),
        ("RESET ALL", "session"),
    ],
)
def test_statements_are_classified_by_their_first_word(sql: str, expected: str) -> None:
    assert kind(sql) == expected


@pytest.mark.parametrize(
    "wire",
    [
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n",
    ],
)
def test_the_load_generator_reads_whole_responses(wire: bytes) -> None:
    async def read() -> tuple[int, bool]:
        reader = asyncio.StreamReader()
        reader.feed_data(wire + b"HTTP/1.1 503 X\r\ncontent-length: 0\r\n\r\n")
        reader.feed_eof()
        first = await read_response(reader)
        second = await read_response(reader)  # the next response starts exactly after the first
        return first, second == 503

    assert asyncio.run(read()) == (200, True)
