"""Minutes of the year-end review meeting (biên bản họp kiểm điểm, đánh giá, xếp loại chất lượng đảng viên).

Each member's self-rating, the committee's proposal and the votes for each
level go into the results table; the cell then proposes ratings to the level
above, which decides (spec §3.7). HD 43 has no official form for these minutes,
so the layout follows published samples.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from service.findings import Finding, pointer
from service.formats.layout import Bullet, Column, Heading, If, Layout, Loop, Para, Table, bold
from service.formats.profiles import Profile
from service.kinds.base import ClockTime, Count, Model
from service.kinds.common import Line as Name
from service.kinds.common import Organization, Person, header_context, person_phrase, superior_committee
from service.kinds.meeting_parts import (
    FORMS,
    MINUTES_CLOSING,
    MINUTES_OPENING,
    VOTE_METHODS,
    Absent,
    Attendance,
    Meeting,
    MinutesAdoption,
    adoption_sentence,
    attendance_context,
    check_adoption,
    check_attendance,
    check_meeting,
    known_people,
    meeting_context,
    speech_blocks,
    speech_context,
)
from service.kinds.monthly_meeting import MAX_ITEMS, Speech
from service.kinds.registry import Kind, register
from service.kinds.review_parts import (
    Day,
    Distinction,
    Line,
    Regime,
    ReviewYear,
    check_disciplined,
    check_regime,
    level_counts,
    namesake_findings,
    people_order,
    quota_excess,
    review_date,
    rules_of,
    shown_name,
)
from service.rules.meetings import meeting_rules_for
from service.rules.reviews import LEVEL_CODES, LevelCode, ReviewRules
from service.vietnamese.dates import date_words, time_words
from service.vietnamese.figures import padded_count, percent
from service.vietnamese.text import punctuate


class LevelVotes(Model):
    HTXSNV: Count = Field(0, title="Số phiếu Hoàn thành xuất sắc nhiệm vụ")
    HTTNV: Count = Field(0, title="Số phiếu Hoàn thành tốt nhiệm vụ")
    HTNV: Count = Field(0, title="Số phiếu Hoàn thành nhiệm vụ")
    KHTNV: Count = Field(0, title="Số phiếu Không hoàn thành nhiệm vụ")

    @property
    def cast(self) -> int:
        return sum(getattr(self, code) for code in LEVEL_CODES)


class ReviewedMember(Model):
    name: Name = Field(title="Họ và tên")
    distinction: Distinction = None
    probationary: bool = Field(False, title="Đảng viên dự bị")
    self_rating: LevelCode | None = Field(None, title="Tự nhận mức xếp loại")
    committee_proposal: LevelCode | None = Field(None, title="Chi ủy đề xuất")
    votes: LevelVotes | None = Field(
        None,
        title="Số phiếu (biểu quyết) cho từng mức",
        description="Để trống khi chưa biểu quyết: bảng in ô trống để ghi tay.",
    )
    disciplined: bool = Field(False, title="Bị kỷ luật trong năm")
    exempt: bool = Field(
        False,
        title="Được miễn kiểm điểm",
        description="Đảng viên miễn công tác và sinh hoạt không kiểm điểm: không đưa vào danh sách.",
    )
    note: Line = Field(None, title="Ghi chú")


class CollectiveVote(Model):
    level: LevelCode = Field(title="Mức xếp loại đề nghị cho tập thể chi bộ")
    in_favour: Count = Field(title="Số tán thành")


# What minutes made before the meeting (a year-end batch) do not know yet is left blank: null, or left out.
BLANK = "để trống: in dòng chấm để ghi tay"


class ReviewSitting(Model):
    """When and where; each part left out is printed as a blank to fill in by hand."""

    date: Day = Field(None, title="Ngày họp", description=BLANK)
    start: ClockTime | None = Field(None, title="Giờ bắt đầu", description=BLANK)
    end: ClockTime | None = Field(None, title="Giờ kết thúc", description=BLANK)
    location: Line = Field(None, title="Địa điểm", description=BLANK)
    form: Literal["in_person", "online", "mixed"] | None = Field(
        "in_person", title="Hình thức họp", description="null: " + BLANK
    )
    platform: Line = Field(None, title="Nền tảng trực tuyến")

    def complete(self) -> Meeting | None:
        """The sitting as any meeting's, once everything about it is known."""
        if None in (self.date, self.start, self.end, self.location, self.form):
            return None
        return Meeting(
            date=self.date, start=self.start, end=self.end, location=self.location, form=self.form, platform=self.platform
        )


