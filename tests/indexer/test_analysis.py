"""The shared analyzer: syllables (single letters kept), bigrams, codes, accents, abbreviations."""

from indexer.analysis import analyze, expansions, has_accents


def test_single_letter_syllables_are_words():
    assert analyze("Người dân ở xã và ý kiến").unigrams == ["người", "dân", "ở", "xã", "và", "ý", "kiến"]


def test_tone_placement_and_case_do_not_matter():
    assert analyze("Uỷ ban hoà giải thuỷ lợi").unigrams == analyze("ỦY BAN HÒA GIẢI THỦY LỢI").unigrams


def test_combining_marks_are_composed():
    decomposed = "Xua\u0302n a\u0302\u0301m"  # "Xuân ấm" typed with combining marks, as in seed 000
    assert analyze(decomposed).unigrams == ["xuân", "ấm"]


def test_bigrams_do_not_cross_punctuation():
    terms = analyze("hạn chế, nguyên nhân")
    assert "hạn_chế" in terms.bigrams and "nguyên_nhân" in terms.bigrams
    assert "chế_nguyên" not in terms.bigrams


def test_folding_keeps_d_stroke_apart_only_in_exact_form():
    terms = analyze("Đảng ủy")
    assert terms.unigrams[0] == "đảng" and terms.unigrams == analyze("ĐẢNG UỶ").unigrams
    assert terms.folded().unigrams == ["dang", "uy"]


def test_document_codes_and_their_variants_meet():
    assert "62-kl-tw" in analyze("thực hiện Kết luận số 62-KL/TW ngày 08/12/2009").codes
    assert "62-kl-tw" in analyze("62 KL-TW").codes
    assert "62-kl" in analyze("Kết luận 62 của Bộ Chính trị").codes
    assert "62-kl" in analyze("62-KL/TW").codes
    assert analyze("Nghị định 33/2024/NĐ-CP").codes == ["33-2024-nđ-cp", "33-nđ"]
    assert {"9-kh-mt", "9-kh"} <= set(analyze("Kế hoạch số 09/KH-MT").codes)


def test_dates_and_figures_are_not_codes():
    assert analyze("ngày 10 tháng 4 năm 2019, đạt 98 ngàn suất quà, tỷ lệ 50.5%").codes == []


def test_accent_detection():
    assert has_accents("Vì người nghèo") and has_accents("đ")
    assert not has_accents("vi nguoi ngheo 62-KL/TW")


def test_abbreviations_expand_both_ways():
    assert "mat tran to quoc" in expansions("MTTQ tỉnh Hải Dương")
    assert "UBND" in expansions("Ủy ban nhân dân phường")
    assert "HĐND" in expansions("hoi dong nhan dan")
    assert expansions("báo cáo tổng kết") == []


def test_abbreviations_that_are_also_words_need_capitals():
    assert expansions("dự án đầu tư") == []  # "dự" folds to ĐU (Đảng ủy), "tư" to TU (Tỉnh ủy)
    assert expansions("từ thiện, hư hỏng") == []
    assert "tinh uy" in expansions("Nghị quyết của TU")
    assert "mat tran to quoc" in expansions("mttq tinh")  # not a word: any case


def test_a_long_form_is_written_as_its_abbreviation():
    from indexer.analysis.abbreviations import abbreviated

    assert abbreviated("thuế giá trị gia tăng") == ["thuế GTGT"]
    assert abbreviated("Thuế tiêu thụ đặc biệt hàng hóa") == ["Thuế TTĐB hàng hóa"]
    assert abbreviated("bảo vệ môi trường") == ["BVMT"]
    assert abbreviated("cải tạo môi trường") == []
