"""Metadata of the seed reports and of small realistic snippets: values and their spans."""

import re
import tempfile
from pathlib import Path

import pytest

from indexer.extraction.metadata import extract_metadata
from indexer.extraction.metadata.units import central_issuer, issuer_code
from indexer.extraction.model import Found, Metadata
from indexer.extraction.structure import parse_sections
from indexer.extraction.vietnamese.normalize import match_form
from indexer.extraction.vietnamese.repair import repair_text

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _seed(prefix: str) -> str:
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    text, _ = repair_text(path.read_text(encoding="utf-8"))
    return text


def _metadata(text: str) -> Metadata:
    return extract_metadata(text, parse_sections(text))


@pytest.fixture(scope="module")
def seed000() -> tuple[str, Metadata]:
    text = _seed("000")
    return text, _metadata(text)


@pytest.fixture(scope="module")
def seed004() -> tuple[str, Metadata]:
    text = _seed("004")
    return text, _metadata(text)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", match_form(text).casefold().replace("ủy", "uỷ"))


def _assert_spans_hold_values(text: str, metadata: Metadata) -> None:
    """Every value was read from its span: same words (case, tone placement and line breaks
    aside); dates from a span holding their numbers; codes from a span holding the code."""
    for name, field in metadata.__dict__.items():
        items = field if isinstance(field, list) else [field]
        for item in items:
            if item is None:
                continue
            span = text[item.start:item.end]
            assert 0 <= item.start < item.end <= len(text), name
            if name == "references":
                assert re.sub(r"\s", "", span) == item.code or re.search(item.code.split("-")[0], span), span
            elif name == "date":
                assert all(int(part) in [int(x) for x in re.findall(r"\d+", span)] for part in item.value.split("-")), span
            elif name == "doc_type" and "/" in span:  # "V/v" marks a công văn
                assert item.value == "công văn"
            elif name == "unit" and re.fullmatch(r"\d+/\S+", span):  # "1747/2005/QĐ-NHNN": a central body's code
                assert central_issuer(issuer_code(span)) == item.value, span
            elif name == "doc_type" and len(span) <= 4:  # the abbreviation in "Số: 45/TTr-UBND"
                assert span in ("TTr", "BC", "KH", "QĐ", "TB", "NQ", "CT", "HD", "GM", "CV", "TT", "NĐ")
            else:
                assert set(_words(item.value)) <= set(_words(span)), (name, item.value, span)


def _values(found: list[Found]) -> list[str]:
    return [f.value for f in found]


# --- seed 000 ---------------------------------------------------------------------------------


def test_seed000_core_fields(seed000):
    text, meta = seed000
    assert meta.unit.value == "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương"
    assert meta.date.value == "2019-04-10"
    assert meta.place.value == "Hải Dương"
    assert meta.signer.value == "Nguyễn Đình Xiển"
    assert meta.signer_position.value == "Phó Chủ tịch"
    assert text[meta.signer_position.start:meta.signer_position.end] == "PHÓ CHỦ TỊCH"
    assert meta.doc_type.value == "báo cáo"
    assert meta.level.value == "tỉnh"
    assert meta.number is None  # the report carries no "Số:" line
    assert meta.title.value.startswith("Tổng kết thực hiện kết luận 62-KL/TW ngày 08/12/2009")
    assert meta.title.value.endswith("các đoàn thể chính trị - xã hội\"")
    assert "Hải Dương" in _values(meta.places)


def test_seed000_references(seed000):
    _, meta = seed000
    by_code = {r.code: r for r in meta.references}
    for code in ("62-KL/TW", "6140/MTTW-BTT", "163-KH/TU", "02/KH-MTTW-ĐĐ", "09/KH-MT"):
        assert code in by_code
    assert (by_code["62-KL/TW"].kind, by_code["62-KL/TW"].date) == ("kết luận", "2009-12-08")
    assert (by_code["6140/MTTW-BTT"].kind, by_code["6140/MTTW-BTT"].date) == ("công văn", "2019-03-14")
    assert (by_code["163-KH/TU"].kind, by_code["163-KH/TU"].date) == ("kế hoạch", "2019-03-14")
    assert by_code["02/KH-MTTW-ĐĐ"].date == "2010-04-19"
    assert len(by_code) == len(meta.references)  # deduplicated


def test_seed000_campaigns(seed000):
    _, meta = seed000
    names = {match_form(v) for v in _values(meta.campaigns)}
    for expected in ("Vì người nghèo", "Xuân ấm tình người", "Ngày vì người nghèo",
                     "Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư"):
        assert match_form(expected) in names
    assert len(names) == len(meta.campaigns)
    assert not any("xây dựng MTTQ vững mạnh" in v for v in _values(meta.campaigns))  # a criterion, not a campaign


def test_seed000_recipients(seed000):
    _, meta = seed000
    assert _values(meta.recipients) == [
        "Ban Thường trực Ủy ban TW MTTQ Việt Nam",
        "Ban Tổ chức - Cán bộ, Ủy ban TW MTTQ Việt Nam",
        "Thường trực Tỉnh ủy",
        "Ban Dân vận Tỉnh uỷ",
        "Ban Thường trực Uỷ ban MTTQ tỉnh",
        "Lưu Ban TC-TG, VP",
    ]


def test_seed000_spans(seed000):
    _assert_spans_hold_values(*seed000)


# --- seed 004 ---------------------------------------------------------------------------------


def test_seed004_core_fields(seed004):
    _, meta = seed004
    assert meta.unit.value == "Ban Thường vụ Đảng ủy phường Hải Dương"
    assert meta.signer.value == "Nguyễn Thị Hà Phương"
    assert meta.signer_position.value == "Phó Bí thư Thường trực"
    assert meta.level.value == "phường"
    assert meta.doc_type.value == "báo cáo"
    assert meta.date is None and meta.place is None  # this report has no date line: nothing invented
    assert meta.title.value.startswith("Tổng kết Kết luận số 62-KL/TW, ngày 08/12/2009")


def test_seed004_references_and_campaigns(seed004):
    _, meta = seed004
    by_code = {r.code: r for r in meta.references}
    assert (by_code["62-KL/TW"].kind, by_code["62-KL/TW"].date) == ("kết luận", "2009-12-08")
    assert (by_code["160-TB/TW"].kind, by_code["160-TB/TW"].date) == ("thông báo", "2020-01-15")
    assert by_code["702-CV/BTGDVTU"].kind == "công văn"
    names = {match_form(v) for v in _values(meta.campaigns)}
    assert match_form("Vì người nghèo") in names
    assert match_form("Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh") in names
    assert match_form("lắng nghe dân nói, nói dân hiểu, làm dân tin") not in names  # a motto


def test_seed004_recipients(seed004):
    _, meta = seed004
    assert _values(meta.recipients)[0] == "Ban Tuyên giáo và Dân vận Thành ủy (đề b/c)"
    assert _values(meta.recipients)[-1] == "Lưu VPĐU"
    assert len(meta.recipients) == 6


def test_seed004_spans(seed004):
    _assert_spans_hold_values(*seed004)


# --- snippets ---------------------------------------------------------------------------------

LAM_DONG = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
Số: 45/TTr-UBND\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
\tĐộc lập - Tự do - Hạnh phúc
\tLâm Đồng, ngày 12 tháng 12 năm 2025

TỜ TRÌNH
Về việc đề nghị phê duyệt Đề án phát triển du lịch
giai đoạn 2026 - 2030

Kính gửi: Hội đồng nhân dân tỉnh Lâm Đồng

Căn cứ Nghị định số 126/2024/NĐ-CP ngày 08 tháng 10 năm 2024 của Chính phủ;
Căn cứ Quyết định số 115/2004/QĐ-TTg ngày 25/6/2004 của Thủ tướng Chính phủ;
Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh xem xét, quyết định./.
Nơi nhận:\tTM. ỦY BAN NHÂN DÂN
- Như trên;\tKT. CHỦ TỊCH
- Thường trực Tỉnh ủy;\tPHÓ CHỦ TỊCH
- Lưu: VT, NC.

