"""Thematic meetings (sinh hoạt chuyên đề): minutes and resolution from one input; and a sitting that holds the
regular and the thematic meeting together, whose one input gives its minutes and both resolutions, each with
its own number (spec §3.3, HD 42-2025).

A group of members prepares the topic, the committee sets the discussion
questions, the group presents, members discuss, the chair concludes and the
cell adopts a resolution on the topic.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from pydantic import Field

from service.findings import Finding, pointer
from service.formats.layout import Bullet, Centered, Heading, If, Layout, Loop, Para, ResolutionSignature
from service.formats.profiles import Profile
from service.kinds.base import LongText, Model, Year
from service.kinds.common import (
    DEFAULT_RECIPIENTS_NOTE,
    Line,
    Person,
    Recipients,
    Signer,
    as_subject,
    check_signer,
    header_context,
    item_text,
    person_phrase,
    recipients_context,
    signer_for,
)
from service.kinds.meeting_parts import (
    CELL_MET,
    MINUTES_CLOSING,
    MINUTES_OPENING,
    Attendance,
    Session,
    Speech,
    Vote,
    Where,
    check_adoption,
    check_attendance,
    check_meeting,
    check_vote,
    closing_bullets,
    known_people,
    not_passed,
    passes,
    session_context,
    speech_blocks,
    speech_context,
    vote_context,
)
from service.kinds.monthly_meeting import RESOLUTION_LAYOUT as MONTHLY_RESOLUTION_LAYOUT
from service.kinds.monthly_meeting import (
    MAX_ITEMS,
    QUALITY_SECTION,
    REGULAR_PROCEEDINGS,
    REGULAR_VOTE,
    MonthlyMeetingInput,
    check_resolution,
    check_sitting,
    meeting_context,
    minutes_filename,
    preview,
    resolution_filename,
    resolution_passes,
)
from service.kinds.registry import Kind, register
from service.rules.meetings import MeetingRules, meeting_rules_for
from service.vietnamese.dates import quarter_words, roman
from service.vietnamese.text import bare, keep_year, lines, punctuate, sentence

THEMATIC_IMPLEMENTATION = (
    "Chi ủy, các đồng chí đảng viên có trách nhiệm tổ chức thực hiện nghị quyết; kết quả "
    "được đánh giá tại các buổi sinh hoạt chi bộ thường kỳ"
)


class Presenter(Person):
    part: LongText | None = Field(
        None, title="Phần trình bày", description="Phần chuyên đề đồng chí này trình bày, khi nhóm chia nhau trình bày."
    )


class Thematic(Model):
    """The thematic part of a sitting: what is prepared, presented, discussed and adopted."""

    topic: Line = Field(title="Chuyên đề", examples=["Nâng cao chất lượng sinh hoạt chi bộ"])
    quarter: int = Field(ge=1, le=4, title="Quý")
    year: Year = Field(title="Năm")
    presenters: list[Presenter] = Field(title="Nhóm chuẩn bị chuyên đề", min_length=1, max_length=20)
    questions: list[LongText] = Field(title="Câu hỏi gợi ý thảo luận", min_length=1, max_length=20)
    presentation: LongText = Field(title="Nội dung trình bày chuyên đề")
    discussion: list[Speech] = Field(default_factory=list, title="Ý kiến thảo luận", max_length=MAX_ITEMS)
    conclusions: list[LongText] = Field(title="Kết luận của chủ trì", min_length=1, max_length=MAX_ITEMS)
    solutions: list[LongText] = Field(title="Nhiệm vụ, giải pháp", min_length=1, max_length=MAX_ITEMS)
    group_evaluation: LongText | None = Field(None, title="Đánh giá việc chuẩn bị của nhóm")
    vote: Vote = Field(title="Biểu quyết thông qua nghị quyết chuyên đề")


class ThematicMeetingInput(Session):
    """One thematic meeting, enough for both its minutes and its resolution."""

    thematic: Thematic = Field(title="Sinh hoạt chuyên đề")
    legal_bases: list[LongText] = Field(
        default_factory=lambda: ["Điều lệ Đảng Cộng sản Việt Nam"], title="Căn cứ ban hành nghị quyết", max_length=MAX_ITEMS
    )
    implementation: list[LongText] = Field(
        default_factory=lambda: [THEMATIC_IMPLEMENTATION], title="Tổ chức thực hiện", max_length=MAX_ITEMS
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


class CombinedMeetingInput(MonthlyMeetingInput):
    """A regular monthly meeting and a thematic one held in the same sitting, one after the other: its minutes,
    its monthly resolution and its thematic resolution, each numbered on its own."""

    thematic: Thematic = Field(title="Phần sinh hoạt chuyên đề")
    thematic_resolution_number: int | None = Field(None, ge=1, le=9999, title="Số nghị quyết chuyên đề")
    thematic_implementation: list[LongText] = Field(
        default_factory=lambda: [THEMATIC_IMPLEMENTATION],
        title="Tổ chức thực hiện nghị quyết chuyên đề",
        max_length=MAX_ITEMS,
    )


# Checks --------------------------------------------------------------------------------------


def _outside(count: int, bounds: tuple[int, int]) -> bool:
    return not bounds[0] <= count <= bounds[1]


def check_thematic(thematic: Thematic, attendance: Attendance, rules: MeetingRules, day: dt.date) -> list[Finding]:
    """The practice rules of a thematic meeting (warnings) and its vote."""
    findings = []
    low, high = rules.thematic_presenters
    if _outside(len(thematic.presenters), rules.thematic_presenters):
        findings.append(
            Finding(
                pointer("thematic", "presenters"),
                "thematic_group_size",
                f"Nhóm chuẩn bị chuyên đề có {len(thematic.presenters)} đồng chí; thông thường "
                f"từ {low} đến {high} đồng chí.",
                "warning",
            )
        )
    low, high = rules.thematic_questions
    if _outside(len(thematic.questions), rules.thematic_questions):
        findings.append(
            Finding(
                pointer("thematic", "questions"),
                "thematic_question_count",
                f"Câu hỏi gợi ý thảo luận: có {len(thematic.questions)} câu; chi ủy thường nêu từ {low} đến {high} câu.",
                "warning",
            )
        )
    if (day.year, (day.month - 1) // 3 + 1) != (thematic.year, thematic.quarter):
        findings.append(
            Finding(
                pointer("thematic", "quarter"),
                "thematic_quarter_mismatch",
                f"Quý sinh hoạt chuyên đề ({quarter_words(thematic.quarter, thematic.year)}) khác quý của ngày họp.",
                "warning",
            )
        )
    return [*findings, *check_vote(thematic.vote, attendance, at=("thematic", "vote"))]


def _check_session(model: ThematicMeetingInput) -> list[Finding]:
    rules = meeting_rules_for(model.meeting.date)
    return [
        *check_meeting(model.meeting, rules, at="meeting", present=model.attendance.present),
        *check_attendance(model.attendance, rules, at="attendance"),
        *check_thematic(model.thematic, model.attendance, rules, model.meeting.date),
        *check_adoption(model.minutes_adoption),
    ]


def _passed_or(model, vote: Vote, severity: str, at: Where) -> list[Finding]:
    rule = meeting_rules_for(model.meeting.date).vote_rules.resolution
    if passes(vote.in_favour, model.attendance.denominator, rule):
        return []
    return [not_passed(vote, model.attendance, severity, at=at, rule=rule)]


def _errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def _check_minutes(model: ThematicMeetingInput) -> list[Finding]:
    findings = _check_session(model)
    if not _errors(findings):
        findings += _passed_or(model, model.thematic.vote, "warning", ("thematic", "vote"))
    return findings


def _check_thematic_resolution(
    model: ThematicMeetingInput | CombinedMeetingInput, findings: list[Finding], number_field: str
) -> list[Finding]:
    if getattr(model, number_field) is None:
        findings.append(
            Finding(pointer(number_field), "number_missing", "Số nghị quyết: bắt buộc phải có để ban hành nghị quyết.")
        )
    findings += check_signer(model.signer, model.chair)
    if not _errors(findings):
        findings += _passed_or(model, model.thematic.vote, "error", ("thematic", "vote"))
    return findings


def _check_resolution(model: ThematicMeetingInput) -> list[Finding]:
    return _check_thematic_resolution(model, _check_session(model), "resolution_number")


def _check_sitting(model: CombinedMeetingInput) -> list[Finding]:
    """The regular meeting's rules with the longer minimum of a combined sitting, then the thematic part's."""
    return [
        *check_sitting(model, combined=True),
        *check_thematic(model.thematic, model.attendance, model.rules, model.meeting.date),
    ]


def _check_combined(model: CombinedMeetingInput) -> list[Finding]:
    findings = _check_sitting(model)
    if not _errors(findings):
        findings += resolution_passes(model, "warning")
        findings += _passed_or(model, model.thematic.vote, "warning", ("thematic", "vote"))
    return findings


def _check_combined_monthly(model: CombinedMeetingInput) -> list[Finding]:
    return check_resolution(model, _check_sitting(model))


def _check_combined_thematic(model: CombinedMeetingInput) -> list[Finding]:
    return _check_thematic_resolution(model, _check_sitting(model), "thematic_resolution_number")


# Context -------------------------------------------------------------------------------------


def _group(presenters: list[Presenter]) -> str:
    """ "đồng chí A, đồng chí B và đồng chí C", or with their titles separated by semicolons."""
    if any(p.position for p in presenters):
        return "; ".join(person_phrase(p) for p in presenters)
    names = [person_phrase(p) for p in presenters]
    return ", ".join(names[:-1]) + (" và " if len(names) > 1 else "") + names[-1]


def thematic_context(thematic: Thematic, attendance: Attendance, known: list[Person], rules: MeetingRules) -> dict:
    name = f"Nghị quyết chuyên đề “{bare(thematic.topic)}”"
    return {
        "topic": bare(thematic.topic),
        "quarter": keep_year(quarter_words(thematic.quarter, thematic.year)),
        "group": _group(thematic.presenters),
        "presenters": [
            {"who": as_subject(person_phrase(p, capital=True)), "part": " ".join(lines(bare(p.part))) if p.part else ""}
            for p in thematic.presenters
        ],
        "parts": any(p.part for p in thematic.presenters),
        "questions": [punctuate(" ".join(lines(q)), "") for q in thematic.questions],
        "presentation": lines(thematic.presentation),
        "discussion": [speech_context(s, known) for s in thematic.discussion],
        "conclusions": [sentence(x) for x in thematic.conclusions],
        "solutions": [sentence(x) for x in thematic.solutions],
        "group_evaluation": lines(thematic.group_evaluation) if thematic.group_evaluation else [],
        "vote": vote_context(
            thematic.vote, attendance, subject=name, draft=f"dự thảo {name}", rule=rules.vote_rules.resolution
        ),
    }


def _known(model: ThematicMeetingInput | CombinedMeetingInput) -> list[Person]:
    return known_people(model.guests, model.chair, model.secretary, model.thematic.presenters)


def _context(model: ThematicMeetingInput, profile: Profile, *, doc_type: str, number: int | None) -> dict:
    context = header_context(
        model.organization, profile, doc_type=doc_type, number=number, day=model.meeting.date, draft=model.draft
    )
    context.update(
        session_context(model.meeting, model.attendance, model.chair, model.secretary, model.guests, model.minutes_adoption)
    )
    signer = signer_for(model.signer, model.chair)
    context.update(
        {
            "thematic": thematic_context(
                model.thematic, model.attendance, _known(model), meeting_rules_for(model.meeting.date)
            ),
            "bases": [item_text(x) for x in model.legal_bases],
            "implementation": [sentence(x) for x in model.implementation],
            "recipients": recipients_context(model.recipients, model.organization),
            "signer": {"name": signer.name, "title": signer.title} if signer else None,
        }
    )
    return context


def _minutes_context(model: ThematicMeetingInput, profile: Profile) -> dict:
    return _context(model, profile, doc_type="BB", number=model.minutes_number)


def _resolution_context(model: ThematicMeetingInput, profile: Profile) -> dict:
    return _context(model, profile, doc_type="NQ", number=model.resolution_number)


def _combined(model: CombinedMeetingInput, profile: Profile, *, doc_type: str, number: int | None) -> dict:
    context = meeting_context(model, profile, doc_type=doc_type, number=number)
    context["thematic"] = thematic_context(
        model.thematic, model.attendance, [*_known(model), *([model.reporter] if model.reporter else [])], model.rules
    )
    return context


def _combined_minutes_context(model: CombinedMeetingInput, profile: Profile) -> dict:
    return _combined(model, profile, doc_type="BB", number=model.minutes_number)


def _combined_monthly_context(model: CombinedMeetingInput, profile: Profile) -> dict:
    return _combined(model, profile, doc_type="NQ", number=model.resolution_number)


def _combined_thematic_context(model: CombinedMeetingInput, profile: Profile) -> dict:
    context = _combined(model, profile, doc_type="NQ", number=model.thematic_resolution_number)
    context["implementation"] = [sentence(x) for x in model.thematic_implementation]
    return context


def thematic_titles(thematic: Thematic) -> dict:
    return {
        "thematic_minutes": f"Sinh hoạt chuyên đề {quarter_words(thematic.quarter, thematic.year)}",
        "thematic_resolution": f"Nghị quyết về chuyên đề “{bare(thematic.topic)}”",
    }


def _combined_preview(model: CombinedMeetingInput) -> dict:
    shown = preview(model)
    return {**shown, "titles": {**shown["titles"], **thematic_titles(model.thematic)}}


# Layouts -------------------------------------------------------------------------------------

THEMATIC_INTRO = (
    Para("Chuyên đề “{{ thematic.topic }}” do nhóm gồm {{ thematic.group }} chuẩn bị."),
    Para("Câu hỏi gợi ý thảo luận:", keep_next=True),
    Loop("q in thematic.questions", Para("Câu hỏi {{ loop.index }}: {{ q }}")),
)

# Level-2 sections; the optional one comes last so that a missing one leaves no gap in the numbering.
THEMATIC_PROCEEDINGS = (
    Heading(2, "Trình bày chuyên đề"),
    If("thematic.parts", Loop("p in thematic.presenters", If("p.part", Para("{{ p.who }} trình bày {{ p.part }}.")))),
    If("not thematic.parts", Para("Nhóm chuẩn bị gồm {{ thematic.group }} trình bày nội dung chuyên đề:", keep_next=True)),
    Loop("x in thematic.presentation", Para("{{ x }}")),
    Heading(2, "Thảo luận"),
    If("thematic.discussion", *speech_blocks("thematic.discussion")),
    If("not thematic.discussion", Para("Không có ý kiến khác.")),
    Heading(2, "Kết luận của chủ trì"),
    Loop("x in thematic.conclusions", Bullet("{{ x }}")),
    Heading(2, "Nhiệm vụ, giải pháp"),
    Loop("x in thematic.solutions", Bullet("{{ x }}")),
    If(
        "thematic.group_evaluation",
        Heading(2, "Đánh giá việc chuẩn bị của nhóm"),
        Loop("x in thematic.group_evaluation", Para("{{ x }}")),
    ),
)

THEMATIC_VOTE = (Para("{{ thematic.vote.sentence }}"),)

MINUTES_LAYOUT = Layout(
    kind="bien-ban-chuyen-de",
    doc_type="BB",
    title="BIÊN BẢN",
    summary="Sinh hoạt chuyên đề {{ thematic.quarter }}",
    subtitle="“{{ thematic.topic }}”",
    blocks=(
        *MINUTES_OPENING,
        Heading(1, "Nội dung"),
        *THEMATIC_INTRO,
        Heading(1, "Diễn biến"),
        *THEMATIC_PROCEEDINGS,
        Heading(1, "Biểu quyết"),
        *THEMATIC_VOTE,
        *MINUTES_CLOSING,
    ),
)

RESOLUTION_LAYOUT = Layout(
    kind="nghi-quyet-chuyen-de",
    doc_type="NQ",
    title="NGHỊ QUYẾT",
    summary="về chuyên đề “{{ thematic.topic }}”",
    blocks=(
        Loop("b in bases", Para("- Căn cứ {{ b }};")),
        Para(CELL_MET + " sinh hoạt chuyên đề {{ thematic.quarter }}, sau khi nghe nhóm chuẩn bị trình bày và thảo luận,"),
        Centered("QUYẾT NGHỊ:"),
        Heading(1, "Nhận thức, đánh giá chung"),
        Loop("x in thematic.conclusions", Bullet("{{ x }}")),
        Heading(1, "Nhiệm vụ, giải pháp"),
        Loop("x in thematic.solutions", Bullet("{{ x }}")),
        Heading(1, "Tổ chức thực hiện"),
        *closing_bullets("x in implementation"),
        Para(
            "Nghị quyết được {{ thematic.vote.in_favour }}/{{ thematic.vote.denominator }} đảng viên chính thức "
            "tán thành, đạt {{ thematic.vote.percent }}",
            close=True,
        ),
        ResolutionSignature(),
    ),
)

COMBINED_LAYOUT = Layout(
    kind="bien-ban-thuong-ky-chuyen-de",
    doc_type="BB",
    title="BIÊN BẢN",
    summary="Sinh hoạt chi bộ thường kỳ {{ period.sitting }} kết hợp sinh hoạt chuyên đề {{ thematic.quarter }}",
    subtitle="Chuyên đề “{{ thematic.topic }}”",
    blocks=(
        *MINUTES_OPENING,
        Heading(1, "Nội dung"),
        Loop("item in agenda", Bullet("{{ item }}")),
        Heading(1, "Phần sinh hoạt thường kỳ"),
        *REGULAR_PROCEEDINGS,
        Heading(1, "Phần sinh hoạt chuyên đề"),
        *THEMATIC_INTRO,
        *THEMATIC_PROCEEDINGS,
        Heading(1, "Biểu quyết"),
        *REGULAR_VOTE,
        *THEMATIC_VOTE,
        *QUALITY_SECTION,
        *MINUTES_CLOSING,
    ),
)


def _ruleset(model: ThematicMeetingInput | CombinedMeetingInput) -> str:
    return meeting_rules_for(model.meeting.date).id


def _quarter_name(thematic: Thematic) -> str:
    return f"quý {roman(thematic.quarter)}-{thematic.year}"


def _thematic_preview(model: ThematicMeetingInput) -> dict:
    return {"titles": thematic_titles(model.thematic)}


register(
    Kind(
        id="bien-ban-chuyen-de",
        title="Biên bản sinh hoạt chuyên đề",
        input_model=ThematicMeetingInput,
        layout=MINUTES_LAYOUT,
        check=_check_minutes,
        context=_minutes_context,
        document_date=lambda m: m.meeting.date,
        filename=lambda m: f"Biên bản sinh hoạt chuyên đề {_quarter_name(m.thematic)}",
        sample="thematic-meeting.json",
        number=lambda m: m.minutes_number,
        ruleset=_ruleset,
        preview=_thematic_preview,
    )
)

register(
    Kind(
        id="nghi-quyet-chuyen-de",
        title="Nghị quyết chuyên đề",
        input_model=ThematicMeetingInput,
        layout=RESOLUTION_LAYOUT,
        check=_check_resolution,
        context=_resolution_context,
        document_date=lambda m: m.meeting.date,
        filename=lambda m: f"Nghị quyết chuyên đề {_quarter_name(m.thematic)}",
        sample="thematic-meeting.json",
        number=lambda m: m.resolution_number,
        number_field="resolution_number",
        ruleset=_ruleset,
        preview=_thematic_preview,
    )
)

register(
    Kind(
        id="bien-ban-thuong-ky-chuyen-de",
        title="Biên bản sinh hoạt thường kỳ kết hợp chuyên đề",
        input_model=CombinedMeetingInput,
        layout=COMBINED_LAYOUT,
        check=_check_combined,
        context=_combined_minutes_context,
        document_date=lambda m: m.meeting.date,
        filename=lambda m: f"{minutes_filename(m)} và chuyên đề {_quarter_name(m.thematic)}",
        sample="combined-meeting.json",
        number=lambda m: m.minutes_number,
        ruleset=_ruleset,
        preview=_combined_preview,
    )
)

# The same sitting's two resolutions: the monthly one and the thematic one, laid out as the stand-alone ones,
# each numbered from the register on its own.
register(
    Kind(
        id="nghi-quyet-thang-ket-hop",
        title="Nghị quyết tháng của buổi sinh hoạt kết hợp chuyên đề",
        input_model=CombinedMeetingInput,
        layout=dataclasses.replace(MONTHLY_RESOLUTION_LAYOUT, kind="nghi-quyet-thang-ket-hop"),
        check=_check_combined_monthly,
        context=_combined_monthly_context,
        document_date=lambda m: m.meeting.date,
        filename=resolution_filename,
        sample="combined-meeting.json",
        number=lambda m: m.resolution_number,
        number_field="resolution_number",
        ruleset=_ruleset,
        preview=_combined_preview,
    )
)

register(
    Kind(
        id="nghi-quyet-chuyen-de-ket-hop",
        title="Nghị quyết chuyên đề của buổi sinh hoạt kết hợp",
        input_model=CombinedMeetingInput,
        layout=dataclasses.replace(RESOLUTION_LAYOUT, kind="nghi-quyet-chuyen-de-ket-hop"),
        check=_check_combined_thematic,
        context=_combined_thematic_context,
        document_date=lambda m: m.meeting.date,
        filename=lambda m: f"Nghị quyết chuyên đề {_quarter_name(m.thematic)}",
        sample="combined-meeting.json",
        number=lambda m: m.thematic_resolution_number,
        number_field="thematic_resolution_number",
        ruleset=_ruleset,
        preview=_combined_preview,
    )
)
