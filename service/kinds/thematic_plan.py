"""The yearly plan of thematic meetings (kế hoạch sinh hoạt chuyên đề năm), "Số NN-KH/CB".

Drawn up at the start of the year: for each quarter the topic, the group that
prepares it, the discussion questions and the month it is expected in (HD 42-2025
asks for thematic meetings planned ahead, at least once a quarter).
"""

from __future__ import annotations

from pydantic import Field

from service.findings import Finding, pointer
from service.formats.layout import Bullet, Column, Heading, Layout, Loop, Para, ResolutionSignature, Table
from service.formats.profiles import Profile
from service.formats.text_width import text_width_mm
from service.kinds.base import Date, LongText, Model, Year
from service.kinds.common import (
    DEFAULT_RECIPIENTS_NOTE,
    Line,
    Organization,
    Recipients,
    Signer,
    header_context,
    item_text,
    recipients_context,
)
from service.kinds.meeting_parts import closing_bullets
from service.kinds.registry import Kind, register
from service.vietnamese.text import bind, one_line, sentence
from service.kinds.monthly_meeting import MAX_ITEMS
from service.rules.meetings import meeting_rules_for
from service.vietnamese.dates import month_words, quarter_words, roman


class PlannedTopic(Model):
    quarter: int = Field(ge=1, le=4, title="Quý")
    month: int = Field(ge=1, le=12, title="Tháng dự kiến")
    topic: Line = Field(title="Chuyên đề")
    group: list[Line] = Field(title="Nhóm chuẩn bị", min_length=1, max_length=20)
    questions: list[LongText] = Field(default_factory=list, title="Câu hỏi gợi ý thảo luận", max_length=20)


class ThematicPlanInput(Model):
    organization: Organization = Field(title="Chi bộ")
    date: Date = Field(title="Ngày ban hành")
    year: Year = Field(title="Năm kế hoạch")
    plan_number: int | None = Field(None, ge=1, le=9999, title="Số kế hoạch")
    legal_bases: list[LongText] = Field(default_factory=list, title="Căn cứ", max_length=MAX_ITEMS)
    purposes: list[LongText] = Field(title="Mục đích, yêu cầu", min_length=1, max_length=MAX_ITEMS)
    topics: list[PlannedTopic] = Field(title="Chuyên đề theo quý", min_length=1, max_length=48)
    implementation: list[LongText] = Field(
        default_factory=lambda: [
            "Chi ủy phân công nhóm chuẩn bị, duyệt nội dung và gửi tài liệu cho đảng viên trước "
            "buổi sinh hoạt ít nhất 01 ngày",
            "Các đồng chí đảng viên nghiên cứu tài liệu, chuẩn bị ý kiến thảo luận",
        ],
        title="Tổ chức thực hiện",
        max_length=MAX_ITEMS,
    )
    recipients: Recipients | None = Field(None, title="Nơi nhận", description=DEFAULT_RECIPIENTS_NOTE)
    signer: Signer = Field(title="Người ký")
    draft: bool = Field(False, title="Dự thảo")


def _check(model: ThematicPlanInput) -> list[Finding]:
    rules = meeting_rules_for(model.date)
    findings = []
    if model.plan_number is None:
        findings.append(
            Finding(pointer("plan_number"), "number_missing", "Số kế hoạch: bắt buộc phải có để ban hành kế hoạch.")
        )
    if model.date.year not in (model.year - 1, model.year):
        findings.append(
            Finding(
                pointer("date"),
                "plan_date_year",
                f"Ngày ban hành ({model.date.year}) không thuộc năm kế hoạch {model.year} hoặc năm trước đó.",
                "warning",
            )
        )
    for index, item in enumerate(model.topics):
        findings += _check_topic(item, index, rules.thematic_presenters, rules.thematic_questions)
    for quarter in range(1, 5):
        count = sum(1 for item in model.topics if item.quarter == quarter)
        if count < rules.thematic_min_per_quarter:
            findings.append(
                Finding(
                    pointer("topics"),
                    "quarter_without_thematic",
                    f"Chuyên đề theo quý: {quarter_words(quarter)} chưa có chuyên đề; chi bộ sinh "
                    "hoạt chuyên đề ít nhất mỗi quý một lần.",
                    "warning",
                )
            )
    return findings


