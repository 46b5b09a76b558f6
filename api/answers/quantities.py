"""Figures made comparable: one amount in đồng, a count with its noun, a percentage.

"1,2 tỷ đồng", "1.200 triệu đồng" and "1.200.000.000 đồng" are the same amount; each becomes
1200000000 đồng (a foreign currency keeps its name and never adds to đồng), shown back in Vietnamese notation at the largest scale that keeps it above one
("1,2 tỷ đồng", "45,5 triệu đồng"). Counts keep their noun ("12 hộ" and "12 người" never add
up); percentages stay percentages and are never added.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from api.answers.figures import Figure, extract_figures

MONEY_SCALES = ((1e9, "tỷ"), (1e6, "triệu"), (1e3, "nghìn"))
LOWER_BOUNDS = ("trên", "hơn", "ít nhất", "tối thiểu", "tới", "đến")


@dataclass
class Quantity:
    kind: str          # money | count | percent
    measure: str       # "đồng", "%", or the counted noun: "hộ", "người", "căn nhà"
    value: float       # in đồng for money, the count, the percentage
    qualifier: str | None  # "trên", "khoảng" … as written
    display: str       # Vietnamese notation: "trên 1,2 tỷ đồng", "45,5 triệu đồng", "12 hộ", "98,5%"


def vietnamese_number(value: float, decimals: int = 3) -> str:
    """1234567.5 → "1.234.567,5": "." groups thousands, "," marks decimals (rounded half up),
    trailing zeros dropped."""
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = f"{int(whole):,}".replace(",", ".")
    if fraction.rstrip("0"):
        text += "," + fraction.rstrip("0")
    return ("-" if rounded < 0 else "") + text


def amount_display(kind: str, measure: str, value: float) -> str:
    if kind == "percent":
        return f"{vietnamese_number(value, 2)}%"
    if kind == "money":
        for size, word in MONEY_SCALES:
            if abs(value) >= size:
                return f"{vietnamese_number(value / size)} {word} {measure}"
        return f"{vietnamese_number(value, 0)} {measure}"
    return f"{vietnamese_number(value)} {measure}"


def quantity_of(figure: Figure) -> Quantity:
    """A figure read by ``extract_figures`` as a comparable quantity."""
    display = amount_display(figure.kind, figure.unit, figure.value)
    if figure.qualifier:
        display = f"{figure.qualifier} {display}"
    return Quantity(figure.kind, figure.unit, figure.value, figure.qualifier, display)


def normalise(text: str) -> Quantity:
    """The quantity a short Vietnamese phrase states ("trên 1,2 tỷ đồng", "12 hộ", "98,5%");
    ValueError naming the phrase when it states none or several."""
    figures = extract_figures(text)
    if len(figures) != 1:
        found = "no figure" if not figures else f"{len(figures)} figures ({'; '.join(f.text for f in figures)})"
        raise ValueError(f"{text!r} states {found}: give exactly one amount, count or percentage")
    return quantity_of(figures[0])


def total_qualifier(qualifiers: list[str | None]) -> str | None:
    """The qualifier a sum inherits: none when every part is exact; "trên" when the parts are
    exact or lower bounds; "khoảng" as soon as one part is approximate or an upper bound."""
    given = [q for q in qualifiers if q]
    if not given:
        return None
    return "trên" if all(q in LOWER_BOUNDS for q in given) else "khoảng"
