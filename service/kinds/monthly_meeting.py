"""The monthly regular meeting (sinh hoạt chi bộ thường kỳ): one input, two documents.

The minutes (biên bản) record the sitting and are named by its month; the
monthly resolution (nghị quyết) evaluates the resolution of the reviewed month
and sets the tasks of its own month (spec §3.2, §3.4, §3.4a; HD 42-2025 for
what the minutes must record).
"""

from __future__ import annotations

from pydantic import Field

from service.findings import Finding, pointer
from service.formats.layout import (
    Bullet,
    Centered,
    Column,
    Heading,
    If,
    Layout,
    Loop,
    Para,
    ResolutionSignature,
    Table,
    bold,
)
from service.formats.profiles import Profile
from service.kinds.base import Count, LongText, Model, each
from service.kinds.common import (
    DEFAULT_RECIPIENTS_NOTE,
    Line,
    OptionalLine,
    Organization,
    Person,
    Recipients,
    Signer,
    as_subject,
    check_signer,
    header_context,
    item_text,
    person_phrase,
    recipients_context,
    same_person,
    signer_for,
)
from service.kinds.meeting_parts import (
    BLANK,
    CELL_MET,
    MINUTES_CLOSING,
    MINUTES_OPENING,
    Attendance,
    Meeting,
    MinutesAdoption,
    Speech,
    Vote,
    VoteItem,
    acting_phrase,
    check_adoption,
    check_attendance,
    check_meeting,
    check_vote_item,
    closing_bullets,
    known_people,
    not_passed,
    passes,
    session_context,
    speech_blocks,
    speech_context,
    vote_blocks,
    vote_context,
    vote_subject,
)
from service.kinds.months import (
    Months,
    Period,
    check_agenda_months,
    check_deadlines,
    check_months,
    month_titles,
    sitting_months,
)
from service.kinds.registry import Kind, register
from service.rules.meetings import MeetingRules, meeting_rules_for
from service.vietnamese.text import bare, keep_year, lines, punctuate, sentence

MAX_ITEMS = 200
__all__ = ["MAX_ITEMS", "Period", "Speech", "MonthlyMeetingInput"]


class HoChiMinhItem(Model):
    presenter: Line = Field(
        title="Người trình bày", description="Đảng viên hoặc đại biểu mời; chức vụ lấy từ danh sách đại biểu nếu có."
    )
    position: OptionalLine = Field(None, title="Chức vụ người trình bày")
    story: Line = Field(title="Câu chuyện, chủ đề")
    lesson: LongText = Field(title="Bài học liên hệ")


class Results(Model):
    achievements: list[LongText] = Field(default_factory=list, title="Kết quả đạt được", max_length=MAX_ITEMS)
    shortcomings: list[LongText] = Field(default_factory=list, title="Hạn chế, khuyết điểm", max_length=MAX_ITEMS)
    causes: list[LongText] = Field(default_factory=list, title="Nguyên nhân", max_length=MAX_ITEMS)


class Task(Model):
    content: LongText = Field(title="Nội dung nhiệm vụ")
    owner: OptionalLine = Field(None, title="Người, bộ phận thực hiện")
    deadline: OptionalLine = Field(None, title="Thời hạn", max_length=100)


class TaskArea(Model):
    area: Line = Field(title="Lĩnh vực")
    tasks: list[Task] = Field(title="Nhiệm vụ", min_length=1, max_length=MAX_ITEMS)


MONTH_HELP = (
    "Mặc định theo ngày họp: tháng sinh hoạt là tháng của ngày họp; nghị quyết về nhiệm vụ của tháng đó "
    "nếu họp từ ngày 1 đến 15, của tháng sau nếu họp từ ngày 16; tháng được đánh giá là tháng liền trước "
    "tháng của nghị quyết."
)


