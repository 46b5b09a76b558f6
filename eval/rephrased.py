"""Answers to the same question asked another way: each question of a set is asked as written and
again in other wordings a user might type (another asking template around the same subject,
another ending for the same document field, another noun for the asker, a request with no
question word), and the evaluation counts, per wording rule, the rewordings whose answer differs
from the answer to the question as written. It needs no truth: it measures consistency, the part
of generalising to unseen questions that a question set's own wording hides.

    python -m eval rephrased --index eval/results/answers-index-<hash> --questions eval/answers/questions.jsonl …
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Iterator

from eval.provenance import provenance

# "which units" asked around the subject the question names (as it writes it)
UNIT_TEMPLATES = {
    "units: nói về": "Đơn vị nào có văn bản nói về {t}?",
    "units: được đề cập": "{T} được đề cập trong văn bản của những cơ quan nào?",
    "units: vấn đề": "Cơ quan nào có văn bản đề cập đến vấn đề {t}?",
    "units: đề cập tới … trong báo cáo": "Đơn vị nào đề cập tới {t} trong báo cáo?",
    "units: có thông tin về": "Những đơn vị nào có thông tin về {t}?",
    "units: có … không": "Có văn bản nào nói tới {t} không, của đơn vị nào?",
}
# a document field asked with another ending
DOCUMENT_ENDINGS = {
    "signer": (r"\s*,?\s*(?:do ai ký|ai ký|người ký là ai|do ai ký ban hành)\s*\?$",
               [" do ai ký?", ", người ký là ai?", " được ký bởi ai?", ", ai là người ký?"]),
    "date": (r"\s*,?\s*(?:được ban hành ngày nào|ban hành ngày nào|ký ngày nào|được ký ngày nào)\s*\?$",
             [" được ban hành ngày nào?", " ký ngày nào?", ", ngày ban hành là ngày nào?"]),
    "number": (r"\s*,?\s*(?:có số hiệu là gì|số hiệu là gì|số mấy|số bao nhiêu)\s*\?$",
               [" số mấy?", " số bao nhiêu?", ", số hiệu là gì?"]),
}


def rewordings(question: dict) -> Iterator[tuple[str, str]]:
    """(rule, text) for each other wording of a question of the set."""
    from api.answers.questions import parse_question

    if not isinstance(question.get("question"), str):
        return  # a request without a question's text (precedents) has no wording to vary
    text, kind = question["question"].strip(), question["type"]
    if kind == "units":
        topic = parse_question(text).topic or ""
        if topic and topic.lower() in text.lower() and len(topic.split()) <= 8:
            for rule, template in UNIT_TEMPLATES.items():
                yield rule, template.format(t=topic, T=topic[:1].upper() + topic[1:])
    elif kind == "documents":
        for field, (ending, others) in DOCUMENT_ENDINGS.items():
            if found := re.search(ending, text, re.IGNORECASE):
                lead = text[:found.start()]
                yield from ((f"documents: {field}", lead + other) for other in others if lead + other != text)
    elif kind == "actors":
        if re.search(r"\bcơ quan nào\b", text):
            yield "actors: đơn vị nào", re.sub(r"\bcơ quan nào\b", "đơn vị nào", text, count=1)
            yield "actors: cơ quan, đơn vị nào", re.sub(r"\bcơ quan nào\b", "cơ quan, đơn vị nào", text, count=1)
        if held := re.match(r"Ai (?:là|làm) (.+?)\?$", text):
            position = held.group(1)
            yield "actors: … là ai", position[:1].upper() + position[1:] + " là ai?"
            yield "actors: người giữ chức", f"Người giữ chức {position} là ai?"
    elif kind == "figure":
        if asked := re.match(r"(.+?)\s+(?:là|đạt) bao nhiêu\s*\?$", text):
            yield "figure: cho biết", "Cho biết " + asked.group(1)[:1].lower() + asked.group(1)[1:].rstrip(" ,") + "."
        if re.search(r"\bcó bao nhiêu\b", text):
            yield "figure: tổng cộng", re.sub(r"\bcó bao nhiêu\b", "có tổng cộng bao nhiêu", text, count=1)


def answer_key(answer: dict) -> tuple:
    """What must not change with the wording: the type, and the units, figure or answer's first line."""
    kind = answer.get("type")
    if kind == "units":
        return kind, frozenset(unit.get("unit") or "" for unit in answer.get("units", []))
    if kind == "figure":
        return kind, (answer.get("figure") or {}).get("text")
    return kind, (answer.get("answer") or "").split(" — ")[0].split(" (theo")[0]


def measure(asker, questions: list[dict]) -> dict:
    from api.answers import AskRequest

    def ask(text: str) -> tuple:
        return answer_key(asker.ask(AskRequest(question=text)).to_json())

    asked, differ, examples = Counter(), Counter(), []
    for question in questions:
        others = list(rewordings(question))
        if not others:
            continue
        written = ask(question["question"])
        for rule, text in others:
            asked[rule] += 1
            if ask(text) != written:
                differ[rule] += 1
                examples.append({"id": question.get("id"), "rule": rule, "question": text})
    rules = {rule: {"asked": asked[rule], "differ": differ[rule]} for rule in sorted(asked)}
    return {"rules": rules, "asked": sum(asked.values()), "differ": sum(differ.values()), "differing": examples}


def parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    p.add_argument("--index", type=Path, required=True, help="an index folder (eval/results/answers-index-<hash>)")
    p.add_argument("--questions", type=Path, nargs="+", required=True, help="question files (JSON lines, as for `eval answers`)")
    p.add_argument("--out", type=Path, help="write the record (counts and every differing rewording) here as JSON")
    return p


def main(argv: list[str] | None = None, prog: str = "python -m eval.rephrased") -> int:
    args = parser(prog).parse_args(argv)
    if not (args.index / "manifest.json").is_file():
        print(f"rephrased: {args.index} is not an index (no manifest.json)", file=sys.stderr)
        return 2
    questions = []
    for path in args.questions:
        try:
            questions += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        except (OSError, json.JSONDecodeError) as exc:
            print(f"rephrased: {path}: {exc}", file=sys.stderr)
            return 2
    from api.answers import Asker
    from indexer.store.reader import open_reader

    reader = open_reader(args.index)
    try:
        result = measure(Asker(reader), questions)
    finally:
        reader.close()
    record = {**provenance(" ".join([prog, *(argv if argv is not None else sys.argv[1:])])), **result}
    print("| rule | asked | answer differs |\n|---|---|---|")
    for rule, counts in result["rules"].items():
        print(f"| {rule} | {counts['asked']} | {counts['differ']} |")
    print(f"| all | {result['asked']} | {result['differ']} |")
    if args.out:
        args.out.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