\t\tNguyễn Minh
"""


def test_lam_dong_letterhead():
    meta = _metadata(LAM_DONG)
    assert meta.unit.value == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert meta.number.value == "45/TTr-UBND"
    assert meta.doc_type.value == "tờ trình"
    assert meta.place.value == "Lâm Đồng"
    assert meta.date.value == "2025-12-12"
    assert meta.level.value == "tỉnh"
    assert meta.title.value == "Về việc đề nghị phê duyệt Đề án phát triển du lịch giai đoạn 2026 - 2030"
    assert meta.signer.value == "Nguyễn Minh"
    assert meta.signer_position.value == "Phó Chủ tịch"
    assert _values(meta.recipients) == ["Như trên", "Thường trực Tỉnh ủy", "Lưu: VT, NC"]
    by_code = {r.code: r for r in meta.references}
    assert "45/TTr-UBND" not in by_code  # the document's own number is not a citation
    assert (by_code["126/2024/NĐ-CP"].kind, by_code["126/2024/NĐ-CP"].date) == ("nghị định", "2024-10-08")
    assert (by_code["115/2004/QĐ-TTg"].kind, by_code["115/2004/QĐ-TTg"].date) == ("quyết định", "2004-06-25")
    _assert_spans_hold_values(LAM_DONG, meta)


def test_two_column_letterhead_merged_into_lines():
    text = (
        "      ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "       TỈNH LÂM ĐỒNG\t                          Độc lập - Tự do - Hạnh phúc\n\n"
        "     Số: 3980/UBND-NC                      Lâm Đồng, ngày 8 tháng 9 năm 2025\n"
        "V/v cung cấp thông tin của cán bộ,\ncông chức nhận bản tin điện tử\n\n"
        "                                                 Kính gửi: Sở Nội vụ\n\n"
        "Ủy ban nhân dân tỉnh nhận được Công văn số 5777/BNV-CCHC ngày 31/7/2025 của Bộ Nội vụ./.\n"
        "Nơi nhận:     \t    TL. CHỦ TỊCH\n- Như trên; \t          CHÁNH VĂN PHÒNG\n- Lưu: VT, NC.Châu\n\n"
        "                                                                              Nguyễn Nhân Bản\n"
    )
    meta = _metadata(text)
    assert meta.unit.value == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert meta.number.value == "3980/UBND-NC"
    assert meta.doc_type.value == "công văn"
    assert meta.title.value == "cung cấp thông tin của cán bộ, công chức nhận bản tin điện tử"
    assert meta.date.value == "2025-09-08"
    assert meta.signer.value == "Nguyễn Nhân Bản"
    assert meta.signer_position.value == "Chánh Văn phòng"
    assert _values(meta.recipients) == ["Như trên", "Lưu: VT, NC.Châu"]
    assert [(r.code, r.kind, r.date) for r in meta.references] == [("5777/BNV-CCHC", "công văn", "2025-07-31")]
    _assert_spans_hold_values(text, meta)


def test_draft_with_blank_number_and_day():
    text = (
        "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố:            /BC-SNV\tLâm Đồng, ngày        tháng 3 năm 2026\n\n"
        "BÁO CÁO\nKết quả công tác cải cách hành chính quý I\n\nI. KẾT QUẢ\n1. Công tác chỉ đạo\n"
    )
    meta = _metadata(text)
    assert meta.number.value == "/BC-SNV"  # blank number kept as a bare code
    assert meta.date.value == "2026-03"  # reduced ISO form: the day is not invented
    assert meta.unit.value == "Sở Nội vụ tỉnh Lâm Đồng"  # the committee's place: a merged archive holds a Sở Nội vụ of each province
    assert meta.level.value == "tỉnh"  # from the parent line of the letterhead
    assert meta.doc_type.value == "báo cáo"
    assert meta.title.value == "Kết quả công tác cải cách hành chính quý I"
    _assert_spans_hold_values(text, meta)


def test_no_signer_is_none_not_guessed():
    text = (
        "BÁO CÁO\nTình hình tháng 5\n\nI. KẾT QUẢ\nĐã hoàn thành kế hoạch.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    )
    meta = _metadata(text)
    assert meta.signer is None and meta.signer_position is None
    assert meta.unit is None and meta.date is None and meta.number is None and meta.level is None
    assert _values(meta.recipients) == ["Như trên", "Lưu: VT"]


def test_kt_chu_tich_signature():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH BÌNH THUẬN\nSố: 12/QĐ-UBND\nBình Thuận, ngày 5 tháng 3 năm 2025\n\n"
        "QUYẾT ĐỊNH\nVề việc công nhận Điều lệ\n\nĐiều 1. Công nhận Điều lệ.\n"
        "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Hồng Hải\n"
    )
    meta = _metadata(text)
    assert (meta.signer.value, meta.signer_position.value) == ("Nguyễn Hồng Hải", "Phó Chủ tịch")
    assert meta.doc_type.value == "quyết định"
    assert meta.unit.value == "Ủy ban nhân dân tỉnh Bình Thuận"
    _assert_spans_hold_values(text, meta)


def test_an_old_circular_s_mixed_case_delegated_signature():
    # 2003-02120.doc (TCVN3): the prefix keeps its capitals, the rest is in the case of sentences
    text = (
        "Bộ tài chính\nSố:  120 /2002/TT-BTC\nHà nội, ngày  30  tháng 12 năm 2002\n\nThông tư\nHướng dẫn thi hành Nghị định\n\n"
        "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị phản ánh về Bộ Tài chính.\n\nNơi nhận\n- VP TƯ Đảng\n"
        "- Lưu VP (HC, TH),  TCT (HC, AC)\nKT/Bộ trưởng Bộ Tài chính\nThứ trưởng\n(Đã Ký)\nTrương Chí Trung\n\n"
        "(Biểu mẫu của thông tư 120 đính kèm ở dưới)\n"
    )
    meta = _metadata(text)
    assert (meta.signer.value, meta.signer_position.value) == ("Trương Chí Trung", "Thứ trưởng")
    _assert_spans_hold_values(text, meta)


def test_position_without_a_name_is_not_a_signature():
    text = "BÁO CÁO\nVề tình hình\n\nI. KẾT QUẢ\nNội dung.\nCHỦ TỊCH\n"
    meta = _metadata(text)
    assert meta.signer is None and meta.signer_position is None


def test_unit_from_on_behalf_line_and_slash_date():
    text = (
        "Hà Nội, ngày 10/4/2019\n\nTHÔNG BÁO\nKết quả hội nghị\n\nI. NỘI DUNG\nHội nghị đã diễn ra.\n"
        "Nơi nhận:\n- Lưu VP.\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\n\nTrần Văn An\n"
    )
    meta = _metadata(text)
    assert meta.date.value == "2019-04-10" and meta.place.value == "Hà Nội"
    assert meta.unit.value == "Ban Thường vụ"
    assert meta.doc_type.value == "thông báo"
    assert (meta.signer.value, meta.signer_position.value) == ("Trần Văn An", "Bí thư")
    _assert_spans_hold_values(text, meta)


def test_reference_normalisation_and_short_forms():
    text = (
        "Thực hiện Kết luận số 62 của Bộ Chính trị và Quyết định 217 của Bộ Chính trị.\n"
        "Kết luận 62 - KL/TW ngày 08/12/2009; Kế hoạch số 02/KH- MTTW-ĐĐ ngày 19/4/2010; Kết luận số 62 KL-TW.\n"
        "Thông báo Kết luận số 160-TB/TW, ngày 15/01/2020. Năm 2011-2015, 10/4/2019, HIV/AIDS, 1,5 triệu đồng/ 1 hộ.\n"
    )
    meta = _metadata(text)
    refs = [(r.code, r.kind, r.date) for r in meta.references]
    assert refs == [
        ("62-KL/TW", "kết luận", "2009-12-08"),  # "Kết luận số 62" stands for the code; its dated mention gives the date
        ("02/KH-MTTW-ĐĐ", "kế hoạch", "2010-04-19"),
        ("160-TB/TW", "thông báo", "2020-01-15"),
    ]
    # cited where the date it gives is written
    assert text[meta.references[0].start:meta.references[0].end] == "62 - KL/TW"
    _assert_spans_hold_values(text, meta)


def test_campaign_quote_styles_and_deduplication():
    text = (
        "Cuộc vận động ''Toàn dân đoàn kết xây dựng đời sống văn hoá ở khu dân cư'' và "
        "cuộc vận động “Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư”; "
        "phong trào thi đua ‘Dân vận khéo’, Quỹ \"Vì người nghèo\" và chương trình truyền hình "
        "trực tiếp ''Xuân ấm tình người''. Các phong trào “Người Việt Nam ưu tiên dùng hàng Việt Nam”, "
        "“Ngày vì người nghèo” được duy trì. Tiêu chuẩn \"xây dựng MTTQ vững mạnh\" là tiêu chí cứng."
    )
    meta = _metadata(text)
    assert _values(meta.campaigns) == [
        "Toàn dân đoàn kết xây dựng đời sống văn hoá ở khu dân cư",
        "Dân vận khéo",
        "Vì người nghèo",
        "Xuân ấm tình người",
        "Người Việt Nam ưu tiên dùng hàng Việt Nam",
        "Ngày vì người nghèo",
    ]
    for found in meta.campaigns:
        assert text[found.start:found.end] == found.value


def test_places_after_level_words():
    text = (
        "Đảng bộ phường Hải Dương trực thuộc Thành ủy Hải Phòng; xã Vĩnh Hảo, tỉnh Lâm Đồng; "
        "Thành phố Hải Dương; các tổ chức chính trị - xã hội; UBND TỈNH BÌNH THUẬN."
    )
    meta = _metadata(text)
    assert _values(meta.places) == ["Hải Dương", "Vĩnh Hảo", "Lâm Đồng", "Bình Thuận"]


def test_empty_text():
    meta = _metadata("")
    assert meta == Metadata()


# --- real-archive look-alikes (Lâm Đồng dossiers, 2025-2026; the texts are hand-written) ---------


def test_phieu_trinh_sign_off_boxes_are_not_a_signature():
    text = (
        "UBND TỈNH LÂM ĐỒNG\nVĂN PHÒNG\nSố:         /PT-NC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nPHIẾU TRÌNH\nKính gửi:\n- Lãnh đạo UBND tỉnh.\n"
        "I. NỘI DUNG TRÌNH\n1. Văn bản: Tờ trình số 12/TTr-SXD ngày 02/3/2026 của Sở Xây dựng.\n"
        "5. Độ mật: Không\nPHÒNG XỬ LÝ CHÍNH: KINH TẾ\nLÃNH ĐẠO VĂN PHÒNG\n....\nNgày     tháng 3 năm 2026\n"
        "Lê Văn Bốn\nChuyên viên\nNgày 03 tháng 3 năm 2026\nTrần Thị Năm\n"
        "KÍNH TRÌNH CHỦ TỊCH UBND TỈNH\n....\nNgày     tháng 3 năm 2026\nPhạm Văn Sáu\n"
    )
    meta = _metadata(text)
    assert meta.doc_type.value == "phiếu trình"
    assert meta.unit.value == "Văn phòng UBND tỉnh Lâm Đồng"
    assert meta.signer is None and meta.signer_position is None


def test_kinh_trinh_line_is_not_a_position():
    text = (
        "Ý KIẾN GIẢI TRÌNH\nVề hồ sơ của Hội Làm vườn\n\n1. Nội dung\nChuyên viên đã rà soát hồ sơ.\n"
        "KÍNH TRÌNH CHỦ TỊCH UBND TỈNH\n\nNgô Văn Bảy\n"
    )
    meta = _metadata(text)
    assert meta.signer is None and meta.signer_position is None


def test_draft_position_without_name_after_recipients_is_kept():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố:      /BC-UBND\tLâm Đồng, ngày     tháng 12 năm 2025\n\n"
        "BÁO CÁO\nKết quả công tác năm 2025\n\nI. KẾT QUẢ\nĐã hoàn thành.\n"
        "Nơi nhận:\n- Bộ Công an;\n- Lưu: VT.\nCHỦ TỊCH\n"
    )
    meta = _metadata(text)
    assert meta.signer is None
    assert meta.signer_position.value == "Chủ tịch"
    _assert_spans_hold_values(text, meta)


def test_first_position_under_on_behalf_line_is_the_signers():
    text = (
        "UBND TỈNH LÂM ĐỒNG\nBAN CHỈ ĐẠO\nSố:   /BC-BCĐ\n\nBÁO CÁO\nKết quả tháng 10\n\nI. KẾT QUẢ\nNội dung.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. BAN CHỈ ĐẠO\nPHÓ TRƯỞNG BAN\nPHÓ CHỦ TỊCH UBND TỈNH\n\nHoàng Văn Tám\n"
    )
    meta = _metadata(text)
    assert (meta.signer.value, meta.signer_position.value) == ("Hoàng Văn Tám", "Phó Trưởng ban")


def test_name_in_an_appendix_table_is_not_the_signer():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố:   /KH-UBND\n\nKẾ HOẠCH\nKiểm tra năm 2026\n\nI. MỤC ĐÍCH\nNội dung.\n"
        "Nơi nhận:\tCHỦ TỊCH\n\nPhụ lục I\nĐƠN VỊ ĐƯỢC KIỂM TRA\nSTT\tĐơn vị\tThời gian\n"
        "I\tCấp tỉnh\n1\tSở Xây dựng\tTháng 7/2026\n2\tSở Y tế\tTháng 8/2026\nII\tCấp xã\n"
        "1\tPhường Tân An Hòa\tTháng 3/2026\n2\tXã Phú Lộc\tTháng 4/2026\n"
    )
    meta = _metadata(text)
    assert meta.signer is None
    assert meta.signer_position.value == "Chủ tịch"


def test_rank_before_the_signers_name():
    text = (
        "BỘ CÔNG AN\nCÔNG AN TỈNH LÂM ĐỒNG\nSố:   /TTr-CAT\n\nTỜ TRÌNH\nVề việc xét duyệt\n\nI. NỘI DUNG\nNội dung.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nGIÁM ĐỐC\n\nĐại tá Lương Văn Chín\n"
    )
    meta = _metadata(text)
    assert meta.unit.value == "Công an tỉnh Lâm Đồng"
    assert (meta.signer.value, meta.signer_position.value) == ("Lương Văn Chín", "Giám đốc")


def test_slash_written_on_behalf_prefix_and_vice_minister_case():
    text = (
        "BỘ NỘI VỤ\nSố:   /BNV-TCPCP\nV/v báo cáo tình hình hội\n\nKính gửi: Ủy ban nhân dân các tỉnh\n"
        "Bộ Nội vụ đề nghị các tỉnh báo cáo./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
        "K/T BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nĐặng Văn Mười\n"
    )
    meta = _metadata(text)
    assert (meta.signer.value, meta.signer_position.value) == ("Đặng Văn Mười", "Thứ trưởng")
    text = text.replace("K/T BỘ TRƯỞNG\nTHỨ TRƯỞNG", "TL. CHỦ TỊCH\nK/T CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG")
    assert _metadata(text).signer_position.value == "Phó Chánh Văn phòng"


def test_received_clause_before_bao_cao_is_not_the_unit():
    text = (
        "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố:   /TTr-SNV\tLâm Đồng, ngày     tháng 11 năm 2025\n\nTỜ TRÌNH\n"
        "Về việc phê duyệt Điều lệ Hội Cầu lông\n\nKính gửi: Chủ tịch UBND tỉnh.\n"
        "Sở Nội vụ nhận được Công văn số 07/BC-HCL ngày 01/11/2025 của Hội Cầu lông tỉnh về việc "
        "báo cáo kết quả đại hội, Sở Nội vụ báo cáo như sau:\n1. Kết quả\nĐại hội đã diễn ra.\n"
    )
    meta = _metadata(text)
    assert meta.unit.value == "Sở Nội vụ tỉnh Lâm Đồng"
    _assert_spans_hold_values(text, meta)


PHIEU_TRINH = (
    "VĂN PHÒNG UBND TỈNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "BÌNH THUẬN                                             Độc lập - Tự do - Hạnh phúc\n"
    "PHÒNG NCKSTTHC\nBình Thuận, ngày 05 tháng 12 năm 2024\n\nPHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC\n\n"
    "Kính gửi:\n- Lãnh đạo UBND tỉnh;\n- Lãnh đạo Văn phòng UBND tỉnh.\n\n"
    "1. Vấn đề trình: Thời gian tổ chức đại hội Hội Nữ Doanh nhân tỉnh Bình Thuận.\n"
    "2. Hồ sơ kèm theo:\n- Tờ trình số 519/SNV-TCCC ngày 24/02/2025 của Giám đốc Sở Nội vụ.\n"
    "3. Ý kiến các sở, ngành trình:\nSau khi nghiên cứu nội dung kiến nghị của Hội Nữ Doanh nhân tỉnh "
    "Bình Thuận; Sở Nội vụ báo cáo và trình Chủ tịch UBND tỉnh như sau:\n1. Hội đề nghị gia hạn.\n"
)


def test_a_cover_note_quoting_another_organ_s_report_is_the_office_s():
    """A phiếu trình of the provincial office quotes "Sở Nội vụ báo cáo … như sau:": the office
    issues it (its letterhead), and the division that drafted it ("PHÒNG NCKSTTHC") is not the unit."""
    meta = _metadata(PHIEU_TRINH)
    assert meta.unit.value == "Văn phòng UBND tỉnh Bình Thuận"
    _assert_spans_hold_values(PHIEU_TRINH, meta)
    without_body = PHIEU_TRINH.replace("Sở Nội vụ báo cáo và trình Chủ tịch UBND tỉnh như sau:", "đề xuất:")
    assert _metadata(without_body).unit.value == "Văn phòng UBND tỉnh Bình Thuận"


def test_a_district_department_under_its_committee_is_the_unit():
    text = ("UBND HUYỆN ĐỨC TRỌNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHÒNG NỘI VỤ\tĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 12/BC-PNV\tĐức Trọng, ngày 3 tháng 3 năm 2025\n\nBÁO CÁO\nKết quả cải cách hành chính quý I\n\n"
            "Phòng Nội vụ huyện Đức Trọng báo cáo kết quả như sau:\n1. Kết quả\nĐã hoàn thành.\n")
    assert _metadata(text).unit.value == "Phòng Nội vụ huyện Đức Trọng"  # the body's fuller name of the same organ


@pytest.mark.parametrize("body, expected", [
    # an organ of the issuer speaks: the letterhead's organisation is the unit
    ("Ban Chấp hành khóa IV báo cáo đánh giá việc thực hiện nhiệm vụ như sau:", "Hiệp hội doanh nghiệp tỉnh Bình Thuận"),
    # the same organ, named more fully in the body: the body's words
    ("Ban Thường vụ Hiệp hội Doanh nghiệp tỉnh Bình Thuận báo cáo như sau:", "Ban Thường vụ Hiệp hội Doanh nghiệp tỉnh Bình Thuận"),
    # the same organ, named more fully in the letterhead: the letterhead's words
    ("Hội Doanh nghiệp báo cáo như sau:", "Hiệp hội doanh nghiệp tỉnh Bình Thuận"),
])
def test_body_formula_and_letterhead_agree_or_the_letterhead_wins(body, expected):
    text = ("UBND TỈNH BÌNH THUẬN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHIỆP HỘI DOANH NGHIỆP TỈNH BÌNH THUẬN\t"
            "Độc lập – Tự do – Hạnh phúc\nSố: 05/BC-HHDN\tBình Thuận, ngày 2 tháng 6 năm 2025\n\n"
            f"BÁO CÁO KIỂM ĐIỂM\nNhiệm kỳ IV (2019-2025)\n\nĐại hội đã bầu Ban Chấp hành. {body}\nI. Kết quả\nĐã làm.\n")
    assert _metadata(text).unit.value == expected


@pytest.mark.parametrize("first_lines", [
    "GIẢI TRÌNH BỔ SUNG THEO CHỈ ĐẠO\nCỦA PHÓ CHỦ TỊCH UBND TỈNH\n",
    "ĐIỂM TỔNG HỢP - SỞ XÂY DỰNG\nSTT\tNHÓM CHỈ TIÊU\tĐIỂM\n1\tTổng hợp\t88,2\n",
    "BÀI PHÁT BIỂU KẾT LUẬN\nHỘI NGHỊ TỔNG KẾT NĂM 2025\n",
])
def test_a_capital_title_or_table_header_is_not_a_letterhead(first_lines):
    meta = _metadata(first_lines + "Nội dung của văn bản.\n")
    assert meta.unit is None


@pytest.mark.parametrize(("letterhead", "unit"), [
    # a PDF line that runs the letterhead into the motto
    ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LÂM ĐỒNG Độc lập - Tự do - Hạnh phúc\n",
     "Ủy ban nhân dân tỉnh Lâm Đồng"),
    # justified spacing inside one cell
    ("ỦY BAN NHÂN DÂN TỈNH     LÂM ĐỒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", "Ủy ban nhân dân tỉnh Lâm Đồng"),
    # names wrapped over two lines
    ("BAN CHỈ ĐẠO\nVỀ PHÁT TRIỂN KHOA HỌC\nTỔ GIÚP VIỆC VỀ\nCẢI CÁCH HÀNH CHÍNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
     "Tổ giúp việc về cải cách hành chính"),
    ("VĂN PHÒNG UBND TỈNH\nTRUNG TÂM PHỤC VỤ\nHÀNH CHÍNH CÔNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
     "Trung tâm phục vụ hành chính công"),
    ("VĂN PHÒNG UBND TỈNH        CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBÌNH THUẬN          Độc lập - Tự do - Hạnh phúc\n"
     "PHÒNG ………..\n", "Văn phòng UBND tỉnh Bình Thuận"),
    # the office of a body: the body keeps its capital
    ("BAN CHẤP HÀNH TRUNG ƯƠNG\nVĂN PHÒNG\tĐẢNG CỘNG SẢN VIỆT NAM\n", "Văn phòng Ban Chấp hành Trung ương"),
    # a department's name in capitals, in the case used in sentences
    # … with its committee's place: an archive of merged provinces holds a department of each
    ("UBND TỈNH LÂM ĐỒNG\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
     "Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng"),
    ("UBND TỈNH BÌNH THUẬN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI VỤ\tĐộc lập - Tự do - Hạnh phúc\n",
     "Sở Nội vụ tỉnh Bình Thuận"),
    ("ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC TRỌNG\nPHÒNG NỘI VỤ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", "Phòng Nội vụ huyện Đức Trọng"),
    ("UBND TỈNH LÂM ĐỒNG\nBAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC,\nCÔNG NGHỆ VÀ ĐỀ ÁN 06\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
     "Ban Chỉ đạo phát triển khoa học, công nghệ và Đề án 06 tỉnh Lâm Đồng"),
    # a name that holds its place already; an association under the committee's line is the
    # province's association (its own full name: "HIỆP HỘI DOANH NGHIỆP TỈNH BÌNH THUẬN")
    ("UBND TỈNH BÌNH THUẬN\nBAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH BÌNH THUẬN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
     "Ban quản lý các khu công nghiệp tỉnh Bình Thuận"),
    ("UBND TỈNH BÌNH THUẬN\nHIỆP HỘI DOANH NGHIỆP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", "Hiệp hội doanh nghiệp tỉnh Bình Thuận"),
    # the same, as a PDF draws it: the motto beside each letterhead line
    ("UBND TỈNH BÌNH THUẬN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "HIỆP HỘI DOANH NGHIỆP                      Độc  lập – Tự  do – Hạnh  phúc\n", "Hiệp hội doanh nghiệp tỉnh Bình Thuận"),
    # a member's ballot ("Phiếu ghi ý kiến" of the committee's members): the committee is the unit
    ("THÀNH VIÊN UBND TỈNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nLâm Đồng, ngày   tháng 12 năm 2025\n", "UBND tỉnh Lâm Đồng"),
])
def test_letterhead_layouts(letterhead, unit):
    text = letterhead + "Số:      /QĐ-UBND\n\nQUYẾT ĐỊNH\nVề việc phê duyệt\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nĐiều 1. Phê duyệt.\n"
    meta = _metadata(text)
    assert meta.unit.value == unit
    _assert_spans_hold_values(text, meta)


def test_number_without_a_type_code_marks_a_cong_van():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố:           /UBND-NC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Lâm Đồng, ngày        tháng 10 năm 2025\nKính gửi:\n- Công an tỉnh;\n- Sở Y tế.\n"
        "Ủy ban nhân dân tỉnh giao Công an tỉnh chủ trì thực hiện./.\n"
    )
    meta = _metadata(text)
    assert meta.doc_type.value == "công văn"
    _assert_spans_hold_values(text, meta)


def test_long_recipient_list_beside_the_signature_block():
    recipients = "".join(f"- Sở ngành số {i};\n" for i in range(1, 9))
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố:   /BC-UBND\n\nBÁO CÁO\nTổng kết năm\n\nI. KẾT QUẢ\nNội dung.\n"
        f"Nơi nhận:\t\t\t\tKT. CHỦ TỊCH\n{recipients}- Lưu: VT.\n\nTrịnh Văn Mười Một\n"
    )
    meta = _metadata(text)
    assert meta.signer.value == "Trịnh Văn Mười Một"


def test_on_behalf_prefix_without_a_space():
    text = (
        "UBND TỈNH LÂM ĐỒNG\nSỞ TƯ PHÁP\nSố:   /TTr-STP\n\nTỜ TRÌNH\nVề việc hợp nhất\n\nI. NỘI DUNG\nNội dung.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT.GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nVõ Thị Mười Hai\n"
    )
    meta = _metadata(text)
    assert (meta.signer.value, meta.signer_position.value) == ("Võ Thị Mười Hai", "Phó Giám đốc")


def test_spaced_number_code_and_place_after_the_number_on_one_line():
    text = (
        "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số:     /TTr - SNV Lâm Đồng, ngày    tháng 11 năm 2025\nTỜ TRÌNH\nVề việc phê duyệt Điều lệ\n"
    )
    meta = _metadata(text)
    assert meta.number.value == "/TTr-SNV"
    assert (meta.place.value, meta.date.value) == ("Lâm Đồng", "2025-11")
    _assert_spans_hold_values(text, meta)


def test_campaign_names_differing_only_in_punctuation_are_one_campaign():
    from indexer.extraction.metadata import extract_metadata
    from indexer.extraction.structure import parse_sections

    text = (
        "Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” được triển khai.\n"
        "Kết quả cuộc vận động ''Toàn dân đoàn kết xây dựng nông thôn mới đô thị văn minh'' rất tốt.\n"
    )
    campaigns = [c.value for c in extract_metadata(text, parse_sections(text)).campaigns]
    assert campaigns == ["Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh"]


def test_prose_with_a_summary_word_on_its_last_front_line_has_no_title():
    # xquad-vi "University_of_Chicago#4": one long paragraph, once crashed the title reader
    text = ("Về kinh tế, người đoạt Giải Nobel Kinh tế danh tiếng Milton Friedman, cố vấn chính của Tổng thống "
            "Cộng hòa Hoa Kỳ Ronald Reagan và Thủ tướng Anh bảo thủ Margaret Thatcher, George Stigler, người đoạt "
            "giải Nobel và người đề xuất lý thuyết lạm quyền điều tiết, Gary Becker.")
    from indexer.extraction.pipeline import extract_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chicago.txt"
        path.write_text(text, encoding="utf-8")
        assert extract_file(path).metadata.title is None


# --- papers and appendices without a letterhead -----------------------------------------------

def test_conference_paper_unit_on_its_own_line_under_the_title():
    text = ("THAM LUẬN\nGiải pháp phát huy hiệu quả các nguồn lực nhằm xây dựng xã, phường,\n"
            "đặc khu không ma tuý\nUBND Thành phố Hải Phòng\n\n"
            "Kính thưa đồng chí Phạm Minh Chính - Uỷ viên Bộ Chính trị, Thủ tướng Chính phủ.\n"
            "Thành phố đã huy động các nguồn lực để xây dựng xã, phường không ma tuý.\n")
    metadata = _metadata(text)
    assert metadata.unit.value == "UBND Thành phố Hải Phòng"
    _assert_spans_hold_values(text, metadata)


def test_a_long_title_line_above_the_byline_does_not_hide_it_nor_swallow_it():
    # a title of over 200 characters on one line, the unit under it with no blank line between
    title = ("Những vấn đề đặt ra trong công tác tổ chức, triển khai thực hiện Tiểu dự án 2 thuộc Dự án 5 "
             "\"Nâng cao hiệu quả công tác tuyên truyền phòng, chống ma túy cho người lao động trong các "
             "doanh nghiệp ngoài nhà nước\" và giải pháp")
    assert len(title) > 200
    text = (f"THAM LUẬN\n{title}\nHội Nông dân Việt Nam\n\nKính thưa các đồng chí lãnh đạo!\n"
            "Theo phân công, Hội Nông dân Việt Nam xin báo cáo một số nội dung như sau.\n")
    metadata = _metadata(text)
    assert metadata.unit.value == "Hội Nông dân Việt Nam"
    assert metadata.title.value == title
    _assert_spans_hold_values(text, metadata)


def test_an_authors_byline_names_the_authors_own_unit_before_its_parent():
    text = ("khoá họp lần thứ 4 – diễn đàn kinh tế - tài chính việt pháp\n\n"
            "Bài toán công bằng và hiệu quả trong vấn đề\ntài chính ở các bệnh viện tư Việt Nam hiện nay\n\n"
            "Tiến sĩ Trịnh Hoà Bình - Viện Xã hội học,\nTrung tâm Khoa học Xã hội và Nhân văn Quốc gia\nCùng các cộng sự\n\n"
            "Thành phố Hồ Chí Minh, ngày 10-11/09/2003\n\nCông trình được thực hiện trong hai năm.\n")
    metadata = _metadata(text)
    assert metadata.unit.value == "Viện Xã hội học"
    _assert_spans_hold_values(text, metadata)


def test_a_letterhead_in_ordinary_case_ruled_off_below():
    text = ("Ban chỉ đạo Chương trình Quốc gia\nvề Công nghệ thông tin\n--------------------\n\n"
            "các dự án\nứng dụng và phát triển cntt\ngiai đoạn 1998-1999-2000\n\n"
            "Đơn vị chủ dự án: Ban Chỉ đạo CNTT Tỉnh\n")
    metadata = _metadata(text)
    assert metadata.unit.value == "Ban chỉ đạo Chương trình Quốc gia về Công nghệ thông tin"
    _assert_spans_hold_values(text, metadata)
    # a title ruled off is no letterhead, nor is a motto
    assert _metadata("Báo cáo tình hình kinh tế\n----------\nNăm 2005 kinh tế tăng trưởng.\n").unit is None
    beside_motto = _metadata("Bộ tài chính\ncộng hòa xã hội chủ nghĩa việt nam\n=========\nSố: 155/1998/TT/BTC\n").unit
    assert beside_motto is None or "cộng hòa" not in beside_motto.value.lower()


def test_a_law_without_letterhead_is_issued_by_the_body_its_enacting_formula_names():
    text = ("cơ sở dữ liệu luật việt nam LAWDATA\nluật\nTHUẾ tài nguyên\n\n"
            "Điều 1.\nTổ chức, cá nhân khai thác tài nguyên thiên nhiên phải nộp thuế tài nguyên.\n\n"
            "Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa IX, kỳ họp thứ 5 "
            "thông qua ngày 30 tháng 3 năm 1998.\n")
    metadata = _metadata(text)
    assert metadata.unit.value == "Quốc hội"
    _assert_spans_hold_values(text, metadata)
    # a law cited in another text's body is no enacting formula of that text
    citing = "Luật này được hướng dẫn thi hành theo Quyết định của Thủ tướng Chính phủ.\n"
    assert _metadata(citing).unit is None


def test_speaker_position_above_the_unit_is_not_the_unit():
    text = ("Bài bình luận về bài tham luận\n\"Quá trình chuyển đổi doanh nghiệp\"\n"
            "Ông Trần Du Lịch\nViện trưởng\nViện Kinh tế thành phố Hồ Chí Minh\nHà Nội, ngày 20 tháng 5 năm 2004\n\n"
            "Tôi xin có mấy ý kiến về bài tham luận.\n")
    assert _metadata(text).unit.value == "Viện Kinh tế thành phố Hồ Chí Minh"


def test_a_programme_timetable_names_speakers_units_not_its_own():
    text = ("CHƯƠNG TRÌNH\nHội nghị triển khai Chương trình mục tiêu quốc gia phòng, chống ma tuý\n\n"
            "Thời gian: ½ ngày, bắt đầu lúc 08h00, ngày 09/10/2025\n08h20 - 08h35\n"
            "Phóng sự về công tác phòng, chống ma tuý\nBộ Công an\n")
    assert _metadata(text).unit is None


def test_appendix_takes_the_unit_of_the_document_it_goes_with():
    text = ("Phụ lục II\nKẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025\nCỦA UBND CÁC XÃ, PHƯỜNG, ĐẶC KHU\n"
            "(Kèm theo Quyết định số      /QĐ-UBND ngày    tháng    năm 2026\ncủa Chủ tịch UBND tỉnh Lâm Đồng)\n"
            "Thứ hạng\tĐơn vị\tĐiểm\n1\tUBND xã Tuyên Quang\t88,09\n")
    metadata = _metadata(text)
    assert metadata.unit.value == "UBND tỉnh Lâm Đồng"
    _assert_spans_hold_values(text, metadata)


def test_speech_on_behalf_of_its_unit():
    text = ("BÀI PHÁT BIỂU\ntại Hội nghị tổng kết công tác năm 2025\n\nKính thưa các đồng chí!\n"
            "Thay mặt Sở Y tế tỉnh Lâm Đồng, tôi xin trân trọng cảm ơn các đồng chí đã về dự Hội nghị.\n")
    assert _metadata(text).unit.value == "Sở Y tế tỉnh Lâm Đồng"


def test_letterhead_lost_from_the_text_layer_unit_from_the_number_and_the_body():
    text = ("Số: 3917/BTP-BTTP\nV/v hợp nhất tổ chức xã hội - nghề nghiệp của công chứng viên\n"
            "Hà Nội, ngày 15 tháng 7 năm 2025\n\nKính gửi: Ủy ban nhân dân các tỉnh, thành phố\n\n"
            "Ngày 09/4/2025, Bộ Tư pháp đã có Công văn số 1866/BTP-PLHSHC gửi Ủy ban nhân dân tỉnh.\n")
    metadata = _metadata(text)
    assert metadata.unit.value == "Bộ Tư pháp"
    _assert_spans_hold_values(text, metadata)


def test_number_initials_that_no_organ_in_the_text_matches_give_no_unit():
    text = ("Số: 1050/TTr-SNV\nV/v thông báo kết quả đại hội\n\nKính gửi: Ủy ban nhân dân tỉnh\n\n"
            "Hiệp hội Vận tải ô tô tỉnh đã tổ chức đại hội nhiệm kỳ mới.\n")
    assert _metadata(text).unit is None


@pytest.mark.parametrize("head, unit", [
    # a letterhead that stops at its level word takes the date line's place, named so in the text
    ("VĂN PHÒNG UBND TỈNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHÒNG NCKSTTHC\tĐộc lập - Tự do - Hạnh phúc\n"
     "Bình Thuận, ngày 20 tháng 5 năm 2025\nPHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC\n"
     "1. Vấn đề trình: Phê chuẩn kết quả Đại hội Đoàn Luật sư tỉnh Bình Thuận.\n", "Văn phòng UBND tỉnh Bình Thuận"),
    # … but not a city of the date line ("Phan Thiết" is no province)
    ("VĂN PHÒNG UBND TỈNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHÒNG NCKSTTHC\tĐộc lập - Tự do - Hạnh phúc\n"
     "Phan Thiết, ngày 20 tháng 5 năm 2025\nPHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC\n1. Vấn đề trình: Đại hội.\n",
     "Văn phòng UBND tỉnh"),
    # a form's placeholder and a code standing where the letterhead would be are no unit
    ("UBND...........................(1)\tMẫu số 3-TT…./2004\nDANH SÁCH THÂN NHÂN NGƯỜI CÓ CÔNG\n", None),
    ("B1-1-ĐONTC\ncộng hoà xã hội chủ nghĩa việt nam\nĐộc lập - Tự do - Hạnh phúc\nĐơn đăng ký\n", None),
])
def test_unit_places_and_non_names(head, unit):
    meta = _metadata(head + "Nội dung của văn bản.\n")
    assert (meta.unit.value if meta.unit else None) == unit
    _assert_spans_hold_values(head + "Nội dung của văn bản.\n", meta)


@pytest.mark.parametrize("head, expected", [
    ("Chính phủ\n\nNghị định của Chính phủ số 114/2003/NĐ-CP\nngày 10/10/2003 về cán bộ, công chức xã, phường, thị trấn.\n\n",
     ("nghị định", "114/2003/NĐ-CP", "2003-10-10", "về cán bộ, công chức xã, phường, thị trấn")),
    ("Nghị định\ncủa Chính phủ số 29/1998/NĐ-CP ngày 11 tháng 5 năm 1998\nvề việc ban hành Quy chế thực hiện dân chủ ở xã\n\n",
     ("nghị định", "29/1998/NĐ-CP", "1998-05-11", "về việc ban hành Quy chế thực hiện dân chủ ở xã")),
    ("Thông tư\ncủa Bộ Tài chính Số 13/2001/TT-BTC ngày 8 tháng 3 năm 2001 Hướng dẫn thực hiện quy định về thuế\n"
     "đối với các hình thức đầu tư nước ngoài\n- Căn cứ Luật đầu tư nước ngoài tại Việt Nam;\n\n",
     ("thông tư", "13/2001/TT-BTC", "2001-03-08", "Hướng dẫn thực hiện quy định về thuế đối với các hình thức đầu tư nước ngoài")),
    # the 1990s forms of the viparse LAWDATA texts: codes joined by slashes, no year, an issuer that wraps
    ("Thông tư\ncủa Bộ Tài chính số 172/1998/TT/BTC ngày 22 tháng 12 năm 1998 Hướng dẫn thi hành Nghị định số 54/CP\n"
     "ngày 28/08/1993 về thuế xuất khẩu, thuế nhập khẩu\n\n",
     ("thông tư", "172/1998/TT/BTC", "1998-12-22",
      "Hướng dẫn thi hành Nghị định số 54/CP ngày 28/08/1993 về thuế xuất khẩu, thuế nhập khẩu")),
    ("Quyết định\ncủa Bộ trưởng Bộ Tài chính số 1141-TC/QĐ/CĐKT\nngày 01 tháng 11 năm 1995 Về việc ban hành\n"
     "chế độ kế toán doanh nghiệp\n\n",
     ("quyết định", "1141-TC/QĐ/CĐKT", "1995-11-01", "Về việc ban hành chế độ kế toán doanh nghiệp")),
    ("Thông tư\nliên tịch của Bộ Tài chính - Công nghiệp -\nTổng cục Hải quan    số 176/1998/TTLT-BTC-BCN-TCHQ\n"
     "ngày 25 tháng 12 năm1998 Hướng dẫn thực hiện chính sách thuế theo tỷ lệ nội địa hoá\n\n",
     ("thông tư", "176/1998/TTLT-BTC-BCN-TCHQ", "1998-12-25",
      "Hướng dẫn thực hiện chính sách thuế theo tỷ lệ nội địa hoá")),
])
def test_a_gazette_heading_gives_type_number_date_and_subject(head, expected):
    text = head + "Chính phủ\n\nCăn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;\n\nNghị định:\n\nĐiều 1. Phạm vi.\n"
    meta = _metadata(text)
    assert (meta.doc_type.value, meta.number.value, meta.date.value, meta.title.value) == expected
    assert not [r for r in meta.references if r.code == expected[1]]  # its own number is no reference
    _assert_spans_hold_values(text, meta)


def test_an_old_date_line_with_the_place_in_lower_case():
    text = ("Bộ    Tài    chính\t      cộng hòa xã hội chủ nghĩa việt nam\nSố: 08 /2001/TT-BTC\n"
            "Hà nội, ngày    18    tháng 1    năm 2001\n\nthông tư\n\nHướng dẫn bổ sung quy định về thuế thu nhập doanh nghiệp\n")
    meta = _metadata(text)
    assert (meta.place.value, meta.date.value) == ("Hà nội", "2001-01-18")
    _assert_spans_hold_values(text, meta)
    # a sentence of the body ending in "…, ngày" is no date line
    assert _metadata("Đoàn kiểm tra làm việc tại xã, ngày 5 tháng 6 năm 2024 tiếp tục kiểm tra.\n").date is None


def test_a_heading_that_cites_another_decree_is_not_the_documents_own():
    text = ("UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 12/BC-SNV\tLâm Đồng, ngày 02 tháng 3 năm 2026\n\nBÁO CÁO\n"
            "Kết quả thực hiện Nghị định của Chính phủ số 117/2003/NĐ-CP ngày 10/10/2003\n\nI. KẾT QUẢ\nĐã thực hiện.\n")
    meta = _metadata(text)
    assert (meta.doc_type.value, meta.number.value, meta.date.value) == ("báo cáo", "12/BC-SNV", "2026-03-02")


def test_a_type_title_names_the_issuer_when_the_letterhead_is_lost():
    text = ("ủy Ban Nhân Dân \t Cộng hòa xã hội chủ nghĩa việt nam\nthành phố cần thơ \t Độc lập - Tự do - Hạnh phúc\nXV80\n\n"
            "SỐ:  256 /2004/QĐ-UB \t TP.Cần Thơ, ngày  01 tháng  7 năm 2004\n\n"
            "QUYẾT ĐỊNH của ủY BAN NHÂN DÂN THÀNH PHỐ cần thơ\nV/v ban hành Chương trình Cải cách hành chính\n\n"
            "Điều 1. Ban hành Chương trình.\n5.3. Mở các lớp bồi dưỡng theo chương trình quy định của Bộ Nội vụ.\n")
    meta = _metadata(text)
    assert meta.unit.value == "Ủy ban nhân dân thành phố Cần Thơ"
    _assert_spans_hold_values(text, meta)


def test_a_line_saying_what_a_report_is_about_names_no_issuer():
    text = "Phụ lục\n\nBÁO CÁO của UBND tỉnh về việc thực hiện Nghị quyết\n\nNội dung tổng hợp.\n"
    assert _metadata(text).unit is None


def test_a_ministers_decision_is_the_ministrys():
    text = "quyết định của bộ trưởng bộ tài chính số 1141-TC/QĐ/CĐKT\n\nVề việc ban hành chế độ kế toán\n\nĐiều 1. Ban hành.\n"
    meta = _metadata(text)
    assert meta.unit.value == "Bộ Tài chính"
    _assert_spans_hold_values(text, meta)


def test_a_signature_block_in_a_legacy_uppercase_font_beside_the_recipients():
    # TCVN3's uppercase fonts decode to lower case; the block shares its lines with "Nơi nhận:" by tabs
    text = ("Bộ tài chính\t        cộng hòa xã hội chủ nghĩa việt nam\nSố:155/1998/TT/BTC\n"
            "Hà nội, ngày 8 tháng 12 năm 1998\n\nThông tư\nhướng dẫn bổ sung về kế toán, kiểm toán\n\n"
            "Thông tư này có hiệu lực thi hành sau 15 ngày kể từ ngày ký.\n\n"
            "Nơi nhận:\tkT/bộ trưởng bộ tài chính\n- Ban Kinh tế TW;\tThứ trưởng\n- Văn phòng Quốc hội;\n"
            "- Văn phòng Chính phủ;\n- Phòng Thương mại và Công nghiệp Việt nam;\t    Trần Văn Tá\n- Lưu Văn phòng.\n")
    metadata = _metadata(text)
    assert (metadata.signer.value, metadata.signer_position.value) == ("Trần Văn Tá", "Thứ trưởng")
    _assert_spans_hold_values(text, metadata)


def test_a_gazette_heading_dates_the_document_after_its_number():
    text = ("văn phòng quốc hội\tcơ sở dữ liệu luật việt nam LAWDATA\nNghị định\n"
            "của Chính phủ Số    94 /1998/NĐ-CP ngày 17 tháng 11 năm 1998\n"
            "Quy định chi tiết thi hành Luật sửa đổi, bổ sung một số điều của Luật Thuế xuất khẩu\n\nChính phủ\n\n"
            "Căn cứ Luật Tổ chức Chính phủ ngày 30 tháng 9 năm 1992;\n")
    metadata = _metadata(text)
    assert metadata.date.value == "1998-11-17" and metadata.place is None
    _assert_spans_hold_values(text, metadata)
    joint = ("văn phòng quốc hội\tcơ sở dữ liệu luật việt nam LAWDATA\nThông tư\n"
             "Liên tịch Bộ Tài chính - Công nghiệp - Tổng cục Hải quan\nSố 120/2000/TTLT-BTC-BCN-TCHQ ngày 25 tháng 12 năm 2000\n"
             "Về việc bổ sung, sửa đổi chính sách thuế theo tỷ lệ nội địa hoá\n\n")
    assert _metadata(joint).date.value == "2000-12-25"


@pytest.mark.parametrize("text, issuer", [
    # a gazette title names its issuer before its number, on the line under the type
    ("văn phòng quốc hội\tcơ sở dữ liệu luật việt nam LAWDATA\nThông tư\n"
     "của Bộ Tài chính số 172/1998/TT/BTC ngày 22 tháng 12 năm 1998 Hướng dẫn thi hành Nghị định số 54/CP "
     "ngày 28/08/1993 của Chính phủ\n\nCăn cứ Nghị định số 178/CP ngày 28/10/1994 của Chính phủ;\n", "Bộ Tài chính"),
    # a form is issued by whoever issued what it is attached to
    ("Mẫu số 10: Ban hành kèm theo Thông tư số 04/2004/TT-BLĐTBXH ngày 10/03/2004 của Bộ Lao động - Thương binh "
     "và Xã hội hướng dẫn thi hành một số điều của Nghị định số 105/2003/NĐ-CP\nTên đơn vị:\t\tCộng hoà xã hội "
     "chủ nghĩa Việt Nam\n\nBÁO CÁO TÌNH HÌNH SỬ DỤNG LAO ĐỘNG NƯỚC NGOÀI\n", "Bộ Lao động - Thương binh và Xã hội"),
    # ... or by the number of what it is attached to, whose issuer code is a central body's
    ("Sheet1\nĐơn vị báo cáo…\t\t\t\t\t\t\t\t\t\tBiểu A01\n\t\t\t\t\t\t\t\t (Thay thế biểu A01 tại Phụ lục 3a\n"
     "(Ban hành kèm theo Quyết định 1747/2005/QĐ-NHNN ngày 01/12/2005)\nBáo cáo tỷ giá mua, bán ngoại tệ và vàng\n"
     "Tháng...… năm... …\nNgày\tTỷ giá mua bình quân\n", "Ngân hàng Nhà nước Việt Nam"),
], ids=["gazette-title", "attached-form", "attached-by-number"])
def test_an_issuer_named_outside_a_letterhead(text, issuer):
    metadata = _metadata(text)
    assert metadata.unit.value == issuer
    _assert_spans_hold_values(text, metadata)


def test_a_header_typed_in_a_capitals_font_is_read_as_capitals():
    # TCVN3 ".VnTimeH" draws lower-case codes as capitals: decoded, the whole header is lower case
    text = ("ngân hàng nhà nước việt nam\n\nSố : 01/2006/TT-NHNN\n\ncộng hoà xã hội chủ nghĩa việt nam\n"
            "Độc lập - Tự do - Hạnh phúc\n\nHà Nội, ngày  20  tháng  02  năm 2006\n\nThông tư\n"
            "Hướng dẫn một số nội dung về góp vốn thành lập Quỹ bảo lãnh tín dụng\n\nNội dung hướng dẫn như sau.\n")
    assert _metadata(text).unit.value == "Ngân hàng Nhà nước Việt Nam"
    # a lower-case first line without that motto is no letterhead
    without_motto = _metadata(text.replace("cộng hoà xã hội chủ nghĩa việt nam\n", "")).unit
    assert without_motto is None or without_motto.value != "Ngân hàng Nhà nước Việt Nam"


def test_a_unit_stopping_at_its_level_word_takes_the_place_the_text_names_most():
    text = ("bang 1\nBảng tổng hợp danh mục đầu tư Năm 2006\nVốn ngân sách tập trung\n"
            "(Ban hành kèm theo Quyết định số 141/2006/QĐ-UBND ngày 22 tháng 9 năm 2006 của Ủy ban nhân dân thành phố)\n"
            "Stt\tTên công trình, dự án\tChủ đầu tư\tĐịa điểm\n"
            "1\tDự án Vệ sinh môi trường thành phố Hồ Chí Minh\tBan Quản lý Dự án\tThành phố\n"
            "2\tXây dựng khu tái định cư Vĩnh Lộc, huyện Bình Chánh\tBan Quản lý Dự án thành phố\tQuận 9\n"
            "3\tCải tạo kênh thành phố Hồ Chí Minh\tSở Giao thông\tthành phố\tQuận 8\n")
    assert _metadata(text).unit.value == "Ủy ban nhân dân thành phố Hồ Chí Minh"
    # named once only, the place is not taken
    assert _metadata(text.replace("Cải tạo kênh thành phố Hồ Chí Minh", "Cải tạo kênh")).unit.value == "Ủy ban nhân dân thành phố"


def test_a_drafting_division_in_brackets_is_part_of_the_cited_number():
    from indexer.extraction.metadata.references import references

    text = ("Tờ trình số 83/TTr-CAT(PA05) ngày 11 tháng 8 năm 2025 của Công an tỉnh; "
            "Tờ trình số 511/TTr-CAT (PC04) ngày 23 tháng 12 năm 2025; Quyết định số 12/QĐ-UBND (năm 2024).")
    assert [(r.code, r.date) for r in references(text, None)] == [
        ("83/TTr-CAT(PA05)", "2025-08-11"), ("511/TTr-CAT(PC04)", "2025-12-23"), ("12/QĐ-UBND", None)]


JOINT_CIRCULAR = """văn phòng quốc hội\tcơ sở dữ liệu luật việt nam LAWDATA
Thông tư
Liên tịch Bộ Tài chính - Công nghiệp - Tổng cục Hải quan
Số 120/2000/TTLT-BTC-BCN-TCHQ ngày 25 tháng 12 năm 2000
Về việc bổ sung, sửa đổi chính sách thuế theo tỷ lệ nội địa hoá đối với các sản phẩm, phụ tùng thuộc ngành cơ khí - điện - điện tử

