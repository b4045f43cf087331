"""The corpus the conformance gate prints and checks: every kind × profile from its sample, stress variants of
the samples (very long organization names, 45-member cells, long speeches, many guests, many recipients) and
merged year-end books. Each item is (identifier, profile, DOCX bytes)."""

from __future__ import annotations

import copy
import functools
import json
from typing import Callable

from service import pipeline
from service.batch import book
from service.formats.profiles import all_profiles
from service.kinds import all_kinds, get_kind
from tests.conftest import SAMPLES

LONG_UPPER = "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Bà Rịa - Vũng Tàu"
LONG_NAME = "Chi bộ Công ty Trách nhiệm hữu hạn một thành viên Xổ số kiến thiết Hưng Yên"
MEMBERS = 45
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ")
GIVEN = (
    "Văn An",
    "Thị Bình",
    "Văn Cường",
    "Thị Dung",
    "Văn Đức",
    "Thị Hằng",
    "Minh Khánh",
    "Thị Lan",
    "Quốc Long",
    "Thị Mai",
    "Văn Nam",
    "Thị Nga",
    "Văn Phúc",
    "Thị Quyên",
    "Văn Sơn",
)


def sample(kind_id: str) -> dict:
    return json.loads((SAMPLES / get_kind(kind_id).sample).read_text(encoding="utf-8"))


def _people(count: int) -> list[str]:
    return [
        f"{SURNAMES[n % len(SURNAMES)]} {GIVEN[n % len(GIVEN)]}" + (f" {chr(65 + n // 15)}" if n >= 15 else "")
        for n in range(count)
    ]


def long_names(data: dict) -> dict:
    data["organization"] |= {"upper": LONG_UPPER, "name": LONG_NAME}
    return data


def long_speeches(data: dict) -> dict:
    sentence = (
        "Đề nghị chi bộ tiếp tục lãnh đạo thực hiện tốt nhiệm vụ phát triển kinh tế, bảo đảm an ninh trật tự, "
        "chăm lo đời sống nhân dân và làm tốt công tác vận động quần chúng ở khu dân cư"
    )
    data["speeches"] = [
        {"speaker": s["speaker"], "content": "; ".join([sentence] * (3 + 4 * (index % 3))) + "."}
        for index, s in enumerate(data["speeches"])
    ]
    return data


def many_guests(data: dict) -> dict:
    positions = (
        "Đảng ủy viên, phụ trách chi bộ",
        "Chủ tịch Ủy ban Mặt trận Tổ quốc xã",
        "Bí thư Đoàn xã",
        "Chủ tịch Hội Nông dân xã",
        "Chủ tịch Hội Cựu chiến binh xã",
        "Trưởng Công an xã",
    )
    data["guests"] = [{"name": name, "position": positions[n % len(positions)]} for n, name in enumerate(_people(12))]
    return data


def many_recipients(data: dict) -> dict:
    data["recipients"] = [
        "Đảng ủy xã An Phú (để báo cáo)",
        "Thường trực Đảng ủy xã",
        "Ủy ban Kiểm tra Đảng ủy xã",
        "Ban Tổ chức Đảng ủy xã",
        "Văn phòng Đảng ủy xã",
        "Ủy ban nhân dân xã",
        "Ủy ban Mặt trận Tổ quốc xã",
        "Đoàn Thanh niên xã",
        "Hội Liên hiệp Phụ nữ xã",
        "Hội Nông dân xã",
        "Hội Cựu chiến binh xã",
        "Ban công tác Mặt trận thôn",
        "Các đồng chí chi ủy viên",
        "Đảng viên trong chi bộ",
    ]
    return data


