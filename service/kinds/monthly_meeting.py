"""The monthly regular meeting (sinh hoạt chi bộ thường kỳ): one input, two documents.

The minutes (biên bản) record the meeting; the monthly resolution (nghị quyết)
takes last month's results as its evaluation part and next month's tasks as its
body (spec §3.2, §3.4).
"""
from __future__ import annotations

from pydantic import Field

from service.findings import Finding, pointer
from service.formats.layout import Bullet, Centered, Heading, If, Layout, Loop, Para, ResolutionSignature, bold
from service.formats.profiles import Profile
from service.kinds.base import LongText, Model, ShortText, Year
from service.kinds.common import (DEFAULT_RECIPIENTS, Organization, Person, Signer, header_context, item_text,
                                  signer_for)
from service.kinds.meeting_parts import (CELL_MET, MINUTES_CLOSING, MINUTES_OPENING, Attendance, Meeting, Vote,
                                         check_attendance, check_meeting, check_vote, not_passed, session_context,
                                         vote_blocks, vote_context, vote_passes)
from service.kinds.registry import Kind, register
from service.rules.meetings import meeting_rules_for
from service.vietnamese.dates import month_words

MAX_ITEMS = 200


class Period(Model):
    month: int = Field(ge=1, le=12, title="Tháng")
    year: Year = Field(title="Năm")

    def next(self) -> "Period":
        # Derived, not typed: the month after December of the last year typed is still a real month.
        month, year = (1, self.year + 1) if self.month == 12 else (self.month + 1, self.year)
        return Period.model_construct(month=month, year=year)

    def words(self) -> str:
        return month_words(self.month, self.year)


class HoChiMinhItem(Model):
    presenter: ShortText = Field(title="Người trình bày")
    story: ShortText = Field(title="Câu chuyện, chủ đề")
    lesson: LongText = Field(title="Bài học liên hệ")


class Speech(Model):
    speaker: ShortText = Field(title="Người phát biểu")
    content: LongText = Field(title="Nội dung phát biểu")


class Results(Model):
    achievements: list[LongText] = Field(default_factory=list, title="Kết quả đạt được", max_length=MAX_ITEMS)
    shortcomings: list[LongText] = Field(default_factory=list, title="Hạn chế, khuyết điểm", max_length=MAX_ITEMS)
    causes: list[LongText] = Field(default_factory=list, title="Nguyên nhân", max_length=MAX_ITEMS)


class Task(Model):
    content: LongText = Field(title="Nội dung nhiệm vụ")
    owner: str | None = Field(None, title="Người, bộ phận thực hiện", max_length=300)
    deadline: str | None = Field(None, title="Thời hạn", max_length=100)


class TaskArea(Model):
    area: ShortText = Field(title="Lĩnh vực")
    tasks: list[Task] = Field(title="Nhiệm vụ", min_length=1, max_length=MAX_ITEMS)