Để được áp dụng thuế suất thuế nhập khẩu theo tỷ lệ nội địa hoá, các doanh nghiệp phải có đủ các điều kiện sau:
3.1 - Đủ điều kiện kỹ thuật, năng lực công nghệ sản xuất sản phẩm theo hướng dẫn của Bộ Công nghiệp:
3.2 - Thực hiện nộp thuế GTGT theo phương pháp khẩu trừ.
"""


def test_a_joint_circular_has_an_issuer_for_each_code_of_its_number():
    """LAWDATA's copy of Thông tư liên tịch 120/2000/TTLT-BTC-BCN-TCHQ: no letterhead; each code
    after "TTLT" is an organ the text names by those initials, "Công nghiệp" only as "Bộ Công nghiệp"."""
    from indexer.extraction.metadata.units import joint_issuers

    metadata = _metadata(JOINT_CIRCULAR)
    assert metadata.number.value == "120/2000/TTLT-BTC-BCN-TCHQ"
    assert [f.value for f in metadata.issuers] == ["Bộ Tài chính", "Bộ Công nghiệp", "Tổng cục Hải quan"]
    assert metadata.unit.value == "Bộ Tài chính"
    for found in metadata.issuers:
        assert JOINT_CIRCULAR[found.start:found.end] == found.value
    assert joint_issuers(JOINT_CIRCULAR, "120/2000/TT-BTC") == []  # one issuer: no joint document
    assert joint_issuers("Bộ Tài chính ban hành.", "12/2001/TTLT-BTC-BNV") == []  # the other one nowhere named


# Scans whose text layer breaks the signature block apart (the Công an tờ trình 12/2025, the
# Liên đoàn Luật sư letter 10/2025): the signer's name still closes the document.
SCANNED_TO_TRINH = """BỘ CÔNG AN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM

