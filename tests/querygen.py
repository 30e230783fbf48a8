"""Random read operations over the served schema, for the differential test of compiled reads.

Walks the schema's types from the Query root: random fields, aliases, inline and named fragments,
@include/@skip, and arguments as literals or variables, with values drawn from the seeded data
(V-nummers in and out of every scope, household numbers, global ids, gemeente codes). Now and then
an argument the resolver path refuses (first out of range, a malformed V-nummer, a bad cursor),
so the fallback is exercised too. Deterministic for a seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
)

#: Fields not generated: their answers change between two runs (the access log grows).
SKIPPED = {("Query", "auditLog")}


@dataclass
class Pools:
    v_nummers: list[str]
    nareiziger_v_nummers: list[str]
    ple_nummers: list[str]
    gemeente_codes: list[str]
    node_ids: list[str]
    nationaliteiten: list[str]
    azcs: list[str]
    achternamen: list[str]


@dataclass
class Generated:
    query: str
    variables: dict[str, Any] = field(default_factory=dict)


class QueryGenerator:
    def __init__(self, schema: GraphQLSchema, pools: Pools, seed: int, max_depth: int = 4) -> None:
        self.schema = schema
        self.pools = pools
        self.rng = random.Random(seed)
        self.max_depth = max_depth

    def generate(self) -> Generated:
        self._vars: dict[str, tuple[str, Any]] = {}
        self._fragments: dict[str, str] = {}
        self._n = 0
        root = self.schema.query_type
        assert root is not None
        names = [n for n in root.fields if ("Query", n) not in SKIPPED]
        chosen = self.rng.sample(names, k=self.rng.choice([1, 1, 1, 2, 3]))
        body = " ".join(self._field(root, n, 0) for n in chosen)
        if self.rng.random() < 0.1:
            body += " __typename"
        defs = ", ".join(f"${k}: {t}" for k, (t, _) in self._vars.items())
        header = f"query Gen{self._n}({defs})" if defs else "query"
        text = header + " { " + body + " }" + "".join(f" {f}" for f in self._fragments.values())
        return Generated(text, {k: v for k, (_, v) in self._vars.items()})

    # --- selections ----------------------------------------------------------------------------

    def _field(self, parent: Any, name: str, depth: int) -> str:
        gfield = parent.fields[name]
        alias = f"a{self._next()}: " if self.rng.random() < 0.2 else ""
        args = self._arguments(parent.name, name, gfield)
        directive = self._directive()
        target = get_named_type(gfield.type)
        text = f"{alias}{name}{args}{directive}"
        if isinstance(target, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
            text += " { " + self._selection(target, depth + 1) + " }"
        return text

    def _selection(self, gtype: Any, depth: int) -> str:
        if isinstance(gtype, GraphQLUnionType | GraphQLInterfaceType):
            parts = ["__typename"] if self.rng.random() < 0.7 else []
            possible = list(self.schema.get_possible_types(gtype))
            if isinstance(gtype, GraphQLInterfaceType) and self.rng.random() < 0.5:
                parts.append("id")
            for t in self.rng.sample(possible, k=min(len(possible), self.rng.choice([1, 2, 3]))):
                parts.append(f"... on {t.name} {{ {self._object(t, depth)} }}")
            return " ".join(parts) or "__typename"
        if self.rng.random() < 0.15:
            name = f"F{self._next()}"
            self._fragments[name] = f"fragment {name} on {gtype.name} {{ {self._object(gtype, depth)} }}"
            extra = self._object(gtype, depth) if self.rng.random() < 0.3 else ""
            return f"...{name} {extra}".strip()
        if self.rng.random() < 0.1:
            return f"... on {gtype.name} {{ {self._object(gtype, depth)} }} __typename"
        return self._object(gtype, depth)

    def _object(self, gtype: GraphQLObjectType, depth: int) -> str:
        names = list(gtype.fields)
        if depth >= self.max_depth:
            leaves = [n for n in names if _is_leaf(gtype.fields[n].type)]
            names = leaves or names[:1]
        k = min(len(names), self.rng.choice([1, 2, 3, 4, 6]))
        chosen = self.rng.sample(names, k=k)
        if depth >= self.max_depth and not all(_is_leaf(gtype.fields[n].type) for n in chosen):
            return "__typename"
        parts = [self._field(gtype, n, depth) for n in chosen]
        if self.rng.random() < 0.1:
            parts.append("__typename")
        return " ".join(parts)

    def _directive(self) -> str:
        r = self.rng.random()
        if r < 0.05:
            return f" @include(if: {self._var('Boolean!', self.rng.random() < 0.7)})"
        if r < 0.08:
            return f" @skip(if: {'true' if self.rng.random() < 0.3 else 'false'})"
        return ""

    # --- arguments -------------------------------------------------------------------------------

    def _arguments(self, parent: str, name: str, gfield: Any) -> str:
        values: dict[str, str] = {}
        for arg_name, arg in gfield.args.items():
            value = self._argument(parent, name, arg_name, arg.type)
            if value is not None:
                values[arg_name] = value
        return "(" + ", ".join(f"{k}: {v}" for k, v in values.items()) + ")" if values else ""

    def _argument(self, parent: str, name: str, arg: str, gtype: Any) -> str | None:
        rng, pools = self.rng, self.pools
        required = isinstance(gtype, GraphQLNonNull)
        type_text = str(gtype)
        if arg == "first":
            if rng.random() < 0.4:
                return None
            value = rng.choice([1, 2, 3, 5, 8, 12, 20]) if rng.random() > 0.03 else rng.choice([0, 501])
            return self._literal_or_var(type_text, value)
        if arg == "after":
            return self._literal_or_var(type_text, "bogus-cursor") if rng.random() < 0.03 else None
        if arg == "vNummer":
            pool = pools.v_nummers if rng.random() > 0.05 else ["12345", "0000000001"]
            return self._literal_or_var(type_text, rng.choice(pool))
        if arg == "pleNummer":
            return self._literal_or_var(type_text, rng.choice([*pools.ple_nummers, "99999999"]))
        if arg in ("code", "gemeenteCode"):
            if not required and rng.random() < 0.4:
                return None
            return self._literal_or_var(type_text, rng.choice([*pools.gemeente_codes, "GM0000"]))
        if arg == "id":
            return self._literal_or_var(type_text, rng.choice([*pools.node_ids, "bogus"]))
        if arg == "periode":
            return (
                None
                if rng.random() < 0.5
                else self._literal_or_var(type_text, rng.choice(["2026-H2", "2025-H1"]))
            )
        if arg == "alleenOngelezen":
            return None if rng.random() < 0.5 else self._literal_or_var(type_text, rng.random() < 0.5)
        if arg == "filter":
            named = get_named_type(gtype).name
            if rng.random() < 0.4:
                return None
            value = self._filter(named)
            return (
                self._var(type_text, value) if rng.random() < 0.6 else _literal(value, get_named_type(gtype))
            )
        if arg == "orderBy":
            if rng.random() < 0.5:
                return None
            fields = rng.sample(
                ["ACHTERNAAM", "V_NUMMER", "KOPPELDATUM", "GEBOORTEDATUM"], k=rng.choice([1, 1, 2])
            )
            value = [{"veld": f, "richting": rng.choice(["OPLOPEND", "AFLOPEND"])} for f in fields]
            return self._var(type_text, value)
        return None

    def _filter(self, type_name: str) -> dict[str, Any]:
        rng, pools = self.rng, self.pools
        if type_name == "NareizigerFilter":
            options: dict[str, Any] = {
                "mvvStap": lambda: rng.sample(["AANVRAAG_INGEDIEND", "MVV_AFGEGEVEN", "INGEREISD"], k=2),
                "woningcheck": lambda: [rng.choice(["NIET_UITGEVOERD", "GESCHIKT", "IN_BEHANDELING"])],
                "historisch": lambda: rng.random() < 0.5,
                "gekoppeldeGemeente": lambda: rng.choice(pools.gemeente_codes),
                "vNummerReferent": lambda: rng.choice(pools.v_nummers),
                "vNummer": lambda: rng.choice(pools.nareiziger_v_nummers),
            }
        else:
            options = {
                "fase": lambda: rng.sample(
                    ["GEKOPPELD", "WONING_AANGEBODEN", "GEHUISVEST", "VERGUNNING_VERLEEND"], k=2
                ),
                "vNummer": lambda: rng.choice(pools.v_nummers),
                "geslacht": lambda: rng.choice(["MAN", "VROUW"]),
                "historisch": lambda: rng.random() < 0.5,
                "heeftKlantprofiel": lambda: rng.random() < 0.5,
                "achternaam": lambda: rng.choice(pools.achternamen),
                "gekoppeldeGemeente": lambda: rng.choice(pools.gemeente_codes),
                "nationaliteit": lambda: rng.choice(pools.nationaliteiten),
                "azc": lambda: rng.choice(pools.azcs),
                "personenInPle": lambda: {"van": rng.choice([1, 2, 3])},
                "gesprekGevoerd": lambda: rng.random() < 0.5,
                "geblokkeerd": lambda: rng.random() < 0.5,
                "etniciteit": lambda: "Onbekend",
            }
        keys = rng.sample(list(options), k=rng.choice([1, 1, 2]))
        return {k: options[k]() for k in keys}

    def _literal_or_var(self, type_text: str, value: Any) -> str:
        if self.rng.random() < 0.5:
            return self._var(type_text, value)
        return _literal(value, None)

    def _var(self, type_text: str, value: Any) -> str:
        name = f"v{self._next()}"
        self._vars[name] = (type_text, value)
        return f"${name}"

    def _next(self) -> int:
        self._n += 1
        return self._n


def _is_leaf(gtype: Any) -> bool:
    return not isinstance(get_named_type(gtype), GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType)


def _literal(value: Any, gtype: Any) -> str:
    """A GraphQL literal; enum values bare."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if value in _ENUM_VALUES:  # the generator only uses enum values' names in enum positions
            return value
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v, None) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_literal(v, None)}" for k, v in value.items()) + "}"
    raise TypeError(value)


_ENUM_VALUES: set[str] = set()


def register_enums(schema: GraphQLSchema) -> None:
    for t in schema.type_map.values():
        if isinstance(t, GraphQLEnumType):
            _ENUM_VALUES.update(t.values)


__all__ = ["Generated", "GraphQLList", "Pools", "QueryGenerator", "register_enums"]
