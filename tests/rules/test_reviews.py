"""Review regimes as data: selection by review year, forms keyed on role, levels and bands."""

from __future__ import annotations

import pytest

from service.kinds.collective_review import CollectiveReviewInput
from service.kinds.self_review import SelfReviewInput
from service.rules.reviews import LEVEL_CODES, ROLES, all_review_rules, rank, review_rules_for, review_rules_named


@pytest.mark.parametrize(
    "year, regime",
    [(2019, "qd124-2023"), (2023, "qd124-2023"), (2024, "qd124-2023"), (2025, "qd366-2025"), (2030, "qd366-2025")],
)
def test_regime_by_review_year(year, regime):
    assert review_rules_for(year).id == regime


def test_the_letters_are_swapped_between_regimes():
    old, new = review_rules_named("qd124-2023"), review_rules_named("qd366-2025")
    assert old.personal.forms["leader"].code.startswith("Mẫu 02B")
    assert new.personal.forms["leader"].code.startswith("Mẫu 2A")
    assert old.personal.forms["non_leader"].code.startswith("Mẫu 02A")
    assert new.personal.forms["non_leader"].code.startswith("Mẫu 2B")


def test_only_the_2025_regime_scores_on_100_points():
    old, new = review_rules_named("qd124-2023"), review_rules_named("qd366-2025")
    assert not old.scored
    assert new.scored and new.max_score == 100
    assert [(level.code, level.min_score) for level in new.level] == [
        ("HTXSNV", 90),
        ("HTTNV", 70),
        ("HTNV", 50),
        ("KHTNV", 0),
    ]
    assert [new.band(score).code for score in (100, 90, 89.99, 70, 69.5, 50, 49.9, 0)] == [
        "HTXSNV",
        "HTXSNV",
        "HTTNV",
        "HTTNV",
        "HTNV",
        "HTNV",
        "KHTNV",
        "KHTNV",
    ]


def test_levels_are_ranked_best_first():
    assert [rank(code) for code in LEVEL_CODES] == [0, 1, 2, 3]


@pytest.mark.parametrize("rules", all_review_rules(), ids=lambda r: r.id)
def test_every_field_a_form_names_exists_in_its_input_model(rules):
    personal = {line.field for s in rules.personal.section for line in (s, *s.items) if line.field}
    personal |= {line.field for line in rules.personal.identity}
    collective = {line.field for s in rules.collective.section for line in (s, *s.items) if line.field}
    assert personal <= set(SelfReviewInput.model_fields)
    assert collective <= set(CollectiveReviewInput.model_fields)


@pytest.mark.parametrize("rules", all_review_rules(), ids=lambda r: r.id)
def test_every_role_has_a_form(rules):
    assert set(rules.personal.forms) == set(ROLES)
