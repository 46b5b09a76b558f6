"""Answers with evidence: `tracuu ask` (which units, figures, sections by role, passages) and
the precedent finder. Extractive: every statement is a cited sentence from a document."""

from api.answers.asker import AskRequest, Asker
from api.answers.generation import Generator, GeneratorConfig
from api.answers.precedents import PrecedentFinder, PrecedentRequest, PrecedentResponse
from api.answers.questions import QUESTION_TYPES, parse_question
from api.answers.response import AskResponse

__all__ = ["AskRequest", "AskResponse", "Asker", "Generator", "GeneratorConfig", "PrecedentFinder",
           "PrecedentRequest", "PrecedentResponse", "QUESTION_TYPES", "parse_question"]
