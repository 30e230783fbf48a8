"""The three benchmark queries as each server is asked them, and one canonical form to compare.

Every server must return the same canonical result before it is timed (bench/run.py checks).
What each server is asked:

- gateway: the contract's query, read by the named demo account (its token is verified, its
  account read from the database, its scope and field groups applied, the access log written).
- PostGraphile: the same rows through its generated schema. The reader's scope is written as a
  `condition` on the gemeente (PostGraphile runs here without row-level security), and the
  consent rule is the computed column `Vergunninghouder.klantprofiel` (bench/postgraphile/bench.sql),
  so a klantprofiel leaves the database only under consent, as with the gateway.
- floor: one hand-written statement per query (bench/floor.py), in the gateway's response shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

UTRECHT = "GM0344"


@dataclass(frozen=True)
class Query:
    name: str
    reader: str
    description: str
    gateway: str
    #: PostGraphile's document; `{gemeente}` is replaced with the gemeente's row id.
    postgraphile: str
    expected_rows: int

    def body(self, server: str, gemeente_id: int) -> bytes:
        if server == "postgraphile":
            text = self.postgraphile.replace("{gemeente}", str(gemeente_id))
        else:
            text = self.gateway  # the floor reads only operationName
        return orjson.dumps({"query": " ".join(text.split()), "operationName": self.name})


Q1 = Query(
    name="Q1",
    reader="medewerker@utrecht.demo",
    description=(
        "dashboard page: the first 50 vergunninghouders of Utrecht (GM0344) by achternaam, 8 fields, "
        "their plaatsingseenheid with all members, their latest klantprofiel (3 fields) under consent"
    ),
    gateway="""
    query Q1 {
      vergunninghouders(filter: {gekoppeldeGemeente: "GM0344"}, orderBy: [{veld: ACHTERNAAM}], first: 50) {
        nodes {
          vNummer voornamen achternaam geslacht geboortedatum nationaliteit fase historisch
          plaatsingseenheid { pleNummer leden { vNummer voornamen achternaam } }
          klantprofiel {
            __typename
            ... on Klantprofiel { versie verzondenOp ambities }
            ... on KlantprofielNietBeschikbaar { reden }
          }
        }
      }
    }""",
    postgraphile="""
    query Q1 {
      allVergunninghouders(condition: {gekoppeldeGemeenteId: {gemeente}},
                           orderBy: [ACHTERNAAM_ASC, PRIMARY_KEY_ASC], first: 50) {
        nodes {
          vNummer voornamen achternaam geslacht geboortedatum nationaliteit fase historisch
          plaatsingseenheidByPlaatsingseenheidId {
            pleNummer
            vergunninghoudersByPlaatsingseenheidId(condition: {gekoppeldeGemeenteId: {gemeente}},
                                                   orderBy: [GEBOORTEDATUM_ASC, PRIMARY_KEY_ASC]) {
              nodes { vNummer voornamen achternaam }
            }
          }
          klantprofiel { reden versie verzondenOp ambities }
        }
      }
    }""",
    expected_rows=50,
)

Q2 = Query(
    name="Q2",
    reader="casemanager@coa.demo",
    description="export: 1,000 vergunninghouders by achternaam, 10 fields, flat",
    gateway="""
    query Q2 {
      vergunninghouders(orderBy: [{veld: ACHTERNAAM}], first: 1000) {
        nodes {
          vNummer bsn voornamen achternaam geslacht geboortedatum nationaliteit fase historisch geblokkeerd
        }
      }
    }""",
    postgraphile="""
    query Q2 {
      allVergunninghouders(orderBy: [ACHTERNAAM_ASC, PRIMARY_KEY_ASC], first: 1000) {
        nodes {
          vNummer bsn voornamen achternaam geslacht geboortedatum nationaliteit fase historisch geblokkeerd
        }
      }
    }""",
    expected_rows=1000,
)

Q3 = Query(
    name="Q3",
    reader="medewerker@utrecht.demo",
    description=(
        "nareizigers: the first 200 of Utrecht by achternaam, 5 fields, their referent (3 fields) "
        "and the referent's klantprofiel status under consent"
    ),
    gateway="""
    query Q3 {
      nareizigers(first: 200) {
        nodes {
          vNummer voornamen achternaam relatieTotReferent mvvStap
          referent {
            vNummer voornamen achternaam
            klantprofiel {
              __typename
              ... on Klantprofiel { versie }
              ... on KlantprofielNietBeschikbaar { reden }
            }
          }
        }
      }
    }""",
    postgraphile="""
    query Q3 {
      allNareizigers(condition: {gekoppeldeGemeenteId: {gemeente}},
                     orderBy: [ACHTERNAAM_ASC, PRIMARY_KEY_ASC], first: 200) {
        nodes {
          vNummer voornamen achternaam relatieTotReferent mvvStap
          vergunninghouderByReferentId {
            vNummer voornamen achternaam
            klantprofiel { reden versie }
          }
        }
      }
    }""",
    expected_rows=200,
)

QUERIES = {q.name: q for q in (Q1, Q2, Q3)}


# --- canonical form ----------------------------------------------------------------------------------


def _instant(value: str | None) -> str | None:
    """A timestamp as UTC ISO 8601, whatever offset or precision the server wrote it with."""
    if value is None:
        return None
    return datetime.fromisoformat(value).astimezone(UTC).isoformat()


def _klantprofiel(kp: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """{"reden": ...} when not available, else the profile's fields."""
    if kp.get("reden") is not None:
        return {"reden": kp["reden"]}
    out = {f: kp[f] for f in fields}
    if "verzondenOp" in out:
        out["verzondenOp"] = _instant(out["verzondenOp"])
    return out