class ReviewAttendance(Model):
    """Who attended; the cell's composition is always known, the rest may be left blank before the meeting."""

    total: Count = Field(title="Tổng số đảng viên")
    official: Count = Field(title="Số đảng viên chính thức")
    probationary: Count = Field(title="Số đảng viên dự bị")
    exempt: Count | None = Field(0, title="Số đảng viên miễn sinh hoạt vắng mặt", description="null: " + BLANK)
    transferred_out: Count = Field(0, title="Số đảng viên sinh hoạt tạm thời nơi khác")
    hosted: Count = Field(0, title="Số đảng viên nơi khác đến sinh hoạt tạm thời")
    present: Count | None = Field(None, title="Số đảng viên có mặt", description=BLANK)
    present_official: Count | None = Field(None, title="Số đảng viên chính thức có mặt", description=BLANK)
    absent: list[Absent] | None = Field(
        default_factory=list, title="Danh sách vắng mặt", max_length=1000, description="null: " + BLANK
    )
    summoned_official: Count | None = Field(None, title="Số đảng viên chính thức được triệu tập")

    def complete(self) -> Attendance | None:
        """The attendance as any meeting's, once the meeting has counted it."""
        if None in (self.exempt, self.present, self.present_official, self.absent):
            return None
        return Attendance.model_validate(self.model_dump())


class ReviewMeetingInput(Model):
    organization: Organization = Field(title="Chi bộ")
    year: ReviewYear
    regime: Regime = None
    meeting: ReviewSitting = Field(default_factory=ReviewSitting, title="Buổi họp")
    attendance: ReviewAttendance = Field(title="Thành phần tham dự")
    guests: list[Person] | None = Field(
        default_factory=list, title="Đại biểu mời", max_length=MAX_ITEMS, description="null: " + BLANK
    )
    chair: Person | None = Field(None, title="Chủ trì", description=BLANK)
    secretary: Person | None = Field(None, title="Thư ký", description=BLANK)
    collective_presenter: Line = Field(None, title="Người trình bày báo cáo kiểm điểm tập thể", description=BLANK)
    speeches: list[Speech] | None = Field(
        default_factory=list, title="Ý kiến phát biểu", max_length=MAX_ITEMS, description="null: " + BLANK
    )
    vote_method: Literal["show_of_hands", "secret_ballot"] = Field("secret_ballot", title="Hình thức biểu quyết")
    voters: Count | None = Field(
        None, title="Số đảng viên chính thức tham gia biểu quyết", description="Mặc định là số đảng viên chính thức có mặt."
    )
    members: list[ReviewedMember] = Field(title="Kết quả đánh giá từng đảng viên", min_length=1, max_length=1000)
    collective: CollectiveVote | None = Field(None, title="Đề nghị xếp loại tập thể chi bộ", description=BLANK)
    superior: Line = Field(
        None,
        title="Cấp ủy xem xét, quyết định",
        description="Mặc định: đảng ủy của đảng bộ cấp trên (Đảng bộ xã An Phú → Đảng ủy xã An Phú).",
    )
    minutes_number: int | None = Field(None, ge=1, le=9999, title="Số biên bản")
    minutes_adoption: MinutesAdoption | None = Field(None, title="Thông qua biên bản", description=BLANK)

    @property
    def voter_count(self) -> int | None:
        """Official members voting; None while the meeting has not counted them."""
        return self.attendance.present_official if self.voters is None else self.voters


def majority(votes: LevelVotes | None, voters: int) -> LevelCode | None:
    """The level voted by more than half of the voters (at most one can be) [M: practice of HD 25/HD 43];
    None too when the votes are still to be written in by hand."""
    if votes is None:
        return None
    return next((code for code in LEVEL_CODES if 2 * getattr(votes, code) > voters), None)


# Checks --------------------------------------------------------------------------------------


