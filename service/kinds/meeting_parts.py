"""The parts of any chi bộ meeting: when and where, who attended, how the vote went.

Monthly, thematic and year-end review meetings all record these the same way,
so the models, the attendance and voting rules (spec §4 rules 1-10), the
sentences that report them and the opening and closing of every set of minutes
live here once.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from service.findings import Finding, pointer
from service.formats.layout import Bullet, Heading, If, Loop, MinutesSignatures, Para
from service.kinds.base import MAX_ITEMS, ClockTime, Count, Date, Model, ShortText
from service.kinds.common import Organization, Person, person_phrase
from service.rules.meetings import MeetingRules
from service.vietnamese.dates import date_words, duration_minutes, time_words
from service.vietnamese.figures import padded_count, percent
from service.vietnamese.names import sort_people

FORMS = {"in_person": "trực tiếp", "online": "trực tuyến", "mixed": "trực tiếp kết hợp trực tuyến"}
VOTE_METHODS = {"show_of_hands": "giơ tay", "secret_ballot": "bỏ phiếu kín", "electronic": "biểu quyết điện tử"}


class Meeting(Model):
    date: Date = Field(title="Ngày họp")
    start: ClockTime = Field(title="Giờ bắt đầu")
    end: ClockTime = Field(title="Giờ kết thúc")
    location: ShortText = Field(title="Địa điểm")
    form: Literal["in_person", "online", "mixed"] = Field("in_person", title="Hình thức họp")
    platform: str | None = Field(None, title="Nền tảng trực tuyến", max_length=300)


class Absent(Model):
    name: ShortText = Field(title="Họ tên đảng viên vắng mặt")
    excused: bool = Field(title="Vắng có lý do")
    reason: str | None = Field(None, title="Lý do vắng", max_length=300)


class Attendance(Model):
    total: Count = Field(title="Tổng số đảng viên")
    official: Count = Field(title="Số đảng viên chính thức")
    probationary: Count = Field(title="Số đảng viên dự bị")
    exempt: Count = Field(0, title="Số đảng viên miễn sinh hoạt vắng mặt")
    transferred_out: Count = Field(0, title="Số đảng viên sinh hoạt tạm thời nơi khác")
    hosted: Count = Field(0, title="Số đảng viên nơi khác đến sinh hoạt tạm thời")
    present: Count = Field(title="Số đảng viên có mặt")
    present_official: Count = Field(title="Số đảng viên chính thức có mặt")
    absent: list[Absent] = Field(default_factory=list, title="Danh sách vắng mặt", max_length=1000)
    summoned_official: Count | None = Field(
        None, title="Số đảng viên chính thức được triệu tập",
        description="Mẫu số khi tính tỷ lệ biểu quyết. Mặc định: chính thức trừ miễn sinh hoạt và sinh hoạt "
                    "tạm thời nơi khác (coi những đồng chí này là đảng viên chính thức).")

    @property
    def expected(self) -> int:
        """Members who should attend: the total minus exempt-and-absent and those sent elsewhere."""
        return self.total - self.exempt - self.transferred_out

    @property
    def denominator(self) -> int:
        """Official members summoned: the regulatory denominator of every vote (spec §4 rule 6)."""
        if self.summoned_official is not None:
            return self.summoned_official
        return self.official - self.exempt - self.transferred_out


class Session(Model):
    """Who met, when and where: what the opening of any set of minutes prints (MINUTES_OPENING)."""
    organization: Organization = Field(title="Chi bộ")
    meeting: Meeting = Field(title="Buổi họp")
    attendance: Attendance = Field(title="Thành phần tham dự")
    guests: list[Person] = Field(default_factory=list, title="Đại biểu mời", max_length=MAX_ITEMS)
    chair: Person = Field(title="Chủ trì")
    secretary: Person = Field(title="Thư ký")


class Vote(Model):
    method: Literal["show_of_hands", "secret_ballot", "electronic"] = Field("show_of_hands",
                                                                            title="Hình thức biểu quyết")
    in_favour: Count = Field(title="Số tán thành")
    against: Count = Field(0, title="Số không tán thành")
    other: Count = Field(0, title="Số ý kiến khác")


Where = str | tuple[str, ...]      # the key of a part in the input, or its path: ("thematic", "vote")


def _path(at: Where) -> tuple[str, ...]:
    return (at,) if isinstance(at, str) else at


def check_meeting(meeting: Meeting, rules: MeetingRules, *, at: Where, combined: bool = False) -> list[Finding]:
    findings = []
    if meeting.end <= meeting.start:
        findings.append(Finding(pointer(*_path(at), "end"), "meeting_end_before_start",
                                "Giờ kết thúc: phải sau giờ bắt đầu."))
    else:
        minutes = duration_minutes(meeting.start, meeting.end)
        minimum = rules.combined_min_duration_minutes if combined else rules.min_duration_minutes
        if minutes < minimum:
            findings.append(Finding(pointer(*_path(at), "end"), "meeting_too_short",
                                    f"Thời lượng buổi sinh hoạt {minutes} phút, ít hơn {minimum} phút theo "
                                    f"{rules.name}.", "warning"))
    if meeting.form != "in_person" and not rules.online_allowed:
        findings.append(Finding(pointer(*_path(at), "form"), "online_meeting_unregulated",
                                "Hình thức họp: chưa có văn bản hướng dẫn sinh hoạt chi bộ trực tuyến; "
                                "cần được cấp ủy cấp trên đồng ý.", "warning"))
    if meeting.form != "in_person" and not meeting.platform:
        findings.append(Finding(pointer(*_path(at), "platform"), "platform_missing",
                                "Nền tảng trực tuyến: bắt buộc phải nhập khi họp trực tuyến hoặc kết hợp."))
    return findings


def check_attendance(attendance: Attendance, rules: MeetingRules, *, at: Where) -> list[Finding]:
    a = attendance
    findings = []

    def error(field: str, code: str, message: str) -> None:
        findings.append(Finding(pointer(*_path(at), field), code, message))

    if a.total != a.official + a.probationary:
        error("total", "attendance_total", f"Tổng số đảng viên ({a.total}) phải bằng số chính thức ({a.official}) "
                                           f"cộng số dự bị ({a.probationary}).")
    if a.exempt + a.transferred_out > a.total:
        error("exempt", "attendance_exempt", "Số miễn sinh hoạt và sinh hoạt tạm thời nơi khác vượt quá tổng số.")
    if a.present + len(a.absent) != a.expected:
        error("present", "attendance_sum",
              f"Số có mặt ({a.present}) cộng số vắng ({len(a.absent)}) phải bằng tổng số ({a.total}) trừ miễn "
              f"sinh hoạt ({a.exempt}) và sinh hoạt tạm thời nơi khác ({a.transferred_out}), tức {a.expected}.")
    if a.present_official > a.present:
        error("present_official", "attendance_official_present",
              "Số đảng viên chính thức có mặt không được lớn hơn số có mặt.")
    if a.present_official > a.official:
        error("present_official", "attendance_official_present",
              "Số đảng viên chính thức có mặt không được lớn hơn số đảng viên chính thức.")
    if a.present - a.present_official > a.probationary:
        error("present_official", "attendance_probationary_present",
              f"Số đảng viên dự bị có mặt ({a.present - a.present_official}) lớn hơn số đảng viên dự bị "
              f"({a.probationary}).")
    if not a.present_official <= a.denominator <= a.official:
        error("summoned_official", "attendance_summoned",
              f"Số đảng viên chính thức được triệu tập ({a.denominator}) phải nằm giữa số chính thức có mặt "
              f"({a.present_official}) và số chính thức ({a.official}).")
    for index, absent in enumerate(a.absent):
        if absent.excused and not absent.reason:
            findings.append(Finding(pointer(*_path(at), "absent", index, "reason"), "absent_reason_missing",
                                    f"Lý do vắng của đồng chí {absent.name}: bắt buộc khi vắng có lý do."))
    if a.official < rules.min_official_members:
        findings.append(Finding(pointer(*_path(at), "official"), "too_few_official_members",
                                f"Chi bộ chỉ có {a.official} đảng viên chính thức; Điều lệ Đảng yêu cầu ít nhất "
                                f"{rules.min_official_members}.", "warning"))
    if a.denominator and a.present_official < rules.quorum_fraction * a.denominator:
        findings.append(Finding(pointer(*_path(at), "present_official"), "low_attendance",
                                f"Chỉ {a.present_official}/{a.denominator} đảng viên chính thức có mặt, dưới hai "
                                "phần ba số được triệu tập.", "warning"))
    return findings


def vote_passes(vote: Vote, attendance: Attendance) -> bool:
    """A resolution passes only with strictly more than half of the official members summoned."""
    return 2 * vote.in_favour > attendance.denominator


def not_passed(vote: Vote, attendance: Attendance, severity: str, *, at: Where = "vote") -> Finding:
    return Finding(pointer(*_path(at), "in_favour"), "resolution_not_passed",
                   f"Số tán thành ({vote.in_favour}) không quá một nửa số đảng viên chính thức được triệu "
                   f"tập ({attendance.denominator}): nghị quyết không được thông qua.", severity)


def check_vote(vote: Vote, attendance: Attendance, *, at: Where) -> list[Finding]:
    if attendance.denominator == 0:
        return [Finding(pointer(*_path(at)), "vote_without_official_members",
                        "Biểu quyết: không có đảng viên chính thức nào được triệu tập nên không thể biểu quyết.")]
    cast = vote.in_favour + vote.against + vote.other
    if cast > attendance.present_official:
        return [Finding(pointer(*_path(at)), "vote_exceeds_official_present",
                        f"Tổng số biểu quyết ({cast}) vượt số đảng viên chính thức có mặt "
                        f"({attendance.present_official}): chỉ đảng viên chính thức được biểu quyết.")]
    return []


def meeting_context(meeting: Meeting) -> dict:
    form = FORMS[meeting.form] + (f" (qua {meeting.platform})" if meeting.form != "in_person" and meeting.platform
                                  else "")
    return {"date": date_words(meeting.date), "start": time_words(meeting.start), "end": time_words(meeting.end),
            "location": meeting.location, "form": form, "in_person": meeting.form == "in_person",
            "duration": duration_minutes(meeting.start, meeting.end)}


def _names(people: list[Absent]) -> str:
    return "; ".join(f"đồng chí {p.name}" + (f" ({p.reason})" if p.reason else "") for p in people)


def attendance_context(a: Attendance) -> dict:
    absent = sort_people(a.absent, key=lambda p: p.name)
    excused = [p for p in absent if p.excused]
    unexcused = [p for p in absent if not p.excused]
    present_probationary = a.present - a.present_official
    absent = (f"vắng {padded_count(len(a.absent))} đồng chí" if a.absent else "không có đồng chí nào vắng mặt")
    return {
        "total": a.total, "present": a.present, "expected": a.expected, "denominator": a.denominator,
        "composition": (f"tổng số {padded_count(a.total)} đồng chí (chính thức {padded_count(a.official)}, "
                        f"dự bị {padded_count(a.probationary)})"),
        "exempt": f"{padded_count(a.exempt)} đồng chí" if a.exempt else "",
        "transferred_out": f"{padded_count(a.transferred_out)} đồng chí" if a.transferred_out else "",
        "hosted": f"{padded_count(a.hosted)} đồng chí" if a.hosted else "",
        "present_line": (f"Có mặt {padded_count(a.present)}/{padded_count(a.expected)} đồng chí (chính thức "
                         f"{padded_count(a.present_official)}, dự bị {padded_count(present_probationary)}); {absent}"),
        "absent_excused": _names(excused),
        "absent_excused_count": padded_count(len(excused)),
        "absent_unexcused": _names(unexcused),
        "absent_unexcused_count": padded_count(len(unexcused)),
        "rate": percent(a.present, a.expected) if a.expected else "",
    }


def vote_context(vote: Vote, attendance: Attendance) -> dict:
    """The vote figures and the sentence that reports them, always over the official members summoned."""
    base = attendance.denominator
    parts = [f"{padded_count(vote.in_favour)}/{padded_count(base)} đồng chí tán thành, đạt "
             f"{percent(vote.in_favour, base)}"]
    if vote.against:
        parts.append(f"{padded_count(vote.against)} đồng chí không tán thành, chiếm {percent(vote.against, base)}")
    if vote.other:
        parts.append(f"{padded_count(vote.other)} đồng chí có ý kiến khác, chiếm {percent(vote.other, base)}")
    return {"method": VOTE_METHODS[vote.method], "in_favour": vote.in_favour, "against": vote.against,
            "other": vote.other, "denominator": base, "percent": percent(vote.in_favour, base),
            "result": "; ".join(parts), "passed": vote_passes(vote, attendance)}


def session_context(meeting: Meeting, attendance: Attendance, chair: Person, secretary: Person,
                    guests: list[Person]) -> dict:
    """What the opening of every set of minutes prints (MINUTES_OPENING)."""
    return {"meeting": meeting_context(meeting), "attendance": attendance_context(attendance),
            "chair": {"name": chair.name, "phrase": person_phrase(chair)},
            "secretary": {"name": secretary.name, "phrase": person_phrase(secretary)},
            "guests": [person_phrase(g, capital=True) for g in guests]}


# Time, place, chair and secretary, then "I. Thành phần": over session_context().
MINUTES_OPENING = (
    Para("- Thời gian: bắt đầu hồi {{ meeting.start }}, {{ meeting.date }}."),
    Para("- Địa điểm: {{ meeting.location }}."),
    Para("- Hình thức: {{ meeting.form }}."),
    Para("- Chủ trì: {{ chair.phrase }}."),
    Para("- Thư ký: {{ secretary.phrase }}."),
    Heading(1, "Thành phần"),
    Heading(2, "Đảng viên"),
    Para("Chi bộ có {{ attendance.composition }}."),
    If("attendance.exempt", Bullet("Miễn sinh hoạt, vắng mặt: {{ attendance.exempt }}.")),
    If("attendance.transferred_out", Bullet("Sinh hoạt tạm thời nơi khác: {{ attendance.transferred_out }}.")),
    Bullet("{{ attendance.present_line }}."),
    If("attendance.absent_excused",
       Bullet("Vắng có lý do ({{ attendance.absent_excused_count }}): {{ attendance.absent_excused }}.")),
    If("attendance.absent_unexcused",
       Bullet("Vắng không có lý do ({{ attendance.absent_unexcused_count }}): {{ attendance.absent_unexcused }}.")),
    If("attendance.hosted", Bullet("Đảng viên nơi khác đến sinh hoạt tạm thời: {{ attendance.hosted }}.")),
    Heading(2, "Đại biểu mời"),
    If("guests", Loop("g in guests", Bullet("{{ g }}."))),
    If("not guests", Para("Không có.")),
)

# How a resolution opens after its legal bases: "Chi bộ Thôn Đông họp ngày … (có mặt 18/20 đảng viên)".
CELL_MET = ("Chi bộ {{ org.title|replace('Chi bộ ', '', 1)|replace('chi bộ ', '', 1) }} họp ngày "
            "{{ meeting.date|replace('ngày ', '', 1) }} (có mặt {{ attendance.present }}/{{ attendance.expected }} "
            "đảng viên)")

def vote_blocks(vote: str, resolution: str, name: str) -> tuple:
    """How minutes record the vote on a resolution: `vote` names a vote_context() in the template's context,
    `resolution` is what was put to the vote and `name` what a failed vote leaves unadopted."""
    return (Para(f"Chi bộ biểu quyết bằng hình thức {{{{ {vote}.method }}}} thông qua {resolution}: "
                 f"{{{{ {vote}.result }}}}."),
            If(f"not {vote}.passed", Para(f"{name} không được thông qua.")))


MINUTES_CLOSING = (
    Para("Buổi sinh hoạt kết thúc hồi {{ meeting.end }} cùng ngày. Biên bản đã được đọc lại trước chi bộ và "
         "được chi bộ thống nhất thông qua", close=True),
    MinutesSignatures(left_name="{{ secretary.name }}", right_name="{{ chair.name }}"),
)
