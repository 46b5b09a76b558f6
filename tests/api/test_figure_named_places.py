"""A figure question that names where something happened with capitals ("giữa Công an Điện Biên với
hai tỉnh Luông Pha Băng, Phong Sa Lỳ"): the figure of the document naming those places, not a
closer wording in another province's report; and a time counted from a signing day is a figure."""

from __future__ import annotations

from api.answers import AskRequest, Asker
from api.answers.figure_answers import written_names
from api.answers.figure_scope import organ_place
from api.answers.questions import parse_question
from tests.conftest import lexical_archive

HOME_REPORT = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

BÁO CÁO
Tổng kết công tác phòng, chống ma túy năm 2025

Bên cạnh đó, lực lượng Công an tỉnh phối hợp với lực lượng chức năng của Lào bắt giữ 01 đối tượng truy nã.
"""

BORDER_PAPER = """UBND TỈNH ĐIỆN BIÊN

THAM LUẬN
Tình hình công tác đấu tranh, phòng chống tội phạm ma túy trên tuyến biên giới

Công an tỉnh Điện Biên cùng Công an hai tỉnh Luông Pha Băng, Phong Sa Lỳ đã ký Quy chế phối hợp về Tổ công tác thường trực phòng, chống tội phạm ma túy. Sau 06 tháng triển khai thực hiện, các lực lượng đã phối hợp phát hiện 87 vụ, bắt 152 đối tượng.
"""

QUESTION = ("Qua 06 tháng triển khai Tổ công tác thường trực phối hợp giữa Công an Điện Biên với hai tỉnh Luông Pha Băng, "
            "Phong Sa Lỳ (Lào), các lực lượng đã bắt bao nhiêu đối tượng?")

DECREE = """CHÍNH PHỦ

NGHỊ ĐỊNH
Số 29/1998/NĐ-CP ngày 11/5/1998 về việc ban hành Quy chế thực hiện dân chủ ở xã

Điều 3. Nghị định này có hiệu lực sau 15 ngày kể từ ngày ký. Những quy định trước đây trái với Quy chế này đều bãi bỏ.
"""


def test_the_names_a_question_writes_with_capitals_besides_places():
    assert written_names(QUESTION) == ["Điện Biên", "Phong Sa Lỳ"]  # "tỉnh Luông Pha Băng" is a place
    assert written_names("Năm 2025 tỉnh Lâm Đồng phát ra bao nhiêu phiếu khảo sát?") == []
    # nor is the organ in Luông Pha Băng: the place is the partner's, after "với"
    assert organ_place(QUESTION) is None
    assert organ_place("Sở Tài chính tỉnh Tây Ninh có bao nhiêu biên chế?") == "Tây Ninh"


def test_the_figure_of_the_document_naming_the_places_asked_about(tmp_path):
    reader = lexical_archive(tmp_path, {"tong_ket.txt": HOME_REPORT, "tham_luan_dien_bien.txt": BORDER_PAPER})
    answer = Asker(reader).ask(AskRequest(QUESTION)).to_json()
    assert answer["figure"]["value"] == 152, answer["answer"]


def test_a_time_counted_from_the_signing_day_is_a_figure(tmp_path):
    question = "Nghị định 29/1998/NĐ-CP ban hành Quy chế thực hiện dân chủ ở xã có hiệu lực sau bao nhiêu ngày kể từ ngày ký?"
    assert parse_question(question).type == "figure"
    assert parse_question("Nghị định 29/1998/NĐ-CP có ngày ký là ngày nào?").type == "documents"
    answer = Asker(lexical_archive(tmp_path, {"nd29.txt": DECREE})).ask(AskRequest(question)).to_json()
    assert answer["figure"]["value"] == 15, answer["answer"]
