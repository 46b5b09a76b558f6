"""POST /api/ask, GET /api/ask.csv and POST /api/precedents: answers with evidence."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from api.answers import AskRequest, Asker, PrecedentFinder, PrecedentRequest
from api.answers.figure_table import table_csv
from api.answers.precedents import SourceNotFound
from api.answers.questions import QUESTION_TYPES
from api.http import problems
from api.http.auth import read_access
from api.http.dependencies import Paths, Reader, ServerConfig
from api.http.problems import Problem
from api.http.routes.search import check_limit
from api.http.schemas import AskBody, AskResponse, PrecedentsBody, PrecedentsResponse

router = APIRouter(prefix="/api", tags=["answers"], dependencies=[Depends(read_access)])


@router.post("/ask", response_model=AskResponse, responses=problems.responses(400, 401, 413, 422, 503))
def ask(reader: Reader, settings: ServerConfig, paths: Paths, body: AskBody) -> dict:
    """The answer to a Vietnamese question: units → documents → evidence sentences with figures, each cited."""
    if not body.question.strip():
        raise Problem(422, "empty-question", "question is empty")
    check_limit("the question's length", len(body.question), settings.limits.question_chars)
    return paths.answer(Asker(reader).ask(AskRequest(question=body.question, type=body.type)).to_json())


@router.get("/ask.csv", response_class=Response, responses={
    200: {"content": {"text/csv": {}}, "description": "the figures_across table: one line per figure, then one per total"},
    **problems.responses(401, 413, 422, 503)})
def ask_csv(reader: Reader, settings: ServerConfig,
            question: Annotated[str, Query(min_length=1, description="a question across units or years, in Vietnamese")],
            type: Annotated[Literal[QUESTION_TYPES] | None, Query(description="force the question type")] = None) -> Response:
    """The table of a figures-across-reports answer (unit × period × figure, each cited) as CSV."""
    if not question.strip():
        raise Problem(422, "empty-question", "question is empty")
    check_limit("the question's length", len(question), settings.limits.question_chars)
    answer = Asker(reader).ask(AskRequest(question=question, type=type))
    if answer.table is None:
        raise Problem(422, "no-table", f"the question was read as a {answer.type} question, which gives no table: ask across "
                      "units or years (“… qua các năm”, “mỗi đơn vị … bao nhiêu”) or add type=figures_across")
    return Response(table_csv(answer.table), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="so-lieu.csv"'})


@router.post("/precedents", response_model=PrecedentsResponse, responses=problems.responses(400, 401, 404, 413, 422, 503))
def precedents(reader: Reader, settings: ServerConfig, body: PrecedentsBody) -> dict:
    """Sections of other reports most like a draft paragraph, or like a section of a document, by unit."""
    if not (body.text and body.text.strip()) and body.doc_id is None:
        raise Problem(422, "empty-precedent-query", "give a text, or a doc_id (with a section_path)")
    if body.doc_id is not None and not any(heading.strip() for heading in body.section_path or []):
        raise Problem(422, "section-required", f"doc_id {body.doc_id} needs a section_path: the heading of one of its "
                      "sections (or the headings above it too), as GET /api/documents/{id} lists them")
    check_limit("the text's length", len(body.text or ""), settings.limits.precedent_chars)
    check_limit("k", body.k, settings.limits.k)
    request = PrecedentRequest(text=body.text, doc_id=body.doc_id, section_path=body.section_path, k=body.k)
    try:
        return PrecedentFinder(reader).find(request).to_json()
    except SourceNotFound as exc:
        raise Problem(404, exc.kind, str(exc)) from None