CÔNG AN TĨNH LÂM ĐÔNG Độc lập - Tự do - Hạnh phúc
Số: 44ÝTTr-CAT-PC04 Lâm Đông, ngày .4® tháng 12 năm 2025
TỜ TRÌNH

Về việc Báo cáo Tổng kết công tác phòng, chống ma túy năm 2025

Kính gửi: Văn phòng Uỷ ban nhân dân tỉnh Lâm Đông

Công an tỉnh kính đề nghị Văn phòng Ủy ban nhân dân tỉnh thẩm định, trình Chủ tịch duyệt, kỷ ban hành ÁN

ơi nhận: GLÁM ĐÓC
- Như trên: x
- Lưu VT, PC04, ⁄Œ “ầy %À..

Thiểu tướng Trương Minh Đương
"""

SCANNED_LETTER = """LIÊN ĐOÀN LUẬT SƯ VIỆTNAM CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
BAN THƯỜNG VỤ Độc lập - Tự do - Hạnh phúc

Số: ©£2 /LĐLSVN-BTV Hà Nội, ngày 10 tháng 10 năm 2025

Kính gửi: Ban Chủ nhiệm Đoàn Luật sư tỉnh Lâm Đồng

Ban Thường vụ Liên đoàn Luật sư Việt Nam có ý kiến như sau: Đồng ý với Đề án hợp nhất số 196/ĐA-ĐLS.

