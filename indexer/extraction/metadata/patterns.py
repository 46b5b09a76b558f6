"""Character classes and patterns shared by the metadata readers."""

from __future__ import annotations

import re

UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
CAP_WORD = rf"[{UPPER}][{LOWER}]*"
# One letter group of a document number: "KL", "TTr", "NĐ-CP", "QĐi".
CODE_SEGMENT = rf"[{UPPER}0-9][{UPPER}0-9&]*(?:[a-zđ][{UPPER}0-9]*)?(?![\w])"
# The national or Party motto and separator lines that close a letterhead or title block.
MOTTO = re.compile(r"CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP|ĐẢNG CỘNG SẢN VIỆT NAM|^-+$|^\*+$|^SỐ\s*:", re.I)
