"""Form fields named by JSON pointers ⇄ the nested JSON shape the pipeline takes."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st
from werkzeug.datastructures import MultiDict

from service.web.formdata import FormTooDeep, field_id, flatten, parse_form, row_counts, shown, typed_date, typed_time


def parse(pairs, depth=32):
    return parse_form(MultiDict(pairs), max_depth=depth)


def test_pointer_names_become_nested_objects_and_lists():
    data = parse(
        [
            ("/meeting/date", "2026-11-05"),
            ("/agenda/0", "Một"),
            ("/agenda/1", "Hai"),
            ("/next_month/0/area", "Kinh tế"),
            ("/next_month/0/tasks/0/content", "Làm đường"),
        ]
    )
    assert data == {
        "meeting": {"date": "2026-11-05"},
        "agenda": ["Một", "Hai"],
        "next_month": [{"area": "Kinh tế", "tasks": [{"content": "Làm đường"}]}],
    }


def test_rows_keep_their_order_and_gaps_close_up():
    assert parse([("/agenda/10", "c"), ("/agenda/2", "b"), ("/agenda/0", "a")]) == {"agenda": ["a", "b", "c"]}


def test_empty_fields_rows_and_objects_are_left_out():
    data = parse([("/guests/0/name", ""), ("/guests/0/position", " "), ("/chair/name", ""), ("/conclusion", "x")])
    assert data == {"conclusion": "x"}


def test_a_row_with_only_toggles_left_at_their_defaults_is_untouched():
    data = parse(
        [
            ("/attendance/absent/0/name", ""),
            ("/attendance/absent/0/excused", "true"),
            ("/attendance/absent/1/name", "Lê Văn C"),
            ("/attendance/absent/1/excused", "false"),
        ]
    )
    assert data == {"attendance": {"absent": [{"name": "Lê Văn C", "excused": "false"}]}}


def test_the_last_value_wins_so_a_checked_box_overrides_its_hidden_false():
    assert parse([("/draft", "false"), ("/draft", "true")]) == {"draft": "true"}
    assert parse([("/draft", "false")]) == {"draft": "false"}


def test_a_declared_list_stays_even_when_every_row_was_removed():
    assert parse([("_list", "/recipients")]) == {"recipients": []}
    assert parse([("_list", "/recipients"), ("/recipients/0", "Đảng ủy xã")]) == {"recipients": ["Đảng ủy xã"]}
    assert parse([("_list", "/next_month/0/tasks"), ("/next_month/0/area", "A")]) == {
        "next_month": [{"area": "A", "tasks": []}]
    }


def test_names_that_are_not_pointers_are_not_data():
    assert parse([("_csrf", "t"), ("_action", "produce"), ("_kinds", "nghi-quyet-thang")]) == {}


def test_escaped_pointer_parts_are_unescaped():
    assert parse([("/a~1b/c~0d", "x")]) == {"a/b": {"c~d": "x"}}


def test_nesting_deeper_than_allowed_is_refused():
    with pytest.raises(FormTooDeep):
        parse([("/a" * 5, "x")], depth=4)


def test_field_ids_follow_the_pointer():
    assert field_id("/attendance/absent/0/name") == "f-attendance-absent-0-name"
    assert field_id("") == "f"


keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
scalars = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20).filter(
    lambda s: s.strip() and s not in ("true", "false", "on")
)
shapes = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, min_size=1, max_size=4), st.dictionaries(keys, inner, min_size=1, max_size=4)),
    max_leaves=20,
)


@given(st.dictionaries(keys, shapes, min_size=1, max_size=5))
def test_a_form_drawn_from_data_parses_back_to_the_same_data(data):
    """What a re-rendered form shows is exactly what it sends back."""
    assert parse(list(flatten(data).items())) == data


def test_row_counts_give_the_rows_a_re_rendered_form_draws():
    data = {"agenda": ["a", "b"], "next_month": [{"tasks": [{}, {}, {}]}]}
    assert row_counts(data) == {"/agenda": 2, "/next_month": 1, "/next_month/0/tasks": 3}


@pytest.mark.parametrize("typed", ["5/12/2026", "05/12/2026", "05-12-2026", "05.12.2026", " 5 / 12 / 2026 ", "2026-12-05"])
def test_dates_are_typed_day_first_with_any_usual_separator(typed):
    assert typed_date(typed) == "2026-12-05"


@pytest.mark.parametrize("typed", ["31/02/2026", "12/2026", "hôm nay", "2026/12/05", ""])
def test_a_date_that_cannot_be_read_is_left_for_the_model_to_refuse(typed):
    assert typed_date(typed) == typed


@pytest.mark.parametrize(
    "typed, clock",
    [
        ("14:00", "14:00"),
        ("7:30", "07:30"),
        ("7h30", "07:30"),
        ("19h", "19:00"),
        ("19 giờ", "19:00"),
        ("7 giờ 30 phút", "07:30"),
        ("8.05", "08:05"),
    ],
)
def test_times_are_read_on_the_24_hour_clock(typed, clock):
    assert typed_time(typed) == clock


@pytest.mark.parametrize("typed", ["24:00", "7:60", "2 PM", "sáng"])
def test_a_time_that_cannot_be_read_is_left_as_typed(typed):
    assert typed_time(typed) == typed


def test_only_fields_marked_as_dates_or_times_are_converted():
    data = parse(
        [
            ("_date", "/meeting/date"),
            ("/meeting/date", "5/12/2026"),
            ("_time", "/meeting/start"),
            ("/meeting/start", "7h30"),
            ("/next_month/0/tasks/0/deadline", "15/12/2026"),
        ]
    )
    assert data == {
        "meeting": {"date": "2026-12-05", "start": "07:30"},
        "next_month": [{"tasks": [{"deadline": "15/12/2026"}]}],
    }


def test_fields_show_dates_day_first_and_times_without_seconds():
    assert shown("2026-12-05", "date") == "05/12/2026" and shown("5/13/2026", "date") == "5/13/2026"
    assert shown("14:00:00", "time") == "14:00" and shown("2026-12-05", "text") == "2026-12-05"
