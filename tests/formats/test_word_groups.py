"""Where an organization's name may go onto a new line (service/formats/checks/word_groups.py)."""

from __future__ import annotations

import pytest

from service.formats.checks.word_groups import bad_breaks


@pytest.mark.parametrize(
    "name, lines, bad",
    [
        ("ĐẢNG BỘ TỈNH HƯNG YÊN", ["ĐẢNG BỘ TỈNH HƯNG", "YÊN"], [1]),  # inside a province's name
        ("ĐẢNG BỘ TỈNH HƯNG YÊN", ["ĐẢNG BỘ TỈNH", "HƯNG YÊN"], []),
        ("CHI BỘ THÔN ĐÔNG", ["CHI", "BỘ THÔN ĐÔNG"], [1]),  # inside "chi bộ"
        ("ĐẢNG BỘ XÃ AN PHÚ", ["ĐẢNG BỘ XÃ AN", "PHÚ"], [1]),  # the place after "xã"
        ("ĐẢNG BỘ XÃ AN PHÚ", ["ĐẢNG BỘ XÃ", "AN PHÚ"], []),
        ("ĐẢNG BỘ CƠ QUAN CHÍNH QUYỀN HƯNG YÊN", ["ĐẢNG BỘ CƠ QUAN CHÍNH", "QUYỀN HƯNG YÊN"], [1]),
        # A long tail after "công ty" names an enterprise: it may break between words, not inside its terms.
        ("CHI BỘ CÔNG TY CỔ PHẦN ĐẦU TƯ XÂY DỰNG GIAO THÔNG", ["CHI BỘ CÔNG TY CỔ PHẦN ĐẦU TƯ", "XÂY DỰNG GIAO THÔNG"], []),
        ("CHI BỘ CÔNG TY CỔ PHẦN ĐẦU TƯ XÂY DỰNG GIAO THÔNG", ["CHI BỘ CÔNG TY CỔ", "PHẦN ĐẦU TƯ XÂY DỰNG GIAO THÔNG"], [1]),
        # Typed in mixed case, a run of capitalized words is a proper name.
        ("Chi bộ Công ty Xổ số kiến thiết Bến Tre", ["Chi bộ Công ty Xổ số kiến thiết Bến", "Tre"], [1]),
        ("Chi bộ Trường Tiểu học Lê Quý Đôn", ["Chi bộ Trường Tiểu học Lê", "Quý Đôn"], [1]),
        ("Chi bộ Trường Tiểu học Lê Quý Đôn", ["Chi bộ Trường Tiểu học", "Lê Quý Đôn"], []),
        ("ĐẢNG BỘ XÃ AN PHÚ", ["ĐẢNG BỘ XÃ AN PHÚ"], []),
    ],
)
def test_a_line_may_end_between_word_groups_only(name, lines, bad):
    assert bad_breaks(name, lines) == bad