def _check(model: ReviewMeetingInput) -> list[Finding]:
    findings = check_regime(model.regime)
    meeting, attendance = model.meeting.complete(), model.attendance.complete()
    meeting_rules = meeting_rules_for(review_date(model.meeting.date, model.year))
    if meeting is not None:
        findings += check_meeting(meeting, meeting_rules, at="meeting")
    elif model.meeting.start and model.meeting.end and model.meeting.end <= model.meeting.start:
        findings.append(
            Finding(pointer("meeting", "end"), "meeting_end_before_start", "Giờ kết thúc: phải sau giờ bắt đầu.")
        )
    if attendance is not None:
        findings += check_attendance(attendance, meeting_rules, at="attendance")
    findings += _check_voters(model)
    if model.minutes_adoption is not None:
        findings += check_adoption(model.minutes_adoption)
    if any(f.severity == "error" for f in findings):
        return findings
    rules = rules_of(model)
    voters = model.voter_count
    for index, member in enumerate(model.members):
        findings += _check_member(member, index, voters, rules)
    findings += namesake_findings(model.members)
    if voters is not None:
        findings += _check_quota(model, voters, rules)
    if model.collective is not None and voters is not None and model.collective.in_favour > voters:
        findings.append(
            Finding(
                pointer("collective", "in_favour"),
                "collective_votes_exceed_voters",
                f"Số tán thành ({model.collective.in_favour}) vượt số đảng viên chính thức tham gia biểu quyết ({voters}).",
            )
        )
    return findings


def _check_voters(model: ReviewMeetingInput) -> list[Finding]:
    a = model.attendance
    findings = []
    voters = model.voter_count
    if voters is None:
        if any(m.votes is not None for m in model.members) or model.collective is not None:
            findings.append(
                Finding(
                    pointer("voters"),
                    "voters_missing",
                    "Số đảng viên chính thức tham gia biểu quyết: bắt buộc khi đã ghi số phiếu (hoặc "
                    "ghi số đảng viên chính thức có mặt).",
                )
            )
    elif a.present_official is not None and voters > a.present_official:
        findings.append(
            Finding(
                pointer("voters"),
                "voters_exceed_official_present",
                f"Số tham gia biểu quyết ({voters}) vượt số đảng viên chính thức có mặt "
                f"({a.present_official}): chỉ đảng viên chính thức được biểu quyết.",
            )
        )
    elif voters > a.official:
        findings.append(
            Finding(
                pointer("voters"),
                "voters_exceed_official",
                f"Số tham gia biểu quyết ({voters}) vượt số đảng viên chính thức ({a.official}).",
            )
        )
    elif voters == 0:
        findings.append(
            Finding(
                pointer("voters"), "no_voters", "Số đảng viên chính thức tham gia biểu quyết: phải có ít nhất một đồng chí."
            )
        )
    if len(model.members) > a.total - (a.exempt or 0):
        findings.append(
            Finding(
                pointer("members"),
                "members_exceed_cell",
                f"Danh sách đánh giá có {len(model.members)} đồng chí, nhiều hơn số đảng viên của chi "
                f"bộ phải kiểm điểm ({a.total - (a.exempt or 0)}).",
            )
        )
    return findings


def _check_member(member: ReviewedMember, index: int, voters: int | None, rules: ReviewRules) -> list[Finding]:
    at = ("members", index)
    who = f"đồng chí {shown_name(member.name, member.distinction)}"
    if member.exempt:
        return [
            Finding(
                pointer(*at, "exempt"),
                "exempt_member_listed",
                f"Đảng viên được miễn kiểm điểm: {who} được miễn công tác và sinh hoạt đảng nên không kiểm "
                "điểm, xếp loại; bỏ đồng chí này khỏi danh sách.",
            )
        ]
    if member.votes is None or voters is None:
        # Votes to be written in by hand: only what does not depend on them is checked.
        return check_disciplined(member.committee_proposal, rules, (*at, "disciplined")) if member.disciplined else []
    if member.votes.cast > voters:
        return [
            Finding(
                pointer(*at, "votes"),
                "member_votes_exceed_voters",
                f"Số phiếu của {who} ({member.votes.cast}) vượt số đảng viên chính thức tham gia biểu quyết ({voters}).",
            )
        ]
    findings = []
    result = majority(member.votes, voters)
    if result is None:
        findings.append(
            Finding(
                pointer(*at, "votes"),
                "no_majority",
                f"Số phiếu của {who}: không mức nào đạt trên một nửa số đảng viên tham gia biểu "
                f"quyết ({voters}); chi bộ cần biểu quyết lại.",
                "warning",
            )
        )
    proposal = member.committee_proposal
    if proposal is not None and 2 * getattr(member.votes, proposal) <= voters:
        findings.append(
            Finding(
                pointer(*at, "committee_proposal"),
                "proposal_not_supported",
                f"Chi ủy đề xuất {who} “{rules.level_named(proposal).name}” nhưng chỉ được "
                f"{getattr(member.votes, proposal)}/{voters} phiếu, không quá một nửa.",
                "warning",
            )
        )
    if member.disciplined:
        findings += check_disciplined(result or proposal, rules, (*at, "disciplined"))
    return findings


