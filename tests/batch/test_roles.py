"""Personal forms: a function of (regime, role). The roster's letter is read among the letters of the review
year's regime only — a letter of the other regime is an error naming both meanings — and without a letter the
role is guessed from the positions by the decided rules (service/rules/roles.toml)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from service.batch import roles
from service.rules.reviews import review_rules_named

QD366, QD124 = review_rules_named("qd366-2025"), review_rules_named("qd124-2023")


def person(party=None, government=None, mass=None, unit=None):
    return SimpleNamespace(party_position=party, government_position=government, mass_position=mass, unit=unit)


@pytest.mark.parametrize(
    "letter, rules, role",
    [
        ("2A", QD366, "leader"),
        ("Mẫu 2B", QD366, "non_leader"),
        ("2c", QD366, "outside_political_system"),
        ("02C", QD366, "outside_political_system"),
        (" mẫu 2a ", QD366, "leader"),
        ("02A", QD124, "non_leader"),
        ("02B", QD124, "leader"),
        ("Mẫu 02B-HD KĐ.ĐG 2023", QD124, "leader"),
    ],
)
def test_a_letter_names_a_role_in_its_regime_only(letter, rules, role):
    assert roles.roles_named(letter, rules)[0] == role
    assert roles.letter_error(letter, rules, rules.first_review_year) is None


def test_a_letter_of_the_other_regime_is_an_error_naming_both_meanings_never_mapped():
    # "02A" in 2026: the leading 0 is not dropped into 2A (the leader form); the message says what 02A meant.
    assert roles.roles_named("02A", QD366) == ()
    assert roles.letter_error("02A", QD366, 2026) == (
        "“02A” là mẫu của Quy định 124-QĐ/TW dành cho cá nhân không giữ chức vụ lãnh đạo, quản lý; kiểm điểm năm 2026 "
        "theo Quy định 366-QĐ/TW dùng Mẫu 2B (cá nhân không giữ chức vụ lãnh đạo, quản lý) hoặc Mẫu 2C (đảng viên "
        "không làm việc trong hệ thống chính trị). Sửa lại cột này, hoặc để trống để suy ra từ chức vụ."
    )
    assert roles.letter_error("02B", QD366, 2026).startswith(
        "“02B” là mẫu của Quy định 124-QĐ/TW dành cho cá nhân giữ chức vụ lãnh đạo, quản lý; kiểm điểm năm 2026 "
        "theo Quy định 366-QĐ/TW dùng Mẫu 2A ("
    )
    # "2A" in 2024 is not 02A (the non-leader form) either.
    assert roles.roles_named("2A", QD124) == ()
    assert roles.letter_error("2A", QD124, 2024).startswith(
        "“2A” là mẫu của Quy định 366-QĐ/TW dành cho cá nhân giữ chức vụ lãnh đạo, quản lý; kiểm điểm năm 2024 "
        "theo Quy định 124-QĐ/TW dùng Mẫu 02B ("
    )


def test_letters_no_regime_has_are_errors_listing_the_regime_s_letters():
    assert roles.letter_error("3A", QD366, 2026).startswith("“3A” không có trong Quy định 366-QĐ/TW")
    assert roles.known_letters(QD366) == "2A, 2B, 2C" and roles.known_letters(QD124) == "02B, 02A"


@pytest.mark.parametrize(
    "member, role",
    [
        (person(party="Bí thư Chi bộ"), "leader"),
        (person(party="Phó Bí thư Đảng ủy"), "leader"),
        (person(party="Đảng uỷ viên"), "leader"),
        (person(government="Phó Chủ tịch UBND xã"), "leader"),
        (person(government="Phó Cục trưởng Cục Thuế tỉnh"), "leader"),
        (person(government="Chi cục trưởng Chi cục Kiểm lâm"), "leader"),
        (person(government="Phó Viện trưởng Viện Kiểm sát nhân dân huyện"), "leader"),
        (person(government="Phó Vụ trưởng Vụ Tổ chức cán bộ"), "leader"),
        (person(government="Vụ phó Vụ Pháp chế"), "leader"),
        (person(government="Cục phó"), "leader"),
        (person(government="Đội trưởng Đội Quản lý thị trường số 3"), "leader"),
        (person(government="Trưởng phòng Tổ chức - Hành chính"), "leader"),
        (person(government="Phó phòng Kế hoạch"), "leader"),
        (person(government="Giám đốc", unit="Sở Tài chính"), "leader"),
        (person(government="Phó Giám đốc", unit="Công ty Điện lực thuộc Tổng công ty Điện lực miền Bắc"), "leader"),
        (person(government="Giám đốc", unit="Doanh nghiệp tư nhân Minh Phát"), "outside_political_system"),
        (person(government="Giám đốc", unit="Công ty tư nhân Hòa Bình"), "outside_political_system"),
        (person(mass="Bí thư Chi đoàn", unit="Thôn Đông"), "non_leader"),
        (person(mass="Chi hội trưởng Phụ nữ"), "non_leader"),
        (person(government="Chuyên viên", unit="Hội Nông dân xã"), "non_leader"),
        (person(unit="Cán bộ hưu trí"), "outside_political_system"),
        (person(unit="Sinh viên Trường Đại học Cần Thơ"), "outside_political_system"),
        (person(), "non_leader"),
    ],
)
def test_without_a_letter_the_decided_rules_read_the_positions(member, role):
    guess = roles.guess(member)
    assert (guess.role, guess.ambiguous) == (role, False), guess.reason


@pytest.mark.parametrize(
    "member, alternatives",
    [
        # A retired member or one of a private firm who is Bí thư of a residential chi bộ: the cell must say.
        (person(party="Bí thư Chi bộ", unit="Cán bộ hưu trí"), ("leader", "outside_political_system")),
        (person(party="Phó Bí thư Chi bộ", unit="Doanh nghiệp tư nhân An Khang"), ("leader", "outside_political_system")),
        # A director of a company the roster does not say is the state's.
        (person(government="Giám đốc", unit="Công ty Cổ phần Xây dựng Số 1"), ("leader", "outside_political_system")),
        (person(government="Kế toán", unit="Công ty TNHH Thành Công"), ("non_leader", "outside_political_system")),
        # A head of a thôn is no head of an agency.
        (person(government="Trưởng thôn"), ("leader", "non_leader")),
    ],
)
def test_ambiguous_cases_are_guessed_with_a_flag_that_asks_for_the_column(member, alternatives):
    guess = roles.guess(member)
    assert guess.ambiguous and guess.alternatives == alternatives and guess.role in alternatives


def test_the_roster_s_letter_wins_over_the_positions_and_a_contradiction_is_named():
    given = roles.choose("2B", person(party="Phó Bí thư Chi bộ"), QD366)
    assert (given.role, given.letter, given.guessed) == ("non_leader", "2B", False)
    assert roles.conflict(given, QD366) == (
        "ghi Mẫu 2B (cá nhân không giữ chức vụ lãnh đạo, quản lý) nhưng chức vụ “Phó Bí thư Chi bộ” là chức vụ lãnh "
        "đạo, quản lý (Mẫu 2A); kiểm tra lại cột “Mẫu”"
    )
    guessed = roles.choose(None, person(party="Bí thư Chi bộ"), QD366)
    assert (guessed.role, guessed.letter, guessed.guessed) == ("leader", "2A", True)
    assert roles.conflict(guessed, QD366) is None
    # An ambiguous case answered by the column contradicts nothing.
    assert roles.conflict(roles.choose("2C", person(party="Bí thư Chi bộ", unit="Hưu trí"), QD366), QD366) is None
    assert roles.choose(None, person(party="Bí thư Chi bộ"), review_rules_named("qd124-2023")).letter == "02B"


def test_role_words_are_data():
    from service.rules.roles import role_rules

    rules = role_rules()
    assert "chi cục trưởng" in rules.leader.heads and "phó" in rules.leader.deputies
    assert "hưu" in rules.outside.retired and "trưởng thôn" in rules.community.posts
