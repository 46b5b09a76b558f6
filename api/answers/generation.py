"""Optional generated answer through any OpenAI-compatible chat endpoint (off by default).

The prompt holds only the retrieved evidence, numbered as the citations are; the model must
cite them as [n]. Every sentence of its answer is checked: one without a valid citation is
flagged, never passed off as supported. Configured by TRACUU_LLM_URL (e.g.
http://127.0.0.1:8080/v1), TRACUU_LLM_MODEL and TRACUU_LLM_API_KEY.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from api.answers.passages import sentences
from api.answers.response import AskResponse
from api.answers.wording import clip

SYSTEM_PROMPT = (
    "Bạn là trợ lý tra cứu báo cáo hành chính. Chỉ trả lời dựa trên các đoạn trích được đánh số bên dưới. "
    "Mỗi câu trong câu trả lời phải kèm số trích dẫn dạng [n] của đoạn trích chứa thông tin đó. "
    "Nếu các đoạn trích không đủ để trả lời, hãy nói rõ là không tìm thấy. Trả lời bằng tiếng Việt, ngắn gọn."
)
_CITATION = re.compile(r"\[(\d+)\]")


class GenerationError(RuntimeError):
    pass


@dataclass
class GeneratorConfig:
    url: str
    model: str
    api_key: str | None = None
    timeout_s: float = 60.0

    @classmethod
    def from_env(cls) -> GeneratorConfig | None:
        url, model = os.environ.get("TRACUU_LLM_URL"), os.environ.get("TRACUU_LLM_MODEL")
        if not url or not model:
            return None
        return cls(url.rstrip("/"), model, os.environ.get("TRACUU_LLM_API_KEY"))


def evidence_prompt(response: AskResponse) -> str:
    items = {e.citation: e for u in response.units for d in u.documents for e in d.evidence}
    lines = [f"Câu hỏi: {response.question}", "", "Các đoạn trích:"]
    for citation in response.citations:
        lines.append(f"[{citation.n}] ({citation.unit}; {clip(citation.title or '', 100)}; "
                     f"{' › '.join(citation.section_path) or 'đầu văn bản'}): {clip(items[citation.n].text, 1200)}")
    return "\n".join(lines)


def check_citations(text: str, valid: set[int]) -> list[dict]:
    """Each sentence with the citations it carries; ``cited`` is false when it has none that exist."""
    out = []
    for start, end in sentences(text, 0, len(text)):
        sentence = text[start:end]
        numbers = [int(n) for n in _CITATION.findall(sentence)]
        out.append({"text": sentence, "citations": numbers, "cited": any(n in valid for n in numbers),
                    "invalid_citations": [n for n in numbers if n not in valid]})
    return out


class Generator:
    def __init__(self, config: GeneratorConfig):
        self.config = config

    def _post(self, body: dict) -> dict:
        headers = {"Content-Type": "application/json"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        request = urllib.request.Request(f"{self.config.url}/chat/completions", json.dumps(body).encode("utf-8"), headers)
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout_s) as reply:
                return json.loads(reply.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise GenerationError(f"{self.config.url} answered HTTP {exc.code}: {exc.read()[:200].decode('utf-8', 'replace')}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise GenerationError(f"cannot reach {self.config.url}: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise GenerationError(f"{self.config.url} did not answer JSON: {exc}") from exc

    def generate(self, response: AskResponse) -> dict:
        body = {"model": self.config.model, "temperature": 0,
                "messages": [{"role": "system", "content": SYSTEM_PROMPT},
                             {"role": "user", "content": evidence_prompt(response)}]}
        reply = self._post(body)
        try:
            text = reply["choices"][0]["message"]["content"].strip()
        except (KeyError, IndexError, TypeError, AttributeError) as exc:
            raise GenerationError(f"{self.config.url} answered without choices[0].message.content") from exc
        checked = check_citations(text, {c.n for c in response.citations})
        return {"model": self.config.model, "text": text, "sentences": checked,
                "uncited": sum(not s["cited"] for s in checked)}