def _check_quota(model: ReviewMeetingInput, voters: int, rules: ReviewRules) -> list[Finding]:
    """HTXSNV ≤ quota % of HTTNV: the deciding level applies it, the cell is only warned (spec §4 rule 12)."""
    excess = quota_excess(level_counts(majority(m.votes, voters) for m in model.members), rules, what="đề nghị")
    if excess is None:
        return []
    return [
        Finding(
            pointer("members"),
            "excellent_quota_exceeded",
            f"Tỷ lệ xếp loại: {excess}; cấp có thẩm quyền sẽ xem xét theo tỷ lệ.",
            "warning",
        )
    ]


# Context -------------------------------------------------------------------------------------

COUNT_BLANK = "……"
TIME_BLANK = "…… giờ …… phút"
DATE_BLANK = "ngày …… tháng …… năm ……"


def _row(number: int, member: ReviewedMember, voters: int | None) -> dict:
    if member.votes is None or voters is None:
        votes, rate = {code: "" for code in LEVEL_CODES}, ""
    else:
        result = majority(member.votes, voters)
        votes = {code: str(getattr(member.votes, code)) for code in LEVEL_CODES}
        rate = percent(getattr(member.votes, result), voters) if result else "—"
    return {
        "no": number,
        "name": shown_name(member.name, member.distinction),
        "self": member.self_rating or "",
        "committee": member.committee_proposal or "",
        "votes": votes,
        "rate": rate,
        "note": member.note or ("Dự bị" if member.probationary else ""),
    }


def _totals(model: ReviewMeetingInput, rules: ReviewRules) -> list[str]:
    """Per level: how many members the cell proposes, their share and their names."""
    voters = model.voter_count
    if voters is None or all(m.votes is None for m in model.members):
        # Nothing voted yet: a line per level to fill in by hand.
        return [f"{level.name}: {COUNT_BLANK} đồng chí, chiếm {COUNT_BLANK}%" for level in rules.level]
    results = [
        (shown_name(m.name, m.distinction), majority(m.votes, voters))
        for m in people_order(model.members)
        if m.votes is not None
    ]
    lines = []
    for level in rules.level:
        names = [name for name, result in results if result == level.code]
        share = percent(len(names), len(results))
        lines.append(
            f"{level.name}: {padded_count(len(names))} đồng chí, chiếm {share}" + (f" ({', '.join(names)})" if names else "")
        )
    undecided = [name for name, result in results if result is None]
    if undecided:
        lines.append(
            f"Chưa có mức đạt trên một nửa số phiếu: {padded_count(len(undecided))} đồng chí ({', '.join(undecided)})"
        )
    return lines


def _person(person: Person | None, rules: ReviewRules) -> dict:
    """A person the minutes name, or a blank to write the name on (also under the signature)."""
    if person is None:
        return {"name": rules.blank_value, "phrase": f"đồng chí {rules.blank_value}"}
    return {"name": person.name, "phrase": person_phrase(person)}


def _sitting(sitting: ReviewSitting, rules: ReviewRules) -> dict:
    """What the opening and closing print of the sitting: a blank where it is not known yet."""
    complete = sitting.complete()
    if complete is not None:
        return meeting_context(complete)
    form = FORMS[sitting.form] if sitting.form else rules.blank_value
    if sitting.form and sitting.form != "in_person" and sitting.platform:
        form += f" (qua {sitting.platform})"
    return {
        "date": date_words(sitting.date) if sitting.date else DATE_BLANK,
        "start": time_words(sitting.start) if sitting.start else TIME_BLANK,
        "end": time_words(sitting.end) if sitting.end else TIME_BLANK,
        # Blanks shorter than a line: a justified line that ends in a blank as wide as the page would stretch.
        "location": sitting.location or rules.blank_value * 2,
        "form": form,
        "duration": COUNT_BLANK,
    }


