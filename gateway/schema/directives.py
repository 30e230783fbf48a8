"""The contract's schema directives. They are the single source of the field-group rule:
the guard (gateway/schema/guard.py) reads them from the schema, never from a second list."""

from __future__ import annotations

import strawberry
from strawberry.schema_directive import Location

from db.enums import Gegevensgroep as _Gegevensgroep

Gegevensgroep = strawberry.enum(_Gegevensgroep, name="Gegevensgroep")


@strawberry.schema_directive(
    name="gegevensgroep",
    locations=[
        Location.FIELD_DEFINITION,
        Location.OBJECT,
        # Filter input fields and sort values are tagged too: filtering or ordering on a field
        # of a group reveals that group as much as selecting it does.
        Location.INPUT_FIELD_DEFINITION,
        Location.ENUM_VALUE,
    ],
    description="Tags a field or type with the data group it belongs to; the access matrix decides per role.",
)
class GegevensgroepDirective:
    groep: Gegevensgroep  # type: ignore[valid-type]


@strawberry.schema_directive(
    name="toestemmingVereist",
    locations=[Location.FIELD_DEFINITION, Location.OBJECT],
    description="Returned only while the vergunninghouder's consent (Toestemmingsverklaring) is in force.",
)
class ToestemmingVereist:
    pass


def groep(g: _Gegevensgroep) -> list[object]:
    """`directives=groep(G.BSN)` on a field, type, input field or enum value."""
    return [GegevensgroepDirective(groep=g)]
