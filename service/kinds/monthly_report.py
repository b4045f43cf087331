"""The monthly report (báo cáo kết quả thực hiện nhiệm vụ tháng), "Số NN-BC/CB".

The committee sends it to members before the regular meeting, usually as a
draft: with `draft` the profile's "Dự thảo" mark is printed and the number may
still be blank.
"""
from __future__ import annotations

from pydantic import Field

from service.findings import Finding, pointer
from service.formats.layout import Bullet, Heading, If, Layout, Loop, Para, ResolutionSignature, bold
from service.formats.profiles import Profile
from service.kinds.base import Date, LongText, Model, ShortText
from service.kinds.common import DEFAULT_RECIPIENTS, Organization, Signer, header_context, item_text
from service.kinds.monthly_meeting import MAX_ITEMS, Period, TaskArea, areas_context
from service.kinds.registry import Kind, register


class AreaResults(Model):
    area: ShortText = Field(title="Lĩnh vực")
    results: list[LongText] = Field(title="Kết quả", min_length=1, max_length=MAX_ITEMS)


class MonthlyReportInput(Model):
    organization: Organization = Field(title="Chi bộ")
    date: Date = Field(title="Ngày báo cáo")
    period: Period | None = Field(None, title="Tháng báo cáo", description="Mặc định là tháng của ngày báo cáo.")
    report_number: int | None = Field(None, ge=1, le=9999, title="Số báo cáo")
    draft: bool = Field(False, title="Dự thảo")
    areas: list[AreaResults] = Field(title="Kết quả thực hiện nhiệm vụ theo lĩnh vực", min_length=1,
                                     max_length=MAX_ITEMS)
    shortcomings: list[LongText] = Field(default_factory=list, title="Hạn chế, khuyết điểm", max_length=MAX_ITEMS)
    causes: list[LongText] = Field(default_factory=list, title="Nguyên nhân", max_length=MAX_ITEMS)
    party_fees: LongText | None = Field(None, title="Tình hình thu, nộp đảng phí")
    next_month: list[TaskArea] = Field(title="Phương hướng, nhiệm vụ tháng tới", min_length=1, max_length=MAX_ITEMS)
    proposals: list[LongText] = Field(default_factory=list, title="Kiến nghị, đề xuất", max_length=MAX_ITEMS)
    recipients: list[ShortText] = Field(default_factory=lambda: list(DEFAULT_RECIPIENTS), title="Nơi nhận",
                                        max_length=50)
    signer: Signer = Field(title="Người ký")

    @property
    def reported(self) -> Period:
        return self.period or Period(month=self.date.month, year=self.date.year)


def _check(model: MonthlyReportInput) -> list[Finding]:
    findings = []
    if model.report_number is None and not model.draft:
        findings.append(Finding(pointer("report_number"), "number_missing",
                                "Số báo cáo: bắt buộc phải có để ban hành báo cáo (chỉ được bỏ trống ở bản dự thảo)."))
    reported, day = model.reported, Period(month=model.date.month, year=model.date.year)
    if day not in (reported, reported.next()):
        findings.append(Finding(pointer("date"), "report_date_period",
                                f"Ngày báo cáo không thuộc {reported.words()} hoặc tháng sau đó.", "warning"))
    return findings


def _items(texts: list[str]) -> list[str]:
    return [item_text(x) for x in texts]


def _context(model: MonthlyReportInput, profile: Profile) -> dict:
    context = header_context(model.organization, profile, doc_type="BC", number=model.report_number, day=model.date,
                             draft=model.draft)
    context.update({
        "period": {"reviewed": model.reported.words(), "following": model.reported.next().words()},
        # "results", not "items": Jinja would find the dict's items() method first.
        "areas": [{"area": a.area, "results": _items(a.results)} for a in model.areas],
        "shortcomings": _items(model.shortcomings),
        "causes": _items(model.causes),
        "party_fees": model.party_fees and item_text(model.party_fees),
        "next_month": areas_context(model.next_month),
        "proposals": _items(model.proposals),
        "recipients": list(model.recipients),
        "signer": {"name": model.signer.name, "title": model.signer.title},
    })
    return context


LAYOUT = Layout(
    kind="bao-cao-thang",
    doc_type="BC",
    title="BÁO CÁO",
    summary="kết quả thực hiện nhiệm vụ {{ period.reviewed }} và phương hướng, nhiệm vụ {{ period.following }}",
    blocks=(
        Heading(1, "Kết quả thực hiện nhiệm vụ {{ period.reviewed }}"),
        Loop("a in areas", Heading(2, "{{ a.area }}", number="loop"), Loop("x in a.results", Bullet("{{ x }}."))),
        If("party_fees", Para(bold("Thu, nộp đảng phí: "), "{{ party_fees }}.")),
        If("shortcomings", Para(bold("Hạn chế, khuyết điểm:"), keep_next=True),
           Loop("x in shortcomings", Bullet("{{ x }}."))),
        If("causes", Para(bold("Nguyên nhân:"), keep_next=True), Loop("x in causes", Bullet("{{ x }}."))),
        Heading(1, "Phương hướng, nhiệm vụ {{ period.following }}"),
        Loop("a in next_month", Heading(2, "{{ a.area }}", number="loop"), Loop("t in a.tasks", Bullet("{{ t }}."))),
        If("proposals", Heading(1, "Kiến nghị, đề xuất"), Loop("x in proposals", Bullet("{{ x }}."))),
        Para("Trên đây là báo cáo kết quả thực hiện nhiệm vụ {{ period.reviewed }} và phương hướng, nhiệm vụ "
             "{{ period.following }} của {{ org.title }}", close=True),
        ResolutionSignature(),
    ),
)

register(Kind(
    id="bao-cao-thang", title="Báo cáo kết quả thực hiện nhiệm vụ tháng", input_model=MonthlyReportInput,
    layout=LAYOUT, check=_check, context=_context, document_date=lambda m: m.date,
    filename=lambda m: f"Báo cáo tháng {m.reported.month:02d}-{m.reported.year}"
                       + (" (dự thảo)" if m.draft else ""),
    sample="monthly-report.json", number=lambda m: m.report_number, number_field="report_number"))