def _attendance(a: ReviewAttendance, meeting: Meeting | None) -> dict:
    """The attendance lines: counted ones as every meeting prints them, else the composition the roster knows
    and blanks for the rest."""
    complete = a.complete()
    if complete is not None:
        return attendance_context(complete, meeting)
    composition = attendance_context(
        Attendance(total=a.total, official=a.official, probationary=a.probationary, present=0, present_official=0)
    )["composition"]
    exempt = "" if a.exempt == 0 else (f"{padded_count(a.exempt)} đồng chí" if a.exempt else f"{COUNT_BLANK} đồng chí")
    present = padded_count(a.present) if a.present is not None else COUNT_BLANK
    official = padded_count(a.present_official) if a.present_official is not None else COUNT_BLANK
    return {
        "composition": composition,
        "exempt": exempt,
        "transferred_out": f"{padded_count(a.transferred_out)} đồng chí" if a.transferred_out else "",
        "hosted": f"{padded_count(a.hosted)} đồng chí" if a.hosted else "",
        "present_line": (
            f"Có mặt {present}/{COUNT_BLANK} đồng chí (chính thức {official}, dự bị {COUNT_BLANK}); "
            f"vắng {COUNT_BLANK} đồng chí"
        ),
        "absent_excused": COUNT_BLANK * 8,
        "absent_excused_count": COUNT_BLANK,
        "absent_unexcused": COUNT_BLANK * 8,
        "absent_unexcused_count": COUNT_BLANK,
    }


def _collective(model: ReviewMeetingInput, rules: ReviewRules) -> str:
    collective, voters = model.collective, model.voter_count
    if collective is None or voters is None:
        return (
            f"mức {COUNT_BLANK}{COUNT_BLANK}{COUNT_BLANK}, {COUNT_BLANK}/{COUNT_BLANK} đồng chí tán thành, "
            f"đạt {COUNT_BLANK}%"
        )
    return (
        f"“{rules.level_named(collective.level).name}”: {padded_count(collective.in_favour)}/"
        f"{padded_count(voters)} đồng chí tán thành, đạt {percent(collective.in_favour, voters)}"
    )


def _adoption(model: ReviewMeetingInput, rules: ReviewRules) -> str:
    """How the minutes close: as the input says, else adopted once the sitting is written in, else a blank to
    write the outcome on (minutes made before the meeting cannot know it)."""
    if model.minutes_adoption is not None:
        return adoption_sentence(model.minutes_adoption)
    if model.meeting.complete() is not None:
        return adoption_sentence(MinutesAdoption())
    return f"Biên bản đã được đọc lại trước chi bộ và được chi bộ {rules.blank_value}"


def _context(model: ReviewMeetingInput, profile: Profile) -> dict:
    rules = rules_of(model)
    voters = model.voter_count
    context = header_context(model.organization, profile, doc_type="BB", number=model.minutes_number, day=model.meeting.date)
    guests = (
        [rules.blank_value * 3]
        if model.guests is None
        else [punctuate(person_phrase(g, capital=True)) for g in model.guests]
    )
    known = known_people(model.guests or [], *(p for p in (model.chair, model.secretary) if p is not None))
    context.update(
        {
            "meeting": _sitting(model.meeting, rules),
            "attendance": _attendance(model.attendance, model.meeting.complete()),
            "adoption": _adoption(model, rules),
            "chair": _person(model.chair, rules),
            "secretary": _person(model.secretary, rules),
            "guests": guests,
            "review": {
                "year": model.year,
                "regime": rules.name,
                "count": padded_count(len(model.members)),
                "superior": model.superior or superior_committee(model.organization.upper),
            },
            "vote": {
                "method": VOTE_METHODS[model.vote_method],
                "voters": COUNT_BLANK if voters is None else padded_count(voters),
            },
            "collective_presenter": model.collective_presenter or COUNT_BLANK * 4,
            "speeches": [speech_context(s, known) for s in model.speeches or ()],
            "speeches_blank": [rules.blank_line] * rules.blank_lines if model.speeches is None else [],
            "members": [_row(number, member, voters) for number, member in enumerate(people_order(model.members), 1)],
            "totals": _totals(model, rules),
            "collective": _collective(model, rules),
        }
    )
    return context