Trân trọng./.

Bến êm TM. BAN THƯỜNG VỤ
- Như trên; TT 2

- Bộ Tư pháp (để b/c); ⁄» HU TỊCH

- Lưu VPLĐLSVN. XN

` E§. TẾ. Đỗ Ngọc Thịnh
"""


def test_a_scans_signer_is_the_name_closing_it_after_a_rank_or_a_signature_block():
    assert _metadata(SCANNED_TO_TRINH).signer.value == "Trương Minh Đương"
    letter = _metadata(SCANNED_LETTER)
    assert letter.signer.value == "Đỗ Ngọc Thịnh"
    assert SCANNED_LETTER[letter.signer.start:letter.signer.end] == "Đỗ Ngọc Thịnh"
    # a name closing a text with no signature block and no rank is no signer
    plain = "BÁO CÁO\nTình hình kinh tế năm 2025\n\nNội dung báo cáo do ông Nguyễn Văn An trình bày.\n\nNguyễn Văn An\n"
    assert _metadata(plain).signer is None


def test_the_executive_board_under_an_organisation_is_an_organ_of_the_issuer():
    assert _metadata(SCANNED_LETTER).unit.value == "Liên đoàn luật sư Việt Nam"


def test_an_appendix_filed_on_its_own_is_titled_by_the_lines_under_phu_luc():
    text = ("Phụ lục II\nKẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ THUỘC CẢI CÁCH THỂ CHẾ NĂM 2025\nI. ĐỐI VỚI CẤP SỞ\n"
            "Điểm chuẩn tối đa\nChỉ số\n1 Sở Tư pháp 6,50 6,50 6,50 100,00%\n")
    found = _metadata(text)
    assert (found.doc_type.value, found.title.value) == ("phụ lục", "KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ THUỘC CẢI CÁCH THỂ CHẾ NĂM 2025")
    wrapped = _metadata("Phụ lục VI\nKẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ THUỘC CẢI CÁCH\nTÀI CHÍNH CÔNG NĂM 2025\n\nI. ĐỐI VỚI CẤP SỞ\n")
    assert wrapped.title.value == "KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ THUỘC CẢI CÁCH TÀI CHÍNH CÔNG NĂM 2025"
    # an appendix inside a document (after its letterhead and title) is no title of the document
    decision = _metadata("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nQUYẾT ĐỊNH\nVề việc công bố Chỉ số cải cách hành chính\n\n"
                         "Phụ lục I\nDANH SÁCH\n")
    assert decision.doc_type.value == "quyết định" and decision.title.value.startswith("Về việc công bố")


def test_a_garbled_day_still_dates_a_scan_by_its_month():
    assert _metadata(SCANNED_TO_TRINH).date.value == "2025-12"  # "Lâm Đông, ngày .4® tháng 12 năm 2025"
    assert _metadata("Hà Nội, ngày 10 tháng 4 năm 2019\n\nBÁO CÁO\nTình hình\n").date.value == "2019-04-10"


def test_a_date_line_holding_the_rule_drawn_above_it():
    text = ("UBND TỈNH LÂM ĐỒNG\nSỞ TƯ PHÁP\n\nSố:         /STP-BTTP\nV/v Tổ chức Đại hội Hội công chứng\n"
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n"
            "_______________________ Lâm Đồng, ngày        tháng 11 năm 2025\n\nKính gửi: Sở Nội vụ.\n")
    meta = _metadata(text)
    assert (meta.date.value, meta.place.value) == ("2025-11", "Lâm Đồng")
    _assert_spans_hold_values(text, meta)


def test_an_old_decree_s_capital_number_label_and_its_title_line_in_lower_case():
    # 2004-0328NDCP.doc (TCVN3): the font drew the capitals; the text keeps "SỐ:" and a lower-case title line
    text = ("Chính phủ\n===\nSỐ: 28 /2003/NĐ-CP\nCộng hoà xã hội chủ nghĩa việt nam\nĐộc lập - Tự do - Hạnh phúc\n"
            "-----------------------\nHà Nội, ngày 31 tháng 3 năm 2003\n\nNghị định của chính phủ\n"
            "Quy định việc phát hành công trái xây dựng Tổ quốc\nnăm 2003 - Công trái giáo dục\n\n-------------------\n\n"
            "Chính phủ\n\nCăn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;\n\nNghị Định:\n\n"
            "Điều 1. Mục đích phát hành công trái\n")
    meta = _metadata(text)
    assert (meta.number.value, meta.doc_type.value) == ("28/2003/NĐ-CP", "nghị định")
    assert meta.title.value == "Quy định việc phát hành công trái xây dựng Tổ quốc năm 2003 - Công trái giáo dục"
    _assert_spans_hold_values(text, meta)


def test_a_number_cited_in_a_capital_title_is_not_the_document_s_own():
    text = ("10\nTHUYẾT MINH NỘI DUNG DỰ THẢO THÔNG TƯ THAY THẾ THÔNG TƯ SỐ 244/2016/TT-BTC\n"
            "(Kèm theo công văn số         /BTC-CST ngày     /01/2025 của Bộ Tài chính)\n\n"
            "Ngày 24/8/2024, Thủ tướng Chính phủ có công văn số 656/TTg-KSTT về việc mở rộng thí điểm.\n")
    meta = _metadata(text)
    assert meta.number is None or meta.number.value != "244/2016/TT-BTC"
