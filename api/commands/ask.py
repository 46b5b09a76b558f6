"""`tracuu ask` and `tracuu precedents`: answers with cited evidence."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from api.commands import INDEX_HELP, add_backend_options, add_document_filters, open_backend
from indexer.store.layout import default_index_dir

ORDER = 40


def _filters(args: argparse.Namespace):
    from api.search import Filters

    return Filters(unit=args.unit, doc_type=args.doc_type, level=args.level, date_from=args.date_from, date_to=args.date_to)


def run_ask(args: argparse.Namespace) -> int:
    from api.answers import AskRequest, Asker
    from api.answers.figure_table import table_csv

    output = "json" if args.json else args.format
    if (output == "csv" or args.csv) and args.type not in (None, "figures_across"):
        raise ValueError(f"CSV export is a figures_across table; --type {args.type} gives none")
    response = Asker(open_backend(args)).ask(AskRequest(question=args.question, type=args.type, filters=_filters(args),
                                                             order=args.order, generate=args.generate))
    if (output == "csv" or args.csv) and response.table is None:
        raise ValueError(f"CSV export is a figures_across table, and this question was read as a {response.type} question: "
                         "ask across units or years (“… qua các năm”, “mỗi đơn vị … bao nhiêu”) or add --type figures_across")
    if args.csv:
        _write_csv(args.csv, table_csv(response.table))
    if output == "csv":
        sys.stdout.write(table_csv(response.table))
        return 0
    if output == "json":
        print(json.dumps(response.to_json(), ensure_ascii=False))
        return 0
    print(response.answer)
    for item in response.closest:
        print(f"  · {item['unit'] or '?'} — {item['title'] or ''} § {' › '.join(item['section_path'])}: {item['snippet']}")
    if response.generated:
        print("\nCâu trả lời do mô hình viết (" + response.generated["model"] + "):")
        for sentence in response.generated["sentences"]:
            print(("   " if sentence["cited"] else " ! ") + sentence["text"])
    if response.citations:
        print("\nTrích dẫn:")
        for c in response.citations:
            page = f", tr. {c.page_start}" if c.page_start else ""
            print(f"[{c.n}] văn bản {c.doc_id} {c.path or ''}{page}, ký tự {c.char_start}–{c.char_end}, "
                  f"§ {' › '.join(c.section_path) or '(đầu văn bản)'}")
    for warning in response.warnings:
        print(f"warning: {warning}")
    return 0


def _write_csv(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise ValueError(f"cannot write the CSV to {path}: {exc.strerror or exc}") from None


def run_precedents(args: argparse.Namespace) -> int:
    from api.answers import PrecedentFinder, PrecedentRequest

    if (args.text is None) == (args.doc is None):
        raise ValueError("give either a TEXT (draft paragraph or heading) or --doc ID with --section")
    path = [part.strip() for part in args.section.split("›")] if args.section else None
    response = PrecedentFinder(open_backend(args)).find(PrecedentRequest(
        text=args.text, doc_id=args.doc, section_path=path, k=args.k, filters=_filters(args)))
    if args.json:
        print(json.dumps(response.to_json(), ensure_ascii=False))
        return 0
    if not response.units:
        print("Không tìm thấy đoạn tương tự.")
    for unit in response.units:
        print(f"\n{unit.unit}")
        for s in unit.sections:
            print(f"  [{s.score:.3f}] văn bản {s.doc_id} ({s.date or 'không rõ ngày'}) § {' › '.join(s.section_path)}")
            print("     " + " ".join(s.text.split())[:300])
    return 0


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=Path, default=default_index_dir(), help=INDEX_HELP)
    add_document_filters(parser)
    add_backend_options(parser)
    parser.add_argument("--json", action="store_true")


def register(subcommands) -> None:
    from api.answers.questions import QUESTION_TYPES

    ask = subcommands.add_parser("ask", help="answer a question with cited evidence (which units…, figures, sections)")
    ask.add_argument("question")
    ask.add_argument("--type", choices=QUESTION_TYPES, help="force the question type (default: recognised from the question)")
    ask.add_argument("--order", choices=["relevance", "date"], default="relevance", help="order of units and documents")
    ask.add_argument("--generate", action="store_true",
                     help="also ask the chat model at TRACUU_LLM_URL / TRACUU_LLM_MODEL (answers must cite the evidence)")
    _add_filters(ask)
    ask.add_argument("--format", choices=["text", "json", "csv"], default="text",
                     help="csv: the figures_across table (unit, period, figure, measure, normalised value, citation)")
    ask.add_argument("--csv", type=Path, metavar="FILE", help="also write the figures_across table to FILE as CSV")
    ask.set_defaults(handler=run_ask)

    precedents = subcommands.add_parser("precedents", help="sections of other units' reports like a draft or a section")
    precedents.add_argument("text", nargs="?", help="a draft paragraph or a section heading")
    precedents.add_argument("--doc", type=int, help="take the section from this document id instead")
    precedents.add_argument("--section", help="its heading or path, 'IV. ĐÁNH GIÁ CHUNG › 2. Hạn chế'")
    precedents.add_argument("-k", type=int, default=10, help="number of sections (default 10)")
    _add_filters(precedents)
    precedents.set_defaults(handler=run_precedents)
