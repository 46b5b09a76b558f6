"""The HTTP models in api/http/schemas.py declare exactly the fields of the dataclasses the
search, reader and answer code return (their JSON is ``asdict`` of them), nested types included,
so /openapi.json cannot drift from what the server sends."""

from __future__ import annotations

import dataclasses
import types
import typing

import pytest
from pydantic import BaseModel

from api.answers import precedents, response
from api.http import schemas
from api.search import searcher
from indexer.store import reader

# (dataclass, HTTP model, fields one side has on purpose)
PAIRS = [
    (searcher.SearchResult, schemas.SearchResult, set()),
    (searcher.SearchResponse, schemas.SearchResponse, set()),
    (reader.DocumentRecord, schemas.DocumentDetail, {"paths"}),  # the route adds the paths of its files
    (reader.SectionRow, schemas.Section, {"doc_id"}),  # the document's own id, already in the URL
    (reader.DocumentFile, schemas.DocumentFile, set()),
    (response.Evidence, schemas.Evidence, set()),
    (response.DocumentAnswer, schemas.AnswerDocument, set()),
    (response.UnitAnswer, schemas.AnswerUnit, set()),
    (response.Citation, schemas.Citation, set()),
    (response.AskResponse, schemas.AskResponse, set()),
    (precedents.PrecedentSection, schemas.PrecedentSection, set()),
    (precedents.PrecedentUnit, schemas.PrecedentUnit, set()),
    (precedents.PrecedentResponse, schemas.PrecedentsResponse, set()),
]
MODEL_OF = {dataclass: model for dataclass, model, _ in PAIRS}


def _shape(annotation) -> object:
    """A comparable form of a type: dataclasses and models by their pair, containers by their items."""
    if annotation in MODEL_OF:
        return MODEL_OF[annotation].__name__
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return ("union", frozenset(_shape(a) for a in typing.get_args(annotation)))
    if origin is not None:
        args = tuple(_shape(a) for a in typing.get_args(annotation) if a is not typing.Any)
        return "dict" if (origin, args) == (dict, ("str",)) else (origin.__name__, args)
    return getattr(annotation, "__name__", str(annotation))


def _agree(code, declared) -> bool:
    """Equal shapes; an untyped ``dict`` in the code may be declared as a model of its keys."""
    if code == declared:
        return True
    if code == "dict":
        return isinstance(declared, str) and isinstance(getattr(schemas, declared, None), type)
    if isinstance(code, tuple) and isinstance(declared, tuple) and code[0] == declared[0] == "union":
        return len(code[1]) == len(declared[1]) and all(any(_agree(c, d) for d in declared[1]) for c in code[1])
    if isinstance(code, tuple) and isinstance(declared, tuple) and code[0] == declared[0]:
        return len(code[1]) == len(declared[1]) and all(_agree(c, d) for c, d in zip(code[1], declared[1]))
    return False


@pytest.mark.parametrize("dataclass, model, expected", PAIRS, ids=[m.__name__ for _, m, _ in PAIRS])
def test_models_match_dataclasses(dataclass, model, expected):
    hints = typing.get_type_hints(dataclass)
    fields = {f.name: _shape(hints[f.name]) for f in dataclasses.fields(dataclass)}
    declared = {name: _shape(info.annotation) for name, info in model.model_fields.items()}
    different = set(fields) ^ set(declared)
    assert different == expected, f"{model.__name__} and {dataclass.__name__} differ in fields {sorted(different - expected)}"
    for name in set(fields) & set(declared):
        assert _agree(fields[name], declared[name]), f"{model.__name__}.{name}: {declared[name]} in the model, {fields[name]} in the code"


def test_a_drift_is_caught():
    """The check is not blind: a model missing a field, or typing one differently, fails it."""
    class Short(BaseModel):
        unit: int
    with pytest.raises(AssertionError):
        test_models_match_dataclasses(response.UnitAnswer, Short, set())
