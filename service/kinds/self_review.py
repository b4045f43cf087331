"""A member's year-end self-review (bản kiểm điểm cá nhân): forms 02A/02B (HD 25-2023) and 2A/2B/2C
(HD 43-2025), chosen by regime and role (spec §3.5, addendum §1.2).

The input is flat, one roster row per member: identity, optional free-text
sections, self-rating and score. Only the identity is required, so a blank form
can be printed for a member to fill in by hand.
"""

from __future__ import annotations

from pydantic import Field

from service.findings import Finding, pointer
from service.formats.layout import If, Layout, Loop, Para, Signature, italic
from service.formats.profiles import Profile
from service.kinds.base import Model
from service.kinds.common import Line as Name, Organization, header_context
from service.kinds.registry import Kind, register
from service.kinds.review_parts import (
    FORM_BODY,
    BirthDay,
    Day,
    Distinction,
    Line,
    Points,
    Regime,
    ReviewYear,
    Text,
    check_form,
    close_form,
    form_parts,
    identity_value,
    regime_context,
    review_date,
    rules_of,
    shown_name,
)
from service.rules.reviews import LevelCode, ReviewRules, Role


class SelfReviewInput(Model):
    organization: Organization = Field(title="Chi bộ")
    year: ReviewYear
    regime: Regime = None
    role: Role = Field(
        "non_leader",
        title="Đối tượng",
        description="leader: giữ chức vụ lãnh đạo, quản lý; non_leader: không giữ chức vụ lãnh đạo, "
        "quản lý; outside_political_system: đảng viên không làm việc trong hệ thống chính "
        "trị (hưu trí, học sinh, sinh viên, làm việc ở doanh nghiệp tư nhân…).",
    )
    date: Day = Field(None, title="Ngày viết bản kiểm điểm")
    name: Name = Field(title="Họ và tên")
    distinction: Distinction = Field(
        None,
        description="Chỉ thêm vào tên tệp (không in trên bản kiểm điểm), để phân biệt hai người trùng họ tên trong chi bộ.",
    )
    birth_date: BirthDay = Field(None, title="Ngày sinh")
    party_position: Line = Field(None, title="Chức vụ Đảng")
    government_position: Line = Field(None, title="Chức vụ chính quyền, đoàn thể")
    unit: Line = Field(None, title="Đơn vị công tác")
    cell: Line = Field(None, title="Chi bộ", description="Mặc định là tên chi bộ của văn bản.")
    political_quality: Text = Field(None, title="Phẩm chất chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật")
    duties: Text = Field(None, title="Thực hiện chức trách, nhiệm vụ được giao")
    leadership: Text = Field(None, title="Kết quả lãnh đạo, quản lý")
    commitments: Text = Field(None, title="Thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu")
    shortcomings: Text = Field(None, title="Hạn chế, khuyết điểm")
    causes: Text = Field(None, title="Nguyên nhân của hạn chế, khuyết điểm")
    remedied: Text = Field(None, title="Kết quả khắc phục hạn chế, khuyết điểm các kỳ trước")
    explanations: Text = Field(None, title="Giải trình các vấn đề được gợi ý kiểm điểm")
    collective_responsibility: Text = Field(None, title="Trách nhiệm đối với hạn chế, khuyết điểm của tập thể")
    remedies: Text = Field(None, title="Phương hướng, biện pháp khắc phục")
    civil_servant_rating: Line = Field(None, title="Xếp loại cán bộ, công chức, viên chức")
    self_rating: LevelCode | None = Field(None, title="Tự nhận mức xếp loại")
    score_general: Points = Field(None, title="Điểm nhóm tiêu chí chung")
    score_tasks: Points = Field(None, title="Điểm nhóm tiêu chí về kết quả thực hiện nhiệm vụ")


def _personal_form(rules: ReviewRules) -> tuple:
    return (*rules.personal.identity, *rules.personal.section)


def _check(model: SelfReviewInput) -> list[Finding]:
    findings = check_form(model, _personal_form, model.role, lambda r: r.personal.forms[model.role].code)
    if model.date is not None and model.date.year not in (model.year, model.year + 1):
        findings.append(
            Finding(
                pointer("date"),
                "review_date_year",
                f"Ngày viết bản kiểm điểm ({model.date.year}) không thuộc năm kiểm điểm {model.year} hoặc năm sau đó.",
                "warning",
            )
        )
    return findings


def _identity(model: SelfReviewInput, rules: ReviewRules) -> list[dict]:
    values = model.model_dump() | {"cell": model.cell or model.organization.name}
    return [
        {"label": line.label, "value": identity_value(values[line.field], rules)}
        for line in rules.personal.identity
        if line.applies(model.role)
    ]


def _context(model: SelfReviewInput, profile: Profile) -> dict:
    rules = rules_of(model)
    personal, form = rules.personal, rules.personal.forms[model.role]
    context = header_context(model.organization, profile, doc_type="", number=None, day=model.date)
    parts = form_parts(personal.section, model, rules, model.role, level_field="self_rating")
    context.update(
        {
            "regime": regime_context(rules, model.year),
            "form": {
                "code": form.code,
                "title": personal.title,
                "subtitle": form.subtitle,
                "signature": personal.signature,
                "signature_note": personal.signature_note,
            },
            "identity": _identity(model, rules),
            "parts": parts,
            "note": close_form(parts, form.note, profile.closing.mark),
            "signer": model.name,
        }
    )
    return context


LAYOUT = Layout(
    kind="ban-kiem-diem-ca-nhan",
    doc_type="",
    title="{{ form.title }}",
    summary="Năm {{ regime.year }}",
    subtitle="{{ form.subtitle }}",
    form_code="{{ form.code }}",
    numbered=False,
    blocks=(
        Loop("f in identity", Para("{{ f.label }}: {{ f.value }}")),
        FORM_BODY,
        If("note", Para(italic("{{ note }}"), keep_next=True)),
        Signature("{{ form.signature }}", "{{ form.signature_note }}", "{{ signer }}"),
    ),
)

register(
    Kind(
        id="ban-kiem-diem-ca-nhan",
        title="Bản kiểm điểm, tự đánh giá, xếp loại cá nhân",
        input_model=SelfReviewInput,
        layout=LAYOUT,
        check=_check,
        context=_context,
        document_date=lambda m: review_date(m.date, m.year),
        filename=lambda m: f"Bản kiểm điểm năm {m.year} - {shown_name(m.name, m.distinction)}",
        sample="self-review.json",
        ruleset=lambda m: rules_of(m).id,
    )
)
