"""Member references resolve wherever the model expects a person or a person's name."""

from __future__ import annotations

from service.kinds.monthly_meeting import MonthlyMeetingInput
from service.store.members import member_position, resolve_members
from service.store.models import Member

PEOPLE = {
    1: Member(id=1, full_name="Nguyễn Văn An", party_position="Bí thư Chi bộ"),
    2: Member(id=2, full_name="Vũ Thị Hoa", mass_position="Chủ tịch Hội Liên hiệp Phụ nữ xã"),
    3: Member(id=3, full_name="Lê Văn Cường"),
}


def resolve(data):
    return resolve_members(MonthlyMeetingInput, data, PEOPLE.get)


def test_a_person_gets_name_and_position_and_keeps_what_the_input_says():
    data, findings = resolve(
        {"chair": {"member_id": 1}, "guests": [{"member_id": 2}, {"member_id": 1, "position": "Chủ trì"}]}
    )
    assert findings == []
    assert data["chair"] == {"name": "Nguyễn Văn An", "position": "Bí thư Chi bộ"}
    assert data["guests"] == [
        {"name": "Vũ Thị Hoa", "position": "Chủ tịch Hội Liên hiệp Phụ nữ xã"},
        {"name": "Nguyễn Văn An", "position": "Chủ trì"},
    ]


def test_only_fields_the_model_has_are_filled():
    data, _ = resolve(
        {"attendance": {"absent": [{"member_id": 3, "excused": True, "reason": "ốm"}]}, "signer": {"member_id": 1}}
    )
    assert data["attendance"]["absent"] == [{"name": "Lê Văn Cường", "excused": True, "reason": "ốm"}]
    assert data["signer"] == {"name": "Nguyễn Văn An"}


def test_a_name_field_takes_an_id_under_its_name_with_id():
    data, _ = resolve({"speeches": [{"speaker_id": 2, "content": "…"}], "ho_chi_minh": {"presenter_id": 3}})
    assert data["speeches"] == [{"speaker": "Vũ Thị Hoa", "content": "…"}]
    assert data["ho_chi_minh"] == {"presenter": "Lê Văn Cường"}


def test_unknown_and_malformed_ids_are_findings_with_their_pointer():
    _, findings = resolve({"chair": {"member_id": 9}, "guests": [{"member_id": "1"}], "speeches": [{"speaker_id": True}]})
    assert [(f.pointer, f.code) for f in findings] == [
        ("/chair/member_id", "member_not_found"),
        ("/guests/0/member_id", "member_id_invalid"),
        ("/speeches/0/speaker_id", "member_id_invalid"),
    ]


def test_keys_the_model_does_not_know_are_left_for_validation_to_report():
    data, findings = resolve({"organization_id": 5, "unknown": {"member_id": 1}, "chair_id": 1})
    assert findings == [] and data == {"organization_id": 5, "unknown": {"member_id": 1}, "chair_id": 1}


def test_the_position_printed_is_the_party_post_first():
    assert (
        member_position(Member(full_name="A", party_position="Chi ủy viên", government_position="Trưởng thôn"))
        == "Chi ủy viên"
    )
    assert member_position(Member(full_name="A", government_position="Trưởng thôn")) == "Trưởng thôn"
    assert member_position(Member(full_name="A")) is None
