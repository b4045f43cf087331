"""The cell's collective review report (báo cáo kiểm điểm tập thể, Mẫu 01-HD KĐ.ĐG), "Số NN-BC/CB".

Sections per spec §3.6 (2023) and addendum §1.3 (2025), read from the
regime's data like the personal forms; signed T/M CHI BỘ. HD 43 asks for the
draft to reach the participants three working days ahead, hence the draft mark.
"""

from __future__ import annotations

from pydantic import Field

from service.findings import Finding, pointer
from service.formats.layout import Layout, ResolutionSignature
from service.formats.profiles import Profile
from service.kinds.base import Model
from service.kinds.common import (
    DEFAULT_RECIPIENTS_NOTE,
    Organization,
    Recipients,
    Signer,
    header_context,
    recipients_context,
)
from service.kinds.registry import Kind, register
from service.kinds.review_parts import (
    FORM_BODY,
    Day,
    Points,
    Regime,
    ReviewYear,
    Text,
    check_form,
    close_form,
    form_parts,
    regime_context,
    review_date,
    rules_of,
)
from service.rules.reviews import LevelCode, ReviewRules


class CollectiveReviewInput(Model):
    organization: Organization = Field(title="Chi bộ")
    year: ReviewYear
    regime: Regime = None
    date: Day = Field(None, title="Ngày báo cáo", description="Để trống: in dòng chấm để ghi tay ngày ký.")
    report_number: int | None = Field(None, ge=1, le=9999, title="Số báo cáo")
    draft: bool = Field(False, title="Dự thảo")
    principles: Text = Field(None, title="Thực hiện nguyên tắc tổ chức, tập trung dân chủ, quy chế làm việc")
    targets: Text = Field(None, title="Kết quả thực hiện nhiệm vụ chính trị, chỉ tiêu, nhiệm vụ được giao")
    ideology: Text = Field(None, title="Công tác chính trị, tư tưởng")
    party_building: Text = Field(None, title="Công tác xây dựng Đảng, tổ chức, cán bộ, đảng viên")
    inspection: Text = Field(None, title="Công tác kiểm tra, giám sát")
    implementation: Text = Field(None, title="Trách nhiệm triển khai, tổ chức thực hiện chủ trương, nghị quyết")
    shortcomings: Text = Field(None, title="Hạn chế, khuyết điểm")
    causes: Text = Field(None, title="Nguyên nhân của hạn chế, khuyết điểm")
    remedied: Text = Field(None, title="Kết quả khắc phục hạn chế, khuyết điểm các kỳ trước")
    explanations: Text = Field(None, title="Giải trình các vấn đề được gợi ý kiểm điểm")
    responsibility: Text = Field(None, title="Trách nhiệm của tập thể và cá nhân")
    remedies: Text = Field(None, title="Phương hướng, biện pháp khắc phục")
    self_rating: LevelCode | None = Field(None, title="Tự nhận mức xếp loại của tập thể")
    score_general: Points = Field(None, title="Điểm nhóm tiêu chí chung")
    score_tasks: Points = Field(None, title="Điểm nhóm tiêu chí về kết quả thực hiện nhiệm vụ")
    recipients: Recipients | None = Field(None, title="Nơi nhận", description=DEFAULT_RECIPIENTS_NOTE)
    signer: Signer = Field(title="Người ký")


def _collective_form(rules: ReviewRules) -> tuple:
    return rules.collective.section


def _check(model: CollectiveReviewInput) -> list[Finding]:
    findings = check_form(model, _collective_form, None, lambda r: r.collective.code)
    if model.report_number is None and not model.draft:
        findings.append(
            Finding(
                pointer("report_number"),
                "number_missing",
                "Số báo cáo: bắt buộc phải có để ban hành báo cáo (chỉ được bỏ trống ở bản dự thảo).",
            )
        )
    return findings


def _context(model: CollectiveReviewInput, profile: Profile) -> dict:
    rules = rules_of(model)
    context = header_context(
        model.organization, profile, doc_type="BC", number=model.report_number, day=model.date, draft=model.draft
    )
    parts = form_parts(rules.collective.section, model, rules, None, level_field="self_rating")
    close_form(parts, "", profile.closing.mark)
    context.update(
        {
            "regime": regime_context(rules, model.year),
            "form": {"code": rules.collective.code, "summary": rules.collective.summary.format(year=model.year)},
            "parts": parts,
            "recipients": recipients_context(model.recipients, model.organization),
            "signer": {"name": model.signer.name, "title": model.signer.title},
        }
    )
    return context


LAYOUT = Layout(
    kind="bao-cao-kiem-diem-tap-the",
    doc_type="BC",
    title="BÁO CÁO",
    summary="{{ form.summary }}",
    form_code="{{ form.code }}",
    blocks=(FORM_BODY, ResolutionSignature()),
)

register(
    Kind(
        id="bao-cao-kiem-diem-tap-the",
        title="Báo cáo kiểm điểm tập thể chi bộ",
        input_model=CollectiveReviewInput,
        layout=LAYOUT,
        check=_check,
        context=_context,
        document_date=lambda m: review_date(m.date, m.year),
        filename=lambda m: f"Báo cáo kiểm điểm tập thể năm {m.year}",
        sample="collective-review.json",
        number=lambda m: m.report_number,
        number_field="report_number",
        ruleset=lambda m: rules_of(m).id,
    )
)