_PERSON = ("vNummer", "voornamen", "achternaam")
_Q1_FIELDS = (*_PERSON, "geslacht", "geboortedatum", "nationaliteit", "fase", "historisch")
_Q2_FIELDS = (
    "vNummer", "bsn", "voornamen", "achternaam", "geslacht", "geboortedatum", "nationaliteit", "fase",
    "historisch", "geblokkeerd",
)  # fmt: skip
_Q3_FIELDS = (*_PERSON, "relatieTotReferent", "mvvStap")


def _q1(nodes: list[dict[str, Any]], ple_key: str, leden: Callable[[dict[str, Any]], list[Any]]) -> list[Any]:
    out = []
    for n in nodes:
        ple = n[ple_key]
        out.append(
            {
                **{f: n[f] for f in _Q1_FIELDS},
                "plaatsingseenheid": None
                if ple is None
                else {
                    "pleNummer": ple["pleNummer"],
                    "leden": [{f: lid[f] for f in _PERSON} for lid in leden(ple)],
                },
                "klantprofiel": _klantprofiel(n["klantprofiel"], ("versie", "verzondenOp", "ambities")),
            }
        )
    return out


def _q3(nodes: list[dict[str, Any]], referent_key: str) -> list[Any]:
    out = []
    for n in nodes:
        r = n[referent_key]
        out.append(
            {
                **{f: n[f] for f in _Q3_FIELDS},
                "referent": None
                if r is None
                else {
                    **{f: r[f] for f in _PERSON},
                    "klantprofiel": _klantprofiel(r["klantprofiel"], ("versie",)),
                },
            }
        )
    return out


def canonical(query: str, server: str, response: dict[str, Any]) -> list[Any]:
    """The rows a server returned, in one shape for every server. Raises on GraphQL errors."""
    if response.get("errors"):
        raise ValueError(f"{server} answered {query} with errors: {response['errors']}")
    data = response["data"]
    if server == "postgraphile":
        if query == "Q1":
            return _q1(
                data["allVergunninghouders"]["nodes"],
                "plaatsingseenheidByPlaatsingseenheidId",
                lambda ple: ple["vergunninghoudersByPlaatsingseenheidId"]["nodes"],
            )
        if query == "Q2":
            return [{f: n[f] for f in _Q2_FIELDS} for n in data["allVergunninghouders"]["nodes"]]
        return _q3(data["allNareizigers"]["nodes"], "vergunninghouderByReferentId")
    # the gateway, and the floor, which answers in the gateway's shape
    if query == "Q1":
        return _q1(data["vergunninghouders"]["nodes"], "plaatsingseenheid", lambda ple: ple["leden"])
    if query == "Q2":
        return [{f: n[f] for f in _Q2_FIELDS} for n in data["vergunninghouders"]["nodes"]]
    return _q3(data["nareizigers"]["nodes"], "referent")


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """Where two canonical results first differ, as a readable path, or None."""
    if type(a) is not type(b):
        return f"{path or '/'}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}/{key}: present on one side only"
            found = first_difference(a[key], b[key], f"{path}/{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items"
        return None
    return None if a == b else f"{path or '/'}: {a!r} != {b!r}"


def outcomes(query: str, rows: list[Any]) -> dict[str, int]:
    """How the consent gate decided for the rows (to show every outcome is exercised)."""
    found: dict[str, int] = {}
    for row in rows:
        person = row if query == "Q1" else row.get("referent")
        if query == "Q2" or person is None:
            continue
        kp = person["klantprofiel"]
        key = kp.get("reden") or "shown"
        found[key] = found.get(key, 0) + 1
    return found