class MonthlyMeetingInput(Model):
    """One monthly meeting, enough for both its minutes and its resolution."""
    organization: Organization = Field(title="Chi bộ")
    meeting: Meeting = Field(title="Buổi sinh hoạt")
    period: Period | None = Field(None, title="Tháng sinh hoạt",
                                  description="Tháng được đánh giá; mặc định là tháng của ngày họp.")
    attendance: Attendance = Field(title="Thành phần tham dự")
    guests: list[Person] = Field(default_factory=list, title="Đại biểu mời", max_length=MAX_ITEMS)
    chair: Person = Field(title="Chủ trì")
    secretary: Person = Field(title="Thư ký")
    agenda: list[LongText] = Field(title="Chương trình", min_length=1, max_length=MAX_ITEMS)
    ho_chi_minh: HoChiMinhItem | None = Field(None, title="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    last_month: Results = Field(title="Kết quả thực hiện nghị quyết tháng trước")
    next_month: list[TaskArea] = Field(title="Nhiệm vụ tháng tới", min_length=1, max_length=MAX_ITEMS)
    speeches: list[Speech] = Field(default_factory=list, title="Ý kiến phát biểu", max_length=MAX_ITEMS)
    conclusion: LongText = Field(title="Kết luận của chủ trì")
    vote: Vote = Field(title="Biểu quyết thông qua nghị quyết")
    legal_bases: list[LongText] = Field(default_factory=lambda: ["Điều lệ Đảng Cộng sản Việt Nam"],
                                        title="Căn cứ ban hành nghị quyết", max_length=MAX_ITEMS)
    implementation: list[LongText] = Field(
        default_factory=lambda: ["Chi ủy, các đồng chí đảng viên được phân công có trách nhiệm tổ chức thực hiện "
                                 "nghị quyết; báo cáo kết quả tại buổi sinh hoạt chi bộ tháng sau"],
        title="Tổ chức thực hiện", max_length=MAX_ITEMS)
    resolution_number: int | None = Field(None, ge=1, le=9999, title="Số nghị quyết")
    minutes_number: int | None = Field(None, ge=1, le=9999, title="Số biên bản")
    recipients: list[ShortText] = Field(default_factory=lambda: list(DEFAULT_RECIPIENTS), title="Nơi nhận",
                                        max_length=50)
    signer: Signer | None = Field(None, title="Người ký nghị quyết",
                                  description="Mặc định là đồng chí chủ trì, ký với chức vụ Bí thư.")
    draft: bool = Field(False, title="Dự thảo")

    @property
    def reviewed(self) -> Period:
        return self.period or Period(month=self.meeting.date.month, year=self.meeting.date.year)

    @property
    def following(self) -> Period:
        return self.reviewed.next()


def _check(model: MonthlyMeetingInput) -> list[Finding]:
    rules = meeting_rules_for(model.meeting.date)
    return [*check_meeting(model.meeting, rules, at="meeting"),
            *check_attendance(model.attendance, rules, at="attendance"),
            *check_vote(model.vote, model.attendance, at="vote")]


def _check_resolution(model: MonthlyMeetingInput) -> list[Finding]:
    findings = _check(model)
    if model.resolution_number is None:
        findings.append(Finding(pointer("resolution_number"), "number_missing",
                                "Số nghị quyết: bắt buộc phải có để ban hành nghị quyết."))
    if not any(f.severity == "error" for f in findings) and not vote_passes(model.vote, model.attendance):
        findings.append(not_passed(model.vote, model.attendance, "error"))
    return findings


def _check_minutes(model: MonthlyMeetingInput) -> list[Finding]:
    findings = _check(model)
    if not any(f.severity == "error" for f in findings) and not vote_passes(model.vote, model.attendance):
        findings.append(not_passed(model.vote, model.attendance, "warning"))
    return findings


def task_line(task: Task) -> str:
    details = "; ".join(part for part in (task.owner and f"thực hiện: {task.owner}",
                                          task.deadline and f"thời hạn: {task.deadline}") if part)
    return item_text(task.content) + (f" ({details})" if details else "")


def results_context(results: Results) -> dict:
    return {key: [item_text(x) for x in items] for key, items in results.model_dump().items()}


def areas_context(areas: list[TaskArea]) -> list[dict]:
    return [{"area": a.area, "tasks": [task_line(t) for t in a.tasks]} for a in areas]


def _context(model: MonthlyMeetingInput, profile: Profile, *, doc_type: str, number: int | None) -> dict:
    context = header_context(model.organization, profile, doc_type=doc_type, number=number,
                             day=model.meeting.date, draft=model.draft)
    context.update(session_context(model.meeting, model.attendance, model.chair, model.secretary, model.guests))
    signer = signer_for(model.signer, model.chair)
    context.update({
        "vote": vote_context(model.vote, model.attendance),
        "period": {"reviewed": model.reviewed.words(), "following": model.following.words()},
        "agenda": [item_text(x) for x in model.agenda],
        "hcm": model.ho_chi_minh.model_dump() if model.ho_chi_minh else None,
        "speeches": [s.model_dump() for s in model.speeches],
        "conclusion": model.conclusion,
        "results": results_context(model.last_month),
        "areas": areas_context(model.next_month),
        "bases": [item_text(x) for x in model.legal_bases],
        "implementation": [item_text(x) for x in model.implementation],
        "recipients": list(model.recipients),
        "signer": {"name": signer.name, "title": signer.title},
    })
    return context


def minutes_context(model: MonthlyMeetingInput, profile: Profile) -> dict:
    return _context(model, profile, doc_type="BB", number=model.minutes_number)


def _resolution_context(model: MonthlyMeetingInput, profile: Profile) -> dict:
    return _context(model, profile, doc_type="NQ", number=model.resolution_number)


def results_blocks(level: int, *, with_causes: bool) -> tuple:
    """Last month's results: numbered sub-headings at `level`, each followed by its bullets."""
    parts = [("achievements", "Kết quả đạt được"), ("shortcomings", "Hạn chế, khuyết điểm")]
    if with_causes:
        parts.append(("causes", "Nguyên nhân"))
    return tuple(If(f"results.{key}", Heading(level, title), Loop(f"x in results.{key}", Bullet("{{ x }}.")))
                 for key, title in parts)


# What the regular part of a meeting went through, as level-2 sections: shared with the combined
# regular + thematic minutes.
REGULAR_PROCEEDINGS = (
    If("hcm", Heading(2, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
       Para("Đồng chí {{ hcm.presenter }} trình bày câu chuyện: {{ hcm.story }}."),
       Para("Bài học liên hệ: {{ hcm.lesson }}")),
    Heading(2, "Đánh giá kết quả thực hiện nghị quyết {{ period.reviewed }}"),
    *results_blocks(3, with_causes=False),
    Heading(2, "Phương hướng, nhiệm vụ {{ period.following }}"),
    Loop("a in areas", Para(bold("{{ a.area }}:")), Loop("t in a.tasks", Bullet("{{ t }}."))),
    Heading(2, "Ý kiến thảo luận"),
    If("speeches", Loop("s in speeches", Bullet(bold("Đồng chí {{ s.speaker }}: "), "{{ s.content }}"))),
    If("not speeches", Para("Không có ý kiến khác.")),
    Heading(2, "Kết luận của chủ trì"),
    Para("{{ conclusion }}"),
)

REGULAR_VOTE = vote_blocks("vote", "Nghị quyết {{ period.reviewed }}", "Nghị quyết")

MINUTES_LAYOUT = Layout(
    kind="bien-ban-thuong-ky",
    doc_type="BB",
    title="BIÊN BẢN",
    summary="Sinh hoạt chi bộ thường kỳ {{ period.reviewed }}",
    blocks=(
        *MINUTES_OPENING,
        Heading(1, "Nội dung"),
        Loop("item in agenda", Bullet("{{ item }}.")),
        Heading(1, "Diễn biến"),
        *REGULAR_PROCEEDINGS,
        Heading(1, "Biểu quyết"),
        *REGULAR_VOTE,
        *MINUTES_CLOSING,
    ),
)

RESOLUTION_LAYOUT = Layout(
    kind="nghi-quyet-thang",
    doc_type="NQ",
    title="NGHỊ QUYẾT",
    summary="về nhiệm vụ {{ period.following }}",
    blocks=(
        Loop("b in bases", Para("- Căn cứ {{ b }};")),
        Para(CELL_MET + ", sau khi thảo luận,"),
        Centered("QUYẾT NGHỊ:"),
        Heading(1, "Đánh giá kết quả thực hiện nghị quyết {{ period.reviewed }}"),
        *results_blocks(2, with_causes=True),
        Heading(1, "Nhiệm vụ trọng tâm {{ period.following }}"),
        Loop("a in areas", Heading(2, "{{ a.area }}", number="loop"), Loop("t in a.tasks", Bullet("{{ t }}."))),
        Heading(1, "Tổ chức thực hiện"),
        Loop("x in implementation", Bullet("{{ x }}.")),
        Para("Nghị quyết được {{ vote.in_favour }}/{{ vote.denominator }} đảng viên chính thức tán thành, đạt "
             "{{ vote.percent }}", close=True),
        ResolutionSignature(),
    ),
)


def _filename(model: MonthlyMeetingInput, prefix: str) -> str:
    period = model.reviewed
    return f"{prefix} tháng {period.month:02d}-{period.year}"


register(Kind(
    id="bien-ban-thuong-ky", title="Biên bản sinh hoạt chi bộ thường kỳ", input_model=MonthlyMeetingInput,
    layout=MINUTES_LAYOUT, check=_check_minutes, context=minutes_context,
    document_date=lambda m: m.meeting.date, filename=lambda m: _filename(m, "Biên bản sinh hoạt"),
    sample="monthly-meeting.json", number=lambda m: m.minutes_number,
    ruleset=lambda m: meeting_rules_for(m.meeting.date).id))

register(Kind(
    id="nghi-quyet-thang", title="Nghị quyết chi bộ tháng", input_model=MonthlyMeetingInput,
    layout=RESOLUTION_LAYOUT, check=_check_resolution, context=_resolution_context,
    document_date=lambda m: m.meeting.date, filename=lambda m: _filename(m, "Nghị quyết"),
    sample="monthly-meeting.json", number=lambda m: m.resolution_number, number_field="resolution_number",
    ruleset=lambda m: meeting_rules_for(m.meeting.date).id))