class MonthlyMeetingInput(Model):
    """One monthly meeting, enough for both its minutes and its resolution."""

    organization: Organization = Field(title="Chi bộ")
    meeting: Meeting = Field(title="Buổi sinh hoạt")
    sitting_month: Period | None = Field(None, title="Tháng sinh hoạt", description="Tên biên bản. " + MONTH_HELP)
    tasks_month: Period | None = Field(
        None, title="Tháng của nghị quyết", description="Nghị quyết về nhiệm vụ tháng này. " + MONTH_HELP
    )
    reviewed_month: Period | None = Field(
        None, title="Tháng được đánh giá", description="Đánh giá kết quả thực hiện nghị quyết tháng này. " + MONTH_HELP
    )
    period: Period | None = Field(
        None,
        title="Tháng được đánh giá (cách nhập cũ)",
        description="Thay bằng reviewed_month; nghị quyết là của tháng sau tháng này.",
        json_schema_extra={"deprecated": True},
    )
    attendance: Attendance = Field(title="Thành phần tham dự")
    guests: list[Person] = Field(default_factory=list, title="Đại biểu mời", max_length=MAX_ITEMS)
    chair: Person = Field(title="Chủ trì")
    secretary: Person = Field(title="Thư ký")
    reporter: Person | None = Field(
        None, title="Người trình bày báo cáo và dự thảo nghị quyết", description="Mặc định là đồng chí chủ trì."
    )
    agenda: list[LongText] = Field(title="Chương trình", min_length=1, max_length=MAX_ITEMS)
    party_fees: LongText | None = Field(None, title="Tình hình thu, nộp đảng phí")
    ho_chi_minh: HoChiMinhItem | None = Field(None, title="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    last_month: Results = Field(title="Kết quả thực hiện nghị quyết tháng được đánh giá")
    next_month: list[TaskArea] = Field(title="Nhiệm vụ tháng của nghị quyết", min_length=1, max_length=MAX_ITEMS)
    speeches: list[Speech] = Field(default_factory=list, title="Ý kiến phát biểu", max_length=MAX_ITEMS)
    conclusion: LongText = Field(title="Kết luận của chủ trì")
    votes: list[VoteItem] = Field(
        default_factory=list,
        title="Các biểu quyết",
        max_length=50,
        description="Theo thứ tự tiến hành; đúng một biểu quyết thông qua nghị quyết "
        "(matter = resolution), hoặc nhập biểu quyết đó ở trường vote.",
    )
    vote: Vote | None = Field(
        None,
        title="Biểu quyết thông qua nghị quyết",
        description="Cách nhập ngắn gọn khi không dùng danh sách votes cho nghị quyết.",
    )
    quality: dict[str, Count] | None = Field(
        None,
        title="Tự đánh giá chất lượng buổi sinh hoạt",
        description="Điểm từng tiêu chí của phiếu 100 điểm (HD 42-2025): time, attendance, preparation, "
        "organisation, chairing, principles, results, closing. Để trống: biên bản in phiếu trống để "
        "chấm tay.",
    )
    minutes_adoption: MinutesAdoption = Field(default_factory=MinutesAdoption, title="Thông qua biên bản")
    legal_bases: list[LongText] = Field(
        default_factory=lambda: ["Điều lệ Đảng Cộng sản Việt Nam"], title="Căn cứ ban hành nghị quyết", max_length=MAX_ITEMS
    )
    implementation: list[LongText] = Field(
        default_factory=lambda: [
            "Chi ủy, các đồng chí đảng viên được phân công có trách nhiệm tổ chức thực hiện "
            "nghị quyết; báo cáo kết quả tại buổi sinh hoạt chi bộ tháng sau"
        ],
        title="Tổ chức thực hiện",
        max_length=MAX_ITEMS,
    )
    resolution_number: int | None = Field(None, ge=1, le=9999, title="Số nghị quyết")
    minutes_number: int | None = Field(None, ge=1, le=9999, title="Số biên bản")
    recipients: Recipients | None = Field(None, title="Nơi nhận", description=DEFAULT_RECIPIENTS_NOTE)
    signer: Signer | None = Field(
        None,
        title="Người ký nghị quyết",
        description="Mặc định là đồng chí chủ trì khi đồng chí là Bí thư hoặc Phó Bí thư chi "
        "bộ; nếu không phải, bắt buộc ghi người ký.",
    )
    draft: bool = Field(False, title="Dự thảo")

    @property
    def rules(self) -> MeetingRules:
        return meeting_rules_for(self.meeting.date)

    @property
    def months(self) -> Months:
        return sitting_months(
            self.meeting.date,
            self.rules,
            sitting=self.sitting_month,
            tasks=self.tasks_month,
            reviewed=self.reviewed_month,
            period=self.period,
        )

    # The names the templates and older callers used: the month evaluated and the month of the new tasks.
    @property
    def reviewed(self) -> Period:
        return self.months.reviewed

    @property
    def following(self) -> Period:
        return self.months.tasks

    def held_votes(self) -> list[tuple[tuple, VoteItem]]:
        """Every vote of the sitting in the order held, with its path in the input: the `vote` field first."""
        held = [(("vote",), VoteItem(matter="resolution", **self.vote.model_dump()))] if self.vote else []
        return held + [(("votes", index), item) for index, item in enumerate(self.votes)]

    def resolution_vote(self) -> tuple[tuple, VoteItem] | None:
        return next(((path, item) for path, item in self.held_votes() if item.matter == "resolution"), None)


def resolution_name(months: Months) -> str:
    return f"Nghị quyết về nhiệm vụ {months.tasks.words()}"


# Checks --------------------------------------------------------------------------------------


def check_votes(model: MonthlyMeetingInput) -> list[Finding]:
    findings = []
    resolutions = [path for path, item in model.held_votes() if item.matter == "resolution"]
    if not resolutions:
        findings.append(
            Finding(
                pointer("vote"),
                "resolution_vote_missing",
                "Biểu quyết thông qua nghị quyết: bắt buộc (trường vote, hoặc một mục của votes với matter = resolution).",
            )
        )
    for path in resolutions[1:]:
        findings.append(
            Finding(
                pointer(*path, "matter"),
                "resolution_vote_twice",
                "Các biểu quyết: nghị quyết của buổi sinh hoạt chỉ được biểu quyết thông qua một lần.",
            )
        )
    for path, item in model.held_votes():
        findings += check_vote_item(item, model.attendance, path)
    return findings


def check_quality(scores: dict[str, int] | None, rules: MeetingRules) -> list[Finding]:
    """Scores for every criterion of the rule-set's sheet, none above its points."""
    if scores is None:
        return []
    if not rules.quality_criteria:
        return [
            Finding(
                pointer("quality"),
                "quality_not_in_rules",
                f"Tự đánh giá chất lượng buổi sinh hoạt: {rules.name} không có phiếu chấm điểm; điểm không được in.",
                "warning",
            )
        ]
    criteria = {c.key: c for c in rules.quality_criteria}
    findings = [
        Finding(
            pointer("quality", key),
            "quality_unknown_criterion",
            f"Tự đánh giá chất lượng: không có tiêu chí “{key}”; các tiêu chí: {', '.join(criteria)}.",
        )
        for key in scores
        if key not in criteria
    ]
    missing = [key for key in criteria if key not in scores]
    if missing:
        findings.append(
            Finding(
                pointer("quality"), "quality_incomplete", f"Tự đánh giá chất lượng: chưa chấm tiêu chí {', '.join(missing)}."
            )
        )
    findings += [
        Finding(
            pointer("quality", key),
            "quality_above_points",
            f"Tự đánh giá chất lượng, tiêu chí “{criteria[key].title}”: {points} điểm, vượt "
            f"{criteria[key].points} điểm tối đa.",
        )
        for key, points in scores.items()
        if key in criteria and points > criteria[key].points
    ]
    return findings


def check_sitting(model: MonthlyMeetingInput, *, combined: bool = False) -> list[Finding]:
    """The rules every document of a monthly sitting shares (a combined sitting adds its thematic part)."""

    def dated() -> list[Finding]:
        rules, months = model.rules, model.months
        deadlines = [
            (("next_month", a, "tasks", t, "deadline"), task.deadline)
            for a, area in enumerate(model.next_month)
            for t, task in enumerate(area.tasks)
            if task.deadline
        ]
        return [
            *check_meeting(model.meeting, rules, at="meeting", combined=combined, present=model.attendance.present),
            *check_attendance(model.attendance, rules, at="attendance"),
            *check_months(
                months,
                model.meeting.date,
                rules,
                period_given=model.period is not None,
                reviewed_given=model.reviewed_month is not None,
            ),
            *check_deadlines(deadlines, months.tasks),
            *check_agenda_months(model.agenda, model.meeting.date, months),
        ]

    def fees() -> list[Finding]:
        if model.rules.party_fees_in_minutes and not model.party_fees:
            return [
                Finding(
                    pointer("party_fees"),
                    "party_fees_missing",
                    f"Tình hình thu, nộp đảng phí: {model.rules.name} yêu cầu biên bản ghi nội dung này; biên "
                    "bản để dòng trống để ghi tay.",
                    "warning",
                )
            ]
        return []

    # The meeting's date picks the rules; the votes and the minutes' adoption are checked without it.
    return each(
        dated,
        lambda: check_votes(model),
        lambda: check_quality(model.quality, model.rules),
        lambda: check_adoption(model.minutes_adoption),
        fees,
    )


def _errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def resolution_passes(model: MonthlyMeetingInput, severity: str) -> list[Finding]:
    found = model.resolution_vote()
    if found is None:
        return []
    path, item = found
    rule = item.rule or model.rules.vote_rules.resolution
    if passes(item.in_favour, model.attendance.denominator, rule):
        return []
    return [not_passed(item, model.attendance, severity, at=path, rule=rule)]


def _check_minutes(model: MonthlyMeetingInput) -> list[Finding]:
    findings = check_sitting(model)
    return findings if _errors(findings) else findings + each(lambda: resolution_passes(model, "warning"))


def check_resolution(model: MonthlyMeetingInput, findings: list[Finding]) -> list[Finding]:
    """What issuing the resolution adds to the sitting's checks: a number, a signer, a vote that passed."""
    if model.resolution_number is None:
        findings.append(
            Finding(
                pointer("resolution_number"), "number_missing", "Số nghị quyết: bắt buộc phải có để ban hành nghị quyết."
            )
        )
    findings += each(lambda: check_signer(model.signer, model.chair))
    return findings if _errors(findings) else findings + each(lambda: resolution_passes(model, "error"))


def _check_resolution(model: MonthlyMeetingInput) -> list[Finding]:
    return check_resolution(model, check_sitting(model))


# Context -------------------------------------------------------------------------------------


def task_line(task: Task) -> str:
    details = "; ".join(
        part
        for part in (task.owner and f"thực hiện: {bare(task.owner)}", task.deadline and f"thời hạn: {bare(task.deadline)}")
        if part
    )
    return punctuate(item_text(" ".join(lines(task.content))) + (f" ({details})" if details else ""))


def results_context(results: Results) -> dict:
    return {key: [sentence(x) for x in items] for key, items in results.model_dump().items()}


def areas_context(areas: list[TaskArea]) -> list[dict]:
    return [{"area": keep_year(bare(a.area)), "tasks": [task_line(t) for t in a.tasks]} for a in areas]


def paragraphs(text: str) -> list[str]:
    """A long text as the paragraphs a justified page can print: one per line typed, never a line break."""
    return lines(text)


def period_context(months: Months) -> dict:
    """The months as the headings and sentences print them ("năm 2026" never split)."""
    return {
        "sitting": keep_year(months.sitting.words()),
        "tasks": keep_year(months.tasks.words()),
        "reviewed": keep_year(months.reviewed.words()),
        "following": keep_year(months.tasks.words()),
    }


def votes_context(model: MonthlyMeetingInput) -> list[dict]:
    months, rules = model.months, model.rules
    result = []
    for _, item in model.held_votes():
        rule = item.rule or getattr(rules.vote_rules, item.matter)
        if item.matter == "resolution":
            name = resolution_name(months)
            result.append(vote_context(item, model.attendance, subject=name, draft=f"dự thảo {name}", rule=rule))
        else:
            result.append(vote_context(item, model.attendance, subject=vote_subject(item) or "", rule=rule))
    return result


def quality_context(scores: dict[str, int] | None, rules: MeetingRules) -> dict | None:
    """The 100-point sheet: rows with the points given, or blank to score by hand; None without a sheet."""
    if not rules.quality_criteria:
        return None
    scored = scores is not None and all(c.key in scores for c in rules.quality_criteria)
    rows = [
        {"no": number, "title": c.title, "points": c.points, "score": str(scores[c.key]) if scored else ""}
        for number, c in enumerate(rules.quality_criteria, 1)
    ]
    total = sum(scores[c.key] for c in rules.quality_criteria) if scored else None
    summary = (
        f"Tổng số điểm: {total}/100; chi bộ tự xếp loại chất lượng buổi sinh hoạt: {rules.quality_band(total)}."
        if scored
        else "Tổng số điểm: ……/100; chi bộ tự xếp loại chất lượng buổi sinh hoạt: ……"
    )
    bands = "; ".join(_band_range(rules, index) for index in range(len(rules.quality_bands)))
    return {"rows": rows, "summary": summary, "bands": bands, "scored": scored}


def _band_range(rules: MeetingRules, index: int) -> str:
    band = rules.quality_bands[index]
    if index == 0:
        return f"{band.name}: từ {band.from_} điểm"
    upper = rules.quality_bands[index - 1].from_
    return f"{band.name}: từ {band.from_} đến dưới {upper} điểm" if band.from_ else f"{band.name}: dưới {upper} điểm"


def hcm_context(item: HoChiMinhItem | None, guests: list[Person], known: list[Person]) -> dict | None:
    """The Hồ Chí Minh item: who told the story, named with the title and as a guest when one."""
    if item is None:
        return None
    return {
        "presenter": item.presenter,
        "story": bare(item.story),
        "who": as_subject(acting_phrase(item.presenter, item.position, known)),
        "guest": any(same_person(g.name, item.presenter) for g in guests),
        "lesson": paragraphs(item.lesson),
    }


def meeting_context(model: MonthlyMeetingInput, profile: Profile, *, doc_type: str, number: int | None) -> dict:
    """Everything a document of the sitting prints: the minutes, the resolution, or both parts of a combined one."""
    context = header_context(
        model.organization, profile, doc_type=doc_type, number=number, day=model.meeting.date, draft=model.draft
    )
    context.update(
        session_context(model.meeting, model.attendance, model.chair, model.secretary, model.guests, model.minutes_adoption)
    )
    months, rules = model.months, model.rules
    known = known_people(model.guests, model.chair, model.secretary, [model.reporter] if model.reporter else [])
    signer = signer_for(model.signer, model.chair)
    votes = votes_context(model)
    resolution = next((v for v, (_, item) in zip(votes, model.held_votes()) if item.matter == "resolution"), None)
    context.update(
        {
            "vote": resolution,
            "votes": votes,
            "period": period_context(months),
            "titles": {key: keep_year(value) for key, value in month_titles(months).items()},
            "agenda": [sentence(x) for x in model.agenda],
            "reporter": as_subject(person_phrase(model.reporter or model.chair, capital=True)),
            "party_fees": sentence(model.party_fees) if model.party_fees else (BLANK if rules.party_fees_in_minutes else ""),
            "hcm": hcm_context(model.ho_chi_minh, model.guests, known),
            "speeches": [speech_context(s, known) for s in model.speeches],
            "conclusion": paragraphs(model.conclusion),
            "results": results_context(model.last_month),
            "areas": areas_context(model.next_month),
            "quality": quality_context(model.quality, rules),
            "bases": [item_text(x) for x in model.legal_bases],
            "implementation": [sentence(x) for x in model.implementation],
            "recipients": recipients_context(model.recipients, model.organization),
            "signer": {"name": signer.name, "title": signer.title} if signer else None,
        }
    )
    return context


def minutes_context(model: MonthlyMeetingInput, profile: Profile) -> dict:
    return meeting_context(model, profile, doc_type="BB", number=model.minutes_number)


def resolution_context(model: MonthlyMeetingInput, profile: Profile) -> dict:
    return meeting_context(model, profile, doc_type="NQ", number=model.resolution_number)


def preview(model: MonthlyMeetingInput) -> dict:
    """The months and the titles they give, for a person to see before issuing."""
    return {"months": model.months.as_dict(), "titles": month_titles(model.months)}


# Layouts ---------------------------------------------------------------------------------------


def results_blocks(level: int, *, with_causes: bool) -> tuple:
    """The reviewed month's results: numbered sub-headings at `level`, each followed by its bullets."""
    parts = [("achievements", "Kết quả đạt được"), ("shortcomings", "Hạn chế, khuyết điểm")]
    if with_causes:
        parts.append(("causes", "Nguyên nhân"))
    return tuple(
        If(f"results.{key}", Heading(level, title), Loop(f"x in results.{key}", Bullet("{{ x }}"))) for key, title in parts
    )


# The sheet of the meeting-quality self-assessment (HD 42), scored or blank; a level-1 section of the minutes.
QUALITY_SECTION = (
    If(
        "quality",
        Heading(1, "Tự đánh giá chất lượng buổi sinh hoạt"),
        Para("Chi bộ tự đánh giá chất lượng buổi sinh hoạt theo phiếu 100 điểm:", keep_next=True),
        Table(
            "q in quality.rows",
            Column("STT", "{{ q.no }}", 8),
            Column("Tiêu chí", "{{ q.title }}", 62, "left"),
            Column("Điểm tối đa", "{{ q.points }}", 14),
            Column("Điểm tự chấm", "{{ q.score }}", 16),
        ),
        Para("{{ quality.summary }}"),
        Para("Mức xếp loại: {{ quality.bands }}."),
    ),
)

# What the regular part of a meeting went through, as level-2 sections: shared with the combined
# regular + thematic minutes.
REGULAR_PROCEEDINGS = (
    If("party_fees", Heading(2, "Tình hình thu, nộp đảng phí"), Para("{{ party_fees }}")),
    If(
        "hcm",
        Heading(2, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
        Para("{{ hcm.who }} trình bày câu chuyện: {{ hcm.story }}."),
        Loop("x in hcm.lesson", If("loop.first", Para("Bài học liên hệ: {{ x }}")), If("not loop.first", Para("{{ x }}"))),
    ),
    Heading(2, "{{ titles.evaluation }}"),
    Para(
        "{{ reporter }} trình bày báo cáo kết quả thực hiện Nghị quyết {{ period.reviewed }} và dự thảo "
        "{{ titles.resolution }}."
    ),
    *results_blocks(3, with_causes=False),
    Heading(2, "Phương hướng, nhiệm vụ {{ period.tasks }}"),
    Loop("a in areas", Para(bold("{{ a.area }}:"), keep_next=True), Loop("t in a.tasks", Bullet("{{ t }}"))),
    Heading(2, "Ý kiến thảo luận"),
    If("speeches", *speech_blocks("speeches")),
    If("not speeches", Para("Không có ý kiến khác.")),
    Heading(2, "Kết luận của chủ trì"),
    Loop("x in conclusion", Para("{{ x }}")),
)

REGULAR_VOTE = vote_blocks("votes")

MINUTES_LAYOUT = Layout(
    kind="bien-ban-thuong-ky",
    doc_type="BB",
    title="BIÊN BẢN",
    summary="Sinh hoạt chi bộ thường kỳ {{ period.sitting }}",
    blocks=(
        *MINUTES_OPENING,
        Heading(1, "Nội dung"),
        Loop("item in agenda", Bullet("{{ item }}")),
        Heading(1, "Diễn biến"),
        *REGULAR_PROCEEDINGS,
        Heading(1, "Biểu quyết"),
        *REGULAR_VOTE,
        *QUALITY_SECTION,
        *MINUTES_CLOSING,
    ),
)

RESOLUTION_BODY = (
    Loop("b in bases", Para("- Căn cứ {{ b }};")),
    Para(CELL_MET + ", sau khi thảo luận,"),
    Centered("QUYẾT NGHỊ:"),
    Heading(1, "Đánh giá kết quả thực hiện Nghị quyết {{ period.reviewed }}"),
    *results_blocks(2, with_causes=True),
    Heading(1, "Nhiệm vụ trọng tâm {{ period.tasks }}"),
    Loop("a in areas", Heading(2, "{{ a.area }}", number="loop"), Loop("t in a.tasks", Bullet("{{ t }}"))),
    Heading(1, "Tổ chức thực hiện"),
    *closing_bullets("x in implementation"),
    Para(
        "Nghị quyết được {{ vote.in_favour }}/{{ vote.denominator }} đảng viên chính thức tán thành, đạt {{ vote.percent }}",
        close=True,
    ),
    ResolutionSignature(),
)

RESOLUTION_LAYOUT = Layout(
    kind="nghi-quyet-thang",
    doc_type="NQ",
    title="NGHỊ QUYẾT",
    summary="về nhiệm vụ {{ period.tasks }}",
    blocks=RESOLUTION_BODY,
)


def minutes_filename(model: MonthlyMeetingInput) -> str:
    sitting = model.months.sitting
    return f"Biên bản sinh hoạt tháng {sitting.month:02d}-{sitting.year}"


def resolution_filename(model: MonthlyMeetingInput) -> str:
    tasks = model.months.tasks
    return f"Nghị quyết tháng {tasks.month:02d}-{tasks.year}"


def _ruleset(model: MonthlyMeetingInput) -> str:
    return model.rules.id


register(
    Kind(
        id="bien-ban-thuong-ky",
        title="Biên bản sinh hoạt chi bộ thường kỳ",
        input_model=MonthlyMeetingInput,
        layout=MINUTES_LAYOUT,
        check=_check_minutes,
        context=minutes_context,
        document_date=lambda m: m.meeting.date,
        filename=minutes_filename,
        sample="monthly-meeting.json",
        number=lambda m: m.minutes_number,
        ruleset=_ruleset,
        preview=preview,
    )
)

register(
    Kind(
        id="nghi-quyet-thang",
        title="Nghị quyết chi bộ tháng",
        input_model=MonthlyMeetingInput,
        layout=RESOLUTION_LAYOUT,
        check=_check_resolution,
        context=resolution_context,
        document_date=lambda m: m.meeting.date,
        filename=resolution_filename,
        sample="monthly-meeting.json",
        number=lambda m: m.resolution_number,
        number_field="resolution_number",
        ruleset=_ruleset,
        preview=preview,
    )
)
