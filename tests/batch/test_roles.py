"""Personal forms: the roster's letter read in the regime of the year, else a guess from the positions."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from service.batch import roles
from service.rules.reviews import review_rules_for, review_rules_named

QD366, QD124 = review_rules_named("qd366-2025"), review_rules_named("qd124-2023")


def person(party=None, government=None, mass=None, unit=None):
    return SimpleNamespace(party_position=party, government_position=government, mass_position=mass, unit=unit)


@pytest.mark.parametrize("letter, rules, role", [
    ("2A", QD366, "leader"), ("Mẫu 2B", QD366, "non_leader"), ("2c", QD366, "outside_political_system"),
    ("02C", QD366, "outside_political_system"),
    ("02A", QD124, "non_leader"), ("2A", QD124, "non_leader"), ("02B", QD124, "leader")])
def test_a_letter_names_a_role_in_its_regime_only(letter, rules, role):
    assert roles.role_named(letter, rules) == role


def test_letters_a_regime_does_not_have_name_nothing():
    assert roles.role_named("2C", QD124) is None and roles.role_named("3A", QD366) is None
    assert roles.known_letters(QD366) == "2A, 2B, 2C" and roles.known_letters(QD124) == "02B, 02A"


@pytest.mark.parametrize("member, role", [
    (person(party="Bí thư Chi bộ"), "leader"),
    (person(government="Phó Chủ tịch UBND xã"), "leader"),
    (person(mass="Bí thư Chi đoàn", unit="Thôn Đông"), "non_leader"),
    (person(unit="Cán bộ hưu trí"), "outside_political_system"),
    (person(unit="Sinh viên Trường Đại học Cần Thơ"), "outside_political_system"),
    (person(), "non_leader")])
def test_without_a_letter_the_positions_choose(member, role):
    assert roles.guessed_role(member) == role


def test_the_roster_s_letter_wins_over_the_positions():
    assert roles.personal_form("2B", person(party="Bí thư Chi bộ"), QD366) == ("non_leader", "2B")
    assert roles.personal_form(None, person(party="Bí thư Chi bộ"), QD366) == ("leader", "2A")
    assert roles.personal_form(None, person(party="Bí thư Chi bộ"), review_rules_for(2023)) == ("leader", "02B")
