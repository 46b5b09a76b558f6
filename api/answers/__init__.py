"""Answers with evidence: `tracuu ask` (which units, figures, sections by role, passages) and
the precedent finder. Extractive: every statement is a cited sentence from a document.

Names are loaded on first use, so that `tracuu --help` and the other commands do not import the
search stack just to list the question types.
"""

import importlib

_EXPORTS = {
    "AskRequest": "api.answers.asker", "Asker": "api.answers.asker",
    "Generator": "api.answers.generation", "GeneratorConfig": "api.answers.generation",
    "PrecedentFinder": "api.answers.precedents", "PrecedentRequest": "api.answers.precedents",
    "PrecedentResponse": "api.answers.precedents",
    "QUESTION_TYPES": "api.answers.questions", "parse_question": "api.answers.questions",
    "AskResponse": "api.answers.response",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'api.answers' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
