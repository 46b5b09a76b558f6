"""Quick tier: the Vietnamese text layer on real report text."""

import unicodedata
from pathlib import Path

import pytest

from indexer.extraction.vietnamese.legacy import decode_tcvn3, decode_vni, encode_tcvn3, font_encoding
from indexer.analysis import analyze
from indexer.extraction.vietnamese.normalize import canonical_tones, fold_accents, match_form
from indexer.extraction.vietnamese.repair import repair_legacy_syllables, repair_line, repair_text
from indexer.extraction.vietnamese.syllables import is_valid_syllable

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEED_000 = CORPUS / "000_6594ddbbd3241b12.txt"


def test_seed_000_tcvn3_first_line_is_decoded_and_soft_hyphen_restored():
    text, encodings = repair_text(SEED_000.read_text(encoding="utf-8"))
    assert text.strip().startswith("Hải Dương, ngày 10 tháng 4 năm 2019")
    assert encodings == ["tcvn3"]


def test_seed_000_rest_is_left_alone_but_nfc():
    raw = SEED_000.read_text(encoding="utf-8")
    assert "Xuân ấm" not in raw  # combining tone marks in the original
    text, _ = repair_text(raw)
    assert "Xuân ấm tình người" in text
    assert text == unicodedata.normalize("NFC", text)
    # Everything after the first line is Unicode already and must come back unchanged.
    assert text.split("\n", 1)[1] == unicodedata.normalize("NFC", raw.split("\n", 1)[1])


def test_unicode_text_is_never_reinterpreted():
    line = "Ủy ban nhân dân tỉnh Lâm Đồng báo cáo kết quả cải cách hành chính năm 2025 như sau:"
    assert repair_line(line) == (line, None)
    assert repair_text("Dơng")[0] == "Dơng"  # repair happens only where text was legacy-encoded


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("H¶i D¬ng, ngµy 10 th¸ng 4 n¨m 2019", "Hải Dương, ngày 10 tháng 4 năm 2019"),  # ư lost
        ("Ban Th­êng trùc ñy ban MTTQ tØnh", "Ban Thường trực ủy ban MTTQ tỉnh"),  # ư kept (0xAD)
        ("Thñ t− íng ChÝnh phñ", "Thủ tướng Chính phủ"),  # PDF: ư as minus sign + split
        ("Quü b¶o l∙ nh tÝn dông", "Quỹ bảo lãnh tín dụng"),  # PDF: ã as bullet + split
        ("KÕ HO¹CH TæNG THÓ PH¸T TRIÓN", "KẾ HOẠCH TỔNG THỂ PHÁT TRIỂN"),  # capitals typed lowercase
    ],
)
def test_tcvn3_lines(legacy, expected):
    assert repair_text(legacy)[0] == expected


def test_vni_line():
    text, encodings = repair_text("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM\nQuyeát ñònh cuûa Thuû töôùng")
    assert text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQuyết định của Thủ tướng"
    assert encodings == ["vni"]


def test_vni_and_tcvn3_decoders_do_not_invent_u_horn_in_vni():
    assert repair_legacy_syllables(decode_vni("B\tThu ngaân saùch"), "vni") == "B\tThu ngân sách"


def test_font_names_select_the_encoding():
    assert font_encoding(".VnTime") == "tcvn3"
    assert font_encoding("GDNPNI+VnTimeHBold") == "tcvn3"
    assert font_encoding("VNI-Times") == "vni"
    assert font_encoding("Times New Roman") is None


def test_tcvn3_round_trip():
    sentence = "Cuộc vận động “Vì người nghèo” được Ủy ban MTTQ tỉnh Hải Dương triển khai"
    assert repair_text(encode_tcvn3(sentence))[0].lower() == sentence.lower()
    assert decode_tcvn3(encode_tcvn3("nước")) == "nước"


def test_syllable_validity():
    for good in ("Dương", "người", "nghiêng", "quyết", "giữa", "khuya", "oanh", "ở"):
        assert is_valid_syllable(good), good
    for bad in ("Dơng", "tớng", "Boọ", "th", "ớng", "Windows"):
        assert not is_valid_syllable(bad), bad


def test_qu_takes_the_glide_rhymes():
    # after "qu" the u is the glide other onsets write "o" (hoan → quan) or "u" (tuân → quân)
    for good in ("quan", "quang", "quản", "quét", "quen", "quên", "quay", "quốc", "quân", "quyền", "quý", "quả"):
        assert is_valid_syllable(good), good
    for bad in ("qun", "quc", "qum", "qung", "quo"):
        assert not is_valid_syllable(bad), bad


def test_one_tone_placement_for_matching():
    assert match_form("hòa bình") == match_form("hoà bình")
    assert match_form("Ủy ban") == match_form("Uỷ ban")
    assert match_form("thủy lợi") == match_form("thuỷ lợi")
    assert canonical_tones("Ủy ban") == canonical_tones("Uỷ ban")
    assert len(canonical_tones("thuỷ lợi hoà bình")) == len("thuỷ lợi hoà bình")


def test_a_final_i_spelled_y_for_matching():
    # both spellings are in the archive: "qui định" in 11 files, "bác sĩ" beside "bác sỹ"
    for i_form, y_form in [("Theo qui định của Bộ", "Theo quy định của Bộ"), ("các bác sĩ, chiến sĩ", "các bác sỹ, chiến sỹ"),
                           ("tỉ lệ hộ nghèo", "tỷ lệ hộ nghèo"), ("kì họp thứ 9", "kỳ họp thứ 9"), ("QUĨ VÌ NGƯỜI NGHÈO", "QUỸ VÌ NGƯỜI NGHÈO"),
                           ("Lí do hi sinh", "Lý do hy sinh"), ("qui dinh", "quy dinh")]:
        assert match_form(i_form) == y_form
        assert len(canonical_tones(i_form)) == len(i_form)
    # only an open syllable after qu, h, k, l, m, s, t: these keep their i
    for kept in ("thi đua khi về", "Thị xã chi hội", "vi phạm ghi nhận", "phi nhân", "nhi đồng", "Kim Liên"):
        assert match_form(kept) == kept
    assert analyze("qui định").all() == analyze("quy định").all()
    assert analyze("qui dinh").folded().all() == analyze("quy định").folded().all()


def test_quotes_normalised_for_matching():
    forms = ["“Vì người nghèo”", "\"Vì người nghèo\"", "''Vì người nghèo''", "‘Vì người nghèo’".replace("‘", "'").replace("’", "'")]
    keys = {match_form(f).replace("'", '"') for f in forms}
    assert keys == {'"Vì người nghèo"'}


def test_fold_accents_handles_d_bar():
    assert fold_accents("Đảng ủy phường Hải Dương") == "Dang uy phuong Hai Duong"