LAYOUT = Layout(
    kind="bien-ban-xep-loai",
    doc_type="BB",
    title="BIÊN BẢN",
    summary="Họp kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm {{ review.year }}",
    blocks=(
        *MINUTES_OPENING,
        Heading(1, "Nội dung, diễn biến"),
        Heading(2, "Kiểm điểm tập thể chi bộ"),
        Para(
            "Đồng chí {{ collective_presenter }} trình bày báo cáo kiểm điểm, tự đánh giá, xếp loại chất lượng tập "
            "thể chi bộ năm {{ review.year }}; chi bộ thảo luận, góp ý."
        ),
        Para("Chi bộ biểu quyết đề nghị xếp loại chất lượng tập thể chi bộ {{ collective }}."),
        Heading(2, "Kiểm điểm, đánh giá, xếp loại đảng viên"),
        Para(
            "Từng đảng viên trình bày bản kiểm điểm và tự nhận mức xếp loại; chi bộ góp ý; chi ủy đề xuất mức xếp "
            "loại; chi bộ biểu quyết bằng hình thức {{ vote.method }} đề nghị mức xếp loại của từng đồng chí theo "
            "{{ review.regime }}."
        ),
        If("speeches", Para("Ý kiến phát biểu:", keep_next=True), *speech_blocks("speeches")),
        If("speeches_blank", Para("Ý kiến phát biểu:", keep_next=True), Loop("x in speeches_blank", Para("{{ x }}"))),
        Heading(1, "Kết quả đánh giá, xếp loại"),
        Para(
            "Số đảng viên được đánh giá, xếp loại: {{ review.count }} đồng chí; số đảng viên chính thức tham gia "
            "biểu quyết: {{ vote.voters }} đồng chí.",
            keep_next=True,
        ),
        Table(
            "m in members",
            Column("STT", "{{ m.no }}", 6),
            Column("Họ và tên", "{{ m.name }}", 18, "left"),
            Column("Tự nhận", "{{ m.self }}", 10),
            Column("Chi ủy đề xuất", "{{ m.committee }}", 10),
            Column("HTXSNV", "{{ m.votes.HTXSNV }}", 10.5),
            Column("HTTNV", "{{ m.votes.HTTNV }}", 9.5),
            Column("HTNV", "{{ m.votes.HTNV }}", 8),
            Column("KHTNV", "{{ m.votes.KHTNV }}", 9.5),
            Column("Tỷ lệ", "{{ m.rate }}", 8.5),
            Column("Ghi chú", "{{ m.note }}", 10, "left"),
            wide=True,
        ),
        Para(
            "Các cột HTXSNV, HTTNV, HTNV, KHTNV ghi số phiếu (biểu quyết) cho từng mức; tỷ lệ là số phiếu của mức "
            "đạt trên một nửa so với số đảng viên tham gia biểu quyết."
        ),
        Para(bold("Tổng hợp đề nghị xếp loại:"), keep_next=True),
        Loop("t in totals", Bullet("{{ t }}.")),
        Heading(1, "Đề nghị của chi bộ"),
        Para(
            "Chi bộ đề nghị {{ review.superior }} xem xét, quyết định xếp loại chất lượng đảng viên năm "
            "{{ review.year }} theo kết quả trên."
        ),
        *MINUTES_CLOSING,
    ),
)

register(
    Kind(
        id="bien-ban-xep-loai",
        title="Biên bản họp kiểm điểm, đánh giá, xếp loại chất lượng đảng viên",
        input_model=ReviewMeetingInput,
        layout=LAYOUT,
        check=_check,
        context=_context,
        document_date=lambda m: review_date(m.meeting.date, m.year),
        filename=lambda m: f"Biên bản xếp loại đảng viên năm {m.year}",
        sample="review-meeting.json",
        number=lambda m: m.minutes_number,
        ruleset=lambda m: rules_of(m).id,
    )
)