def big_review(data: dict) -> dict:
    """The review meeting of a 45-member cell, everyone present."""
    official = MEMBERS - 2
    data["attendance"] = {
        "total": MEMBERS,
        "official": official,
        "probationary": 2,
        "exempt": 0,
        "present": MEMBERS,
        "present_official": official,
        "absent": [],
    }
    data["members"] = [
        {
            "name": name,
            "self_rating": "HTTNV",
            "committee_proposal": "HTTNV",
            "votes": {"HTTNV": official - n % 3, "HTNV": n % 3},
        }
        for n, name in enumerate(_people(MEMBERS))
    ]
    data["collective"] = data["collective"] | {"in_favour": official}
    return data


def big_ballot(data: dict) -> dict:
    data["members"] = [{"name": name} for name in _people(MEMBERS)]
    data["copies"] = 2
    return data


def _variant(kind_id: str, change: Callable[[dict], dict]) -> Callable[[], dict]:
    return lambda: change(copy.deepcopy(sample(kind_id)))


def _file(name: str) -> Callable[[], dict]:
    return lambda: json.loads((SAMPLES / name).read_text(encoding="utf-8"))


STRESS: dict[str, tuple[str, Callable[[], dict]]] = {
    "long-names.nghi-quyet-thang": ("nghi-quyet-thang", _variant("nghi-quyet-thang", long_names)),
    "long-names.bien-ban-thuong-ky": ("bien-ban-thuong-ky", _variant("bien-ban-thuong-ky", long_names)),
    "long-names.bao-cao-kiem-diem-tap-the": ("bao-cao-kiem-diem-tap-the", _variant("bao-cao-kiem-diem-tap-the", long_names)),
    "long-speeches.bien-ban-thuong-ky": ("bien-ban-thuong-ky", _variant("bien-ban-thuong-ky", long_speeches)),
    "many-guests.bien-ban-thuong-ky": ("bien-ban-thuong-ky", _variant("bien-ban-thuong-ky", many_guests)),
    "many-recipients.nghi-quyet-thang": ("nghi-quyet-thang", _variant("nghi-quyet-thang", many_recipients)),
    "45-members.bien-ban-xep-loai": ("bien-ban-xep-loai", _variant("bien-ban-xep-loai", big_review)),
    "45-members.phieu-xep-loai": ("phieu-xep-loai", _variant("phieu-xep-loai", big_ballot)),
    # A December sitting reviewing November, chaired by the deputy, with provincial guests.
    "december.bien-ban-thuong-ky": ("bien-ban-thuong-ky", _file("december-meeting.json")),
    "december.nghi-quyet-thang": ("nghi-quyet-thang", _file("december-meeting.json")),
}
# A cell's year-end set as the batch binds it: the collective report, the minutes, the ballots, self-reviews.
BOOK_KINDS = (
    "bao-cao-kiem-diem-tap-the",
    "bien-ban-xep-loai",
    "phieu-xep-loai",
    "ban-kiem-diem-ca-nhan",
    "ban-kiem-diem-ca-nhan",
)


@functools.cache
def produce(kind_id: str, profile_id: str, variant: str | None = None) -> bytes:
    data = STRESS[variant][1]() if variant else sample(kind_id)
    return pipeline.produce(kind_id, data, profile_id=profile_id).content


def merged_book(profile_id: str) -> bytes:
    return book.merge([produce(kind, profile_id) for kind in BOOK_KINDS], "Tập hồ sơ kiểm điểm")


def corpus() -> list[tuple[str, str, Callable[[], bytes]]]:
    """(identifier, profile, maker) for every item, in a stable order."""
    items = [
        (f"{kind.id}.{profile.id}", profile.id, functools.partial(produce, kind.id, profile.id))
        for kind in all_kinds()
        for profile in all_profiles()
    ]
    items += [
        (f"{name}.{profile.id}", profile.id, functools.partial(produce, kind, profile.id, name))
        for name, (kind, _) in STRESS.items()
        for profile in all_profiles()
    ]
    items += [(f"book.{profile.id}", profile.id, functools.partial(merged_book, profile.id)) for profile in all_profiles()]
    return items