def _check_topic(item: PlannedTopic, index: int, group: tuple[int, int], questions: tuple[int, int]) -> list[Finding]:
    findings = []
    if (item.month - 1) // 3 + 1 != item.quarter:
        findings.append(
            Finding(
                pointer("topics", index, "month"),
                "month_outside_quarter",
                f"Tháng dự kiến: {month_words(item.month)} không thuộc {quarter_words(item.quarter)}.",
            )
        )
    if not group[0] <= len(item.group) <= group[1]:
        findings.append(
            Finding(
                pointer("topics", index, "group"),
                "thematic_group_size",
                f"Nhóm chuẩn bị chuyên đề “{item.topic}” có {len(item.group)} đồng chí; thông "
                f"thường từ {group[0]} đến {group[1]} đồng chí.",
                "warning",
            )
        )
    if not questions[0] <= len(item.questions) <= questions[1]:
        findings.append(
            Finding(
                pointer("topics", index, "questions"),
                "thematic_question_count",
                f"Câu hỏi gợi ý thảo luận của chuyên đề “{item.topic}”: có {len(item.questions)} "
                f"câu; chi ủy thường nêu từ {questions[0]} đến {questions[1]} câu.",
                "warning",
            )
        )
    return findings


# Relative widths of the plan table's columns; the group column is wide enough for a four-word name in the
# table's 12 pt, so that a name stays on one line (its words are joined by non-breaking spaces).
COLUMNS = {"quarter": 7, "month": 13, "topic": 21, "group": 30, "questions": 29}


def group_names(names: list[str], profile: Profile) -> str:
    """The preparing group as the table prints it: a name per line, each kept on its line; a name too long for
    the column (five words and more) may break once, between its family and middle names and its given name."""
    table = profile.table
    column = profile.page.text_width_mm * COLUMNS["group"] / sum(COLUMNS.values()) - 2 * table.cell_margin_mm
    printed = []
    for name in names:
        words = name.split()
        if text_width_mm(name, table.size_pt) <= column or len(words) < 3:
            printed.append(bind(name))
        else:
            printed.append(f"{bind(' '.join(words[:-2]))} {bind(' '.join(words[-2:]))}")
    return "\n".join(printed)


def _context(model: ThematicPlanInput, profile: Profile) -> dict:
    context = header_context(
        model.organization, profile, doc_type="KH", number=model.plan_number, day=model.date, draft=model.draft
    )
    topics = sorted(model.topics, key=lambda item: (item.quarter, item.month))
    context.update(
        {
            "year": model.year,
            "bases": [item_text(x) for x in model.legal_bases],
            "purposes": [sentence(x) for x in model.purposes],
            "topics": [
                {
                    "quarter": roman(item.quarter),
                    "month": month_words(item.month).capitalize(),
                    "topic": item.topic,
                    "group": group_names(item.group, profile),
                    "questions": "\n".join(f"{number}. {one_line(q)}" for number, q in enumerate(item.questions, 1)),
                }
                for item in topics
            ],
            "implementation": [sentence(x) for x in model.implementation],
            "recipients": recipients_context(model.recipients, model.organization),
            "signer": {"name": model.signer.name, "title": model.signer.title},
        }
    )
    return context


LAYOUT = Layout(
    kind="ke-hoach-chuyen-de-nam",
    doc_type="KH",
    title="KẾ HOẠCH",
    summary="sinh hoạt chuyên đề năm {{ year }}",
    blocks=(
        Loop("b in bases", Para("- Căn cứ {{ b }};")),
        Para("Chi bộ xây dựng kế hoạch sinh hoạt chuyên đề năm {{ year }} như sau:"),
        Heading(1, "Mục đích, yêu cầu"),
        Loop("x in purposes", Bullet("{{ x }}")),
        Heading(1, "Nội dung, thời gian"),
        Table(
            "t in topics",
            Column("Quý", "{{ t.quarter }}", COLUMNS["quarter"]),
            Column("Thời gian dự kiến", "{{ t.month }}", COLUMNS["month"]),
            Column("Chuyên đề", "{{ t.topic }}", COLUMNS["topic"], "left"),
            Column("Nhóm chuẩn bị", "{{ t.group }}", COLUMNS["group"], "left"),
            Column("Câu hỏi gợi ý thảo luận", "{{ t.questions }}", COLUMNS["questions"], "left"),
        ),
        Heading(1, "Tổ chức thực hiện"),
        *closing_bullets("x in implementation"),
        Para("Kế hoạch này được phổ biến đến toàn thể đảng viên trong chi bộ để thực hiện", close=True),
        ResolutionSignature(),
    ),
)

register(
    Kind(
        id="ke-hoach-chuyen-de-nam",
        title="Kế hoạch sinh hoạt chuyên đề năm",
        input_model=ThematicPlanInput,
        layout=LAYOUT,
        check=_check,
        context=_context,
        document_date=lambda m: m.date,
        filename=lambda m: f"Kế hoạch sinh hoạt chuyên đề năm {m.year}",
        sample="thematic-plan.json",
        number=lambda m: m.plan_number,
        number_field="plan_number",
        ruleset=lambda m: meeting_rules_for(m.date).id,
    )
)
