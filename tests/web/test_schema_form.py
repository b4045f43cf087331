"""A kind's JSON Schema drawn as a form: objects → fieldsets, arrays → rows, enums → lists, dates → date inputs."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import html

from service.kinds import all_kinds, get_kind
from service.web.form_layouts import LAYOUTS
from service.web.forms import HAND_DESIGNED, all_forms
from service.web.schema_form import Field, Group, Rows, defaults, form_tree, row_names

MONTHLY = get_kind("nghi-quyet-thang").input_model


def find(node, pointer):
    if node.pointer == pointer:
        return node
    for child in getattr(node, "children", ()):
        if pointer == child.pointer or pointer.startswith(child.pointer + "/"):
            return find(child, pointer)
    if isinstance(node, Rows):
        index = pointer[len(node.pointer) + 1 :].split("/")[0]
        return find(node.item(index), pointer)
    raise KeyError(pointer)


def walk(node):
    yield node
    for child in getattr(node, "children", ()):
        yield from walk(child)
    if isinstance(node, Rows):
        yield from walk(node.template)


@pytest.fixture(scope="module")
def tree():
    return form_tree(MONTHLY.model_json_schema(), "Sinh hoạt chi bộ thường kỳ")


def test_objects_are_fieldsets_with_their_vietnamese_titles(tree):
    meeting = find(tree, "/meeting")
    assert isinstance(meeting, Group) and meeting.title == "Buổi sinh hoạt" and meeting.required
    assert not find(tree, "/ho_chi_minh").required


def test_a_form_never_asks_for_what_only_old_api_inputs_use(tree):
    for pointer in ("/period", "/quality"):
        with pytest.raises(KeyError):
            find(tree, pointer)


def test_inputs_follow_the_value_type(tree):
    assert find(tree, "/meeting/date").widget == "date"
    assert find(tree, "/meeting/start").widget == "time"
    assert find(tree, "/draft").widget == "checkbox"
    assert find(tree, "/conclusion").widget == "textarea"
    assert find(tree, "/meeting/location").widget == "text"
    number = find(tree, "/resolution_number")
    assert number.widget == "number" and number.attrs == {"min": 1, "max": 9999, "step": 1} and not number.required


def test_enums_are_drop_downs_with_vietnamese_labels(tree):
    assert find(tree, "/meeting/form").options == (
        ("in_person", "Trực tiếp"),
        ("online", "Trực tuyến"),
        ("mixed", "Trực tiếp kết hợp trực tuyến"),
    )
    assert find(tree, "/signer/title").options == (("BÍ THƯ", "Bí thư"), ("PHÓ BÍ THƯ", "Phó Bí thư"))
    assert find(tree, "/guests/0/honorific").options[0] == ("comrade", "Đồng chí")


def test_regimes_roles_and_ratings_are_chosen_by_their_vietnamese_names():
    tree = form_tree(get_kind("ban-kiem-diem-ca-nhan").input_model.model_json_schema(), "X")
    regime = find(tree, "/regime")
    assert regime.widget == "select" and dict(regime.options)["qd366-2025"].startswith("Quy định 366-QĐ/TW")
    assert "qd" not in regime.description
    role = find(tree, "/role")
    assert dict(role.options)["leader"] == "Giữ chức vụ lãnh đạo, quản lý" and role.description is None
    assert dict(find(tree, "/self_rating").options)["HTXSNV"] == "Hoàn thành xuất sắc nhiệm vụ (HTXSNV)"


def test_help_written_for_api_users_is_not_shown(tree):
    # "adopted: thông qua; …" explains raw values the drop-down already shows in words; a class's
    # docstring is English.
    assert find(tree, "/minutes_adoption/result").description is None
    assert find(tree, "/attendance").description is None
    assert find(tree, "/speeches/0/position").description.startswith("Để trống khi người phát biểu")


def test_a_pointer_in_rows_names_them_as_a_person_counts():
    schema = MONTHLY.model_json_schema()
    assert row_names(schema, "/guests/1/name") == "Đại biểu mời thứ 2"
    assert row_names(schema, "/next_month/0/tasks/2/content") == "Nhiệm vụ tháng của nghị quyết thứ 1, Nhiệm vụ thứ 3"
    assert row_names(schema, "/meeting/date") == ""


def test_a_schema_may_name_its_enum_values_itself():
    schema = {"type": "object", "properties": {"level": {"enum": ["a", "b"], "x-enum-titles": {"a": "mức một"}}}}
    assert form_tree(schema, "X").children[0].options == (("a", "Mức một"), ("b", "B"))


def test_arrays_are_rows_at_any_depth(tree):
    areas = find(tree, "/next_month")
    assert isinstance(areas, Rows) and areas.min_items == 1
    tasks = find(tree, "/next_month/2/tasks")
    assert isinstance(tasks, Rows) and tasks.item(0).pointer == "/next_month/2/tasks/0"
    assert find(tree, "/next_month/2/tasks/0/content").required
    assert isinstance(find(tree, "/agenda").item(3), Field)


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda k: k.id)
def test_no_english_class_name_reaches_a_label(kind):
    schema = kind.input_model.model_json_schema()
    titles = {node.title for node in walk(form_tree(schema, kind.title))}
    assert not titles & set(schema.get("$defs", {}))


def test_a_new_form_starts_with_today_and_the_defaults():
    start = defaults(MONTHLY, dt.date(2026, 12, 3))
    assert start["meeting"] == {"date": "2026-12-03", "form": "in_person", "online": []}
    assert start["organization"] == {"abbreviation": "CB"}
    assert start["legal_bases"] == ["Điều lệ Đảng Cộng sản Việt Nam"]
    assert start["votes"] == [] and "vote" not in start  # the resolution's vote: `vote` or one of `votes`
    assert "period" not in start and "signer" not in start and start["draft"] is False


# Fields a hand-made form leaves to their defaults on purpose, listed so that no other goes missing unnoticed:
# the chair, the secretary and the reporter of a chi bộ's sitting are its members, called "đồng chí".
NOT_ASKED = {"bien-ban-thuong-ky": {"/chair/honorific", "/reporter/honorific", "/secretary/honorific"}}


@pytest.mark.parametrize("form", [f for f in all_forms() if f.id in HAND_DESIGNED], ids=lambda f: f.id)
def test_a_hand_made_form_asks_for_every_field_of_its_model(web, form):
    # Laid out by hand, a form must not lose a field the schema has: every input of the drawn tree is on it.
    wanted = {node.pointer for node in walk(form.tree()) if isinstance(node, Field) and "__i__" not in node.pointer}
    names = set(html.fromstring(web.get(f"/forms/{form.id}").data).xpath("//form[@id='document-form']//@name"))
    assert wanted - names == NOT_ASKED.get(form.id, set())


@pytest.mark.parametrize("form", [f for f in all_forms() if f.id in LAYOUTS], ids=lambda f: f.id)
def test_a_form_laid_out_in_steps_has_every_part_once(web, form):
    placed = [pointer for _, parts in form.steps for pointer in parts]
    parts = [node.pointer for node in form.tree().children if node.pointer != "/profile"]
    assert sorted(placed) == sorted(parts)
    wanted = {node.pointer for node in walk(form.tree()) if isinstance(node, Field) and "__i__" not in node.pointer}
    names = set(html.fromstring(web.get(f"/forms/{form.id}").data).xpath("//form[@id='document-form']//@name"))
    assert wanted <= names
