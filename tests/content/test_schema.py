"""The schema and its coercers: every declared field type can be read."""

from __future__ import annotations

from dienhinh.content.coercion import COERCERS
from dienhinh.content.schema import COLLECTIONS


def field_types(fields) -> set[str]:
    return {kind for field in fields for kind in {field.type} | field_types(field.fields)}


def test_every_field_type_has_a_coercer():
    declared = set().union(*(field_types(collection.fields) for collection in COLLECTIONS.values()))
    assert declared <= set(COERCERS), declared - set(COERCERS)
    assert {"line", "date", "ref", "objects"} <= declared
