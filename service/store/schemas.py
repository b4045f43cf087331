"""What a caller may send to create or change an organization, a term or a member.

The same models validate the API's JSON, the CLI's options and every row of an
imported roster, so the three doors accept and refuse the same things, with the
same Vietnamese messages (service.kinds.base.parse).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, model_validator

from service.findings import Finding, InputInvalid
from service.kinds.base import BirthDate, Date, Model, ShortText, parse
from service.store.models import MAX_ID
from service.vietnamese.text import DuplicateKey, normalize_input

OptionalText = str | None


def parse_valid(model: type[Model], data: Any, *, text: bool = False) -> Model:
    """The cleaned, validated model, or InputInvalid with every problem as a Vietnamese finding; `text` as
    for service.kinds.base.parse (a form's values)."""
    try:
        data = normalize_input(data)
    except DuplicateKey as duplicate:
        raise InputInvalid([Finding("", "duplicate_keys", f"Dữ liệu có hai trường trùng tên “{duplicate.cleaned}”.")])
    parsed, findings = parse(model, data, text=text)
    if parsed is None:
        raise InputInvalid(findings)
    return parsed


class OrganizationIn(Model):
    parent_id: int | None = Field(None, ge=1, le=MAX_ID, title="Mã tổ chức cấp trên")
    level: Literal["dang_bo", "chi_bo"] = Field("chi_bo", title="Cấp tổ chức")
    name: ShortText = Field(title="Tên tổ chức", examples=["Chi bộ Thôn Đông"])
    upper_name: OptionalText = Field(
        None, title="Tên cấp ủy cấp trên trực tiếp", max_length=300, description="Dùng khi cấp trên không có trong hệ thống."
    )
    abbreviation: str = Field(
        "CB", title="Ký hiệu cơ quan ban hành", min_length=1, max_length=20, pattern=r"^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$"
    )
    place: ShortText = Field(title="Địa danh", examples=["An Phú"])
    created_on: Date = Field(
        default_factory=dt.date.today,
        title="Ngày bắt đầu sử dụng",
        description="Nhiệm kỳ mặc định (khi chưa ghi nhiệm kỳ) bắt đầu từ ngày này.",
    )


class TermIn(Model):
    name: ShortText = Field(title="Tên nhiệm kỳ", max_length=100, examples=["Nhiệm kỳ 2025 - 2030"])
    start_on: Date = Field(title="Ngày bắt đầu nhiệm kỳ")
    end_on: Date | None = Field(None, title="Ngày kết thúc nhiệm kỳ")

    @model_validator(mode="after")
    def _ordered(self) -> TermIn:
        if self.end_on is not None and self.end_on < self.start_on:
            raise ValueError("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu")
        return self


class MemberIn(Model):
    full_name: ShortText = Field(title="Họ và tên")
    birth_date: BirthDate | None = Field(None, title="Ngày sinh")
    gender: Literal["male", "female"] | None = Field(None, title="Giới tính")
    status: Literal["official", "probationary"] = Field("official", title="Chính thức/dự bị")
    admitted_on: Date | None = Field(None, title="Ngày vào Đảng")
    official_on: Date | None = Field(None, title="Ngày chính thức")
    party_position: OptionalText = Field(None, title="Chức vụ đảng", max_length=300)
    government_position: OptionalText = Field(None, title="Chức vụ chính quyền", max_length=300)
    mass_position: OptionalText = Field(None, title="Chức vụ đoàn thể", max_length=300)
    unit: OptionalText = Field(None, title="Đơn vị", max_length=300)
    exempt: bool = Field(False, title="Miễn sinh hoạt")
    active: bool = Field(True, title="Đang sinh hoạt")

    @model_validator(mode="after")
    def _consistent(self) -> MemberIn:
        problems = self.contradictions()
        if problems:
            raise ValueError(problems[0])
        return self

    def contradictions(self) -> list[str]:
        """What the member's fields say against each other (also read from a roster row's valid cells)."""
        problems = []
        if self.status == "probationary" and self.official_on is not None:
            problems.append("Đảng viên dự bị: chưa có ngày chính thức")
        if self.admitted_on and self.official_on and self.official_on < self.admitted_on:
            problems.append("Ngày chính thức phải sau ngày vào Đảng")
        return problems


# A document type's letters in a number ("NQ" in "Số 05-NQ/CB").
DOC_TYPE_PATTERN = r"^[A-ZĐ][A-ZĐa-zđ]{0,9}$"


class RevisionIn(Model):
    """A correction of an issued document (same number) or a replacement of one sent out (new number)."""

    reason: str = Field(title="Lý do", min_length=1, max_length=500, examples=["Sửa tên người vắng mặt"])
    input: dict[str, Any] = Field(
        title="Dữ liệu văn bản", description="The whole input of the document's kind, as for POST /api/v1/documents/{kind}."
    )


class ReservationIn(Model):
    doc_type: str = Field(title="Loại văn bản", pattern=DOC_TYPE_PATTERN, examples=["NQ"])
    date: Date = Field(title="Ngày văn bản")
    note: OptionalText = Field(None, title="Ghi chú", max_length=300)
