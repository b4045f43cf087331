"""The parts of any chi bộ meeting: when and where, who attended, how each vote went, how the minutes close.

Monthly, thematic and year-end review meetings all record these the same way,
so the models, the attendance and voting rules (spec §4 rules 1-10, §3.4a),
the sentences that report them and the opening and closing of every set of
minutes live here once.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from service.findings import Finding, pointer
from service.formats.layout import Bullet, Heading, If, Loop, MinutesSignatures, Para, bold
from service.kinds.base import MAX_ITEMS, ClockTime, Count, Date, LongText, Model
from service.kinds.common import Line, Organization, OptionalLine, Person, person_phrase, same_person
from service.rules.meetings import MeetingRules, VoteRule
from service.vietnamese.dates import date_words, duration_minutes, time_words
from service.vietnamese.figures import padded_count, percent
from service.vietnamese.names import sort_people
from service.vietnamese.text import bare, lines, punctuate, sentence_case_first

FORMS = {"in_person": "trực tiếp", "online": "trực tuyến", "mixed": "trực tiếp kết hợp trực tuyến"}
VOTE_METHODS = {"show_of_hands": "giơ tay", "secret_ballot": "bỏ phiếu kín", "electronic": "biểu quyết điện tử"}
MATTERS = {
    "resolution": "Thông qua nghị quyết",
    "admission": "Đề nghị kết nạp đảng viên",
    "official_recognition": "Đề nghị công nhận đảng viên chính thức",
    "other": "Vấn đề khác",
}
# What a failed vote fell short of, by the share it needed (spec §3.4a).
SHORTFALL = {
    "more_than_half": "chưa quá một nửa số đảng viên chính thức được triệu tập",
    "two_thirds": "chưa đạt hai phần ba số đảng viên chính thức được triệu tập",
}
ADOPTIONS = {
    "adopted": "thông qua",
    "adopted_with_amendments": "thông qua có bổ sung, chỉnh sửa",
    "not_adopted": "chưa thông qua",
}
# A line to fill in by hand where the minutes must say something the input does not.
BLANK = "……………………………………"


class Meeting(Model):
    date: Date = Field(title="Ngày họp")
    start: ClockTime = Field(title="Giờ bắt đầu")
    end: ClockTime = Field(title="Giờ kết thúc")
    location: Line = Field(title="Địa điểm")
    form: Literal["in_person", "online", "mixed"] = Field("in_person", title="Hình thức họp")
    platform: OptionalLine = Field(None, title="Nền tảng trực tuyến")
    online: list[Line] = Field(
        default_factory=list,
        title="Đảng viên dự họp trực tuyến",
        max_length=MAX_ITEMS,
        description="Họp kết hợp: họ tên những đồng chí dự trực tuyến; các đồng chí có mặt còn lại dự trực tiếp.",
    )


class Absent(Model):
    name: Line = Field(title="Họ tên đảng viên vắng mặt")
    excused: bool = Field(title="Vắng có lý do")
    reason: OptionalLine = Field(None, title="Lý do vắng")
    status: Literal["official", "probationary"] | None = Field(
        None, title="Đảng viên chính thức hay dự bị", description="official: chính thức; probationary: dự bị."
    )
    approved: bool = Field(
        False,
        title="Được chi ủy đồng ý vắng cả buổi",
        description="Đảng viên chính thức được chi ủy đồng ý cho vắng cả buổi không tính vào số "
        "được triệu tập, mẫu số của các biểu quyết.",
    )


class Level(Model):
    level: Line = Field(title="Trình độ", examples=["Trung cấp"])
    count: Count = Field(title="Số đảng viên")


class Composition(Model):
    """Figures the upper level asks for; each printed only when given."""

    women: Count | None = Field(None, title="Số đảng viên nữ")
    theory: list[Level] = Field(default_factory=list, title="Trình độ lý luận chính trị", max_length=20)
    education: list[Level] = Field(default_factory=list, title="Trình độ chuyên môn", max_length=20)


class Attendance(Model):
    total: Count = Field(title="Tổng số đảng viên")
    official: Count = Field(title="Số đảng viên chính thức")
    probationary: Count = Field(title="Số đảng viên dự bị")
    exempt: Count = Field(0, title="Số đảng viên miễn sinh hoạt vắng mặt")
    transferred_out: Count = Field(0, title="Số đảng viên sinh hoạt tạm thời nơi khác")
    suspended: Count = Field(0, title="Số đảng viên chính thức bị đình chỉ sinh hoạt, khởi tố, tạm giam")
    hosted: Count = Field(0, title="Số đảng viên nơi khác đến sinh hoạt tạm thời")
    present: Count = Field(title="Số đảng viên có mặt")
    present_official: Count = Field(title="Số đảng viên chính thức có mặt")
    absent: list[Absent] = Field(default_factory=list, title="Danh sách vắng mặt", max_length=1000)
    summoned_official: Count | None = Field(
        None,
        title="Số đảng viên chính thức được triệu tập",
        description="Mẫu số khi tính tỷ lệ biểu quyết, chỉ nhập khi cần thay số tự tính: chính thức trừ miễn sinh "
        "hoạt, sinh hoạt tạm thời nơi khác, bị đình chỉ sinh hoạt và những đồng chí chính thức được chi "
        "ủy đồng ý vắng cả buổi.",
    )
    composition: Composition | None = Field(None, title="Cơ cấu đảng viên")

    @property
    def expected(self) -> int:
        """Members who should attend: the total minus exempt-and-absent, those sent elsewhere and suspended."""
        return self.total - self.exempt - self.transferred_out - self.suspended

    @property
    def approved_official(self) -> int:
        return sum(1 for a in self.absent if a.approved and a.status == "official")

    @property
    def computed_denominator(self) -> int:
        """Official members summoned (spec §4 rule 6), from the counts and the absentees."""
        return self.official - self.exempt - self.transferred_out - self.suspended - self.approved_official

    @property
    def denominator(self) -> int:
        """The denominator of every vote: the override when given, else rule 6."""
        return self.computed_denominator if self.summoned_official is None else self.summoned_official


class MinutesAdoption(Model):
    result: Literal["adopted", "adopted_with_amendments", "not_adopted"] = Field(
        "adopted",
        title="Kết quả thông qua biên bản",
        description="adopted: thông qua; adopted_with_amendments: thông qua có bổ sung, chỉnh sửa; not_adopted: "
        "chưa thông qua.",
    )
    amendments: LongText | None = Field(None, title="Nội dung bổ sung, chỉnh sửa hoặc lý do chưa thông qua")


class Session(Model):
    """Who met, when and where: what the opening of any set of minutes prints (MINUTES_OPENING)."""

    organization: Organization = Field(title="Chi bộ")
    meeting: Meeting = Field(title="Buổi họp")
    attendance: Attendance = Field(title="Thành phần tham dự")
    guests: list[Person] = Field(default_factory=list, title="Đại biểu mời", max_length=MAX_ITEMS)
    chair: Person = Field(title="Chủ trì")
    secretary: Person = Field(title="Thư ký")
    minutes_adoption: MinutesAdoption = Field(default_factory=MinutesAdoption, title="Thông qua biên bản")


class Speech(Model):
    speaker: Line = Field(title="Người phát biểu")
    position: OptionalLine = Field(
        None,
        title="Chức vụ người phát biểu",
        description="Để trống khi người phát biểu có trong danh sách đại biểu, chủ trì hoặc thư ký: chức vụ lấy từ đó.",
    )
    content: LongText = Field(title="Nội dung phát biểu")


class Vote(Model):
    method: Literal["show_of_hands", "secret_ballot", "electronic"] = Field("show_of_hands", title="Hình thức biểu quyết")
    in_favour: Count = Field(title="Số tán thành")
    against: Count = Field(0, title="Số không tán thành")
    other: Count = Field(0, title="Số ý kiến khác")


class VoteItem(Vote):
    """One of the sitting's votes, with what was decided and the share it needed."""

    matter: Literal["resolution", "admission", "official_recognition", "other"] = Field(
        "other",
        title="Nội dung biểu quyết",
        description="resolution: thông qua nghị quyết của buổi sinh hoạt; admission: đề nghị kết nạp đảng viên; "
        "official_recognition: đề nghị công nhận đảng viên chính thức; other: vấn đề khác.",
    )
    subject: OptionalLine = Field(
        None,
        title="Vấn đề biểu quyết",
        description="Bắt buộc với vấn đề khác, ví dụ “việc cử đồng chí Lê Văn Nam làm Tổ "
        "trưởng Tổ đảng số 2”; nghị quyết được gọi theo tên của nó.",
    )
    person: OptionalLine = Field(
        None, title="Người được đề nghị", description="Bắt buộc khi đề nghị kết nạp hoặc công nhận đảng viên chính thức."
    )
    rule: VoteRule | None = Field(
        None,
        title="Tỷ lệ cần đạt",
        description="more_than_half: quá một nửa; two_thirds: từ hai phần ba số đảng viên "
        "chính thức được triệu tập. Mặc định theo nội dung biểu quyết.",
    )


Where = str | tuple[str | int, ...]  # the key of a part in the input, or its path: ("thematic", "vote")


def _path(at: Where) -> tuple:
    return (at,) if isinstance(at, str) else at


# Checks ---------------------------------------------------------------------------------------------


def check_meeting(
    meeting: Meeting, rules: MeetingRules, *, at: Where, combined: bool = False, present: int | None = None
) -> list[Finding]:
    findings = []
    if meeting.end <= meeting.start:
        findings.append(
            Finding(pointer(*_path(at), "end"), "meeting_end_before_start", "Giờ kết thúc: phải sau giờ bắt đầu.")
        )
    else:
        minutes = duration_minutes(meeting.start, meeting.end)
        minimum = rules.combined_min_duration_minutes if combined else rules.min_duration_minutes
        if minutes < minimum:
            findings.append(
                Finding(
                    pointer(*_path(at), "end"),
                    "meeting_too_short",
                    f"Thời lượng buổi sinh hoạt {minutes} phút, ít hơn {minimum} phút theo {rules.name}.",
                    "warning",
                )
            )
    if meeting.form != "in_person" and not rules.online_allowed:
        findings.append(
            Finding(
                pointer(*_path(at), "form"),
                "online_meeting_unregulated",
                "Hình thức họp: chưa có văn bản hướng dẫn sinh hoạt chi bộ trực tuyến; cần được cấp ủy cấp trên đồng ý.",
                "warning",
            )
        )
    if meeting.form != "in_person" and not meeting.platform:
        findings.append(
            Finding(
                pointer(*_path(at), "platform"),
                "platform_missing",
                "Nền tảng trực tuyến: bắt buộc phải nhập khi họp trực tuyến hoặc kết hợp.",
            )
        )
    if meeting.form == "mixed" and not meeting.online:
        findings.append(
            Finding(
                pointer(*_path(at), "online"),
                "online_members_missing",
                "Đảng viên dự họp trực tuyến: họp kết hợp cần ghi những đồng chí dự trực tuyến để "
                "biên bản phân biệt với những đồng chí dự trực tiếp.",
                "warning",
            )
        )
    if meeting.form != "mixed" and meeting.online:
        findings.append(
            Finding(
                pointer(*_path(at), "online"),
                "online_members_not_mixed",
                "Đảng viên dự họp trực tuyến: chỉ ghi khi họp kết hợp trực tiếp và trực tuyến.",
            )
        )
    elif present is not None and len(meeting.online) > present:
        findings.append(
            Finding(
                pointer(*_path(at), "online"),
                "online_members_exceed_present",
                f"Số đồng chí dự trực tuyến ({len(meeting.online)}) nhiều hơn số có mặt ({present}).",
            )
        )
    return findings


def check_attendance(attendance: Attendance, rules: MeetingRules, *, at: Where) -> list[Finding]:
    a = attendance
    findings = []

    def error(field: str, code: str, message: str) -> None:
        findings.append(Finding(pointer(*_path(at), field), code, message))

    if a.total != a.official + a.probationary:
        error(
            "total",
            "attendance_total",
            f"Tổng số đảng viên ({a.total}) phải bằng số chính thức ({a.official}) cộng số dự bị ({a.probationary}).",
        )
    if a.exempt + a.transferred_out + a.suspended > a.total:
        error(
            "exempt",
            "attendance_exempt",
            "Số miễn sinh hoạt, sinh hoạt tạm thời nơi khác và bị đình chỉ sinh hoạt vượt quá tổng số.",
        )
    if a.present + len(a.absent) != a.expected:
        error(
            "present",
            "attendance_sum",
            f"Số có mặt ({a.present}) cộng số vắng ({len(a.absent)}) phải bằng tổng số ({a.total}) trừ miễn "
            f"sinh hoạt ({a.exempt}), sinh hoạt tạm thời nơi khác ({a.transferred_out}) và bị đình chỉ sinh hoạt "
            f"({a.suspended}), tức {a.expected}.",
        )
    if a.present_official > a.present:
        error(
            "present_official", "attendance_official_present", "Số đảng viên chính thức có mặt không được lớn hơn số có mặt."
        )
    if a.present_official > a.official:
        error(
            "present_official",
            "attendance_official_present",
            "Số đảng viên chính thức có mặt không được lớn hơn số đảng viên chính thức.",
        )
    if a.present - a.present_official > a.probationary:
        error(
            "present_official",
            "attendance_probationary_present",
            f"Số đảng viên dự bị có mặt ({a.present - a.present_official}) lớn hơn số đảng viên dự bị ({a.probationary}).",
        )
    if not a.present_official <= a.denominator <= a.official:
        error(
            "summoned_official",
            "attendance_summoned",
            f"Số đảng viên chính thức được triệu tập ({a.denominator}) phải nằm giữa số chính thức có mặt "
            f"({a.present_official}) và số chính thức ({a.official}).",
        )
    elif a.summoned_official is not None and a.summoned_official != a.computed_denominator:
        findings.append(
            Finding(
                pointer(*_path(at), "summoned_official"),
                "summoned_official_override",
                f"Số đảng viên chính thức được triệu tập nhập tay ({a.summoned_official}) khác số tính "
                f"theo thành phần và danh sách vắng ({a.computed_denominator}); biểu quyết tính trên "
                f"{a.summoned_official}.",
                "warning",
            )
        )
    findings += _check_absentees(a, at)
    findings += _check_composition(a.composition, a.total, at)
    if a.official < rules.min_official_members:
        findings.append(
            Finding(
                pointer(*_path(at), "official"),
                "too_few_official_members",
                f"Chi bộ chỉ có {a.official} đảng viên chính thức; Điều lệ Đảng yêu cầu ít nhất "
                f"{rules.min_official_members}.",
                "warning",
            )
        )
    if a.denominator and a.present_official < rules.quorum_fraction * a.denominator:
        findings.append(
            Finding(
                pointer(*_path(at), "present_official"),
                "low_attendance",
                f"Chỉ {a.present_official}/{a.denominator} đảng viên chính thức có mặt, dưới hai phần ba số được triệu tập.",
                "warning",
            )
        )
    return findings


def _check_absentees(a: Attendance, at: Where) -> list[Finding]:
    findings = []
    for index, absent in enumerate(a.absent):
        where = (*_path(at), "absent", index)
        if absent.excused and not absent.reason:
            findings.append(
                Finding(
                    pointer(*where, "reason"),
                    "absent_reason_missing",
                    f"Lý do vắng của đồng chí {absent.name}: bắt buộc khi vắng có lý do.",
                )
            )
        if absent.approved and not absent.excused:
            findings.append(
                Finding(
                    pointer(*where, "excused"),
                    "absent_approved_unexcused",
                    f"Đồng chí {absent.name} được chi ủy đồng ý vắng cả buổi nên là vắng có lý do.",
                )
            )
        if absent.approved and absent.status is None:
            findings.append(
                Finding(
                    pointer(*where, "status"),
                    "absent_status_missing",
                    f"Đồng chí {absent.name} được đồng ý vắng cả buổi: cần ghi là đảng viên chính "
                    "thức hay dự bị để tính số được triệu tập.",
                )
            )
    official = sum(1 for absent in a.absent if absent.status == "official")
    probationary = sum(1 for absent in a.absent if absent.status == "probationary")
    if official > a.official - a.present_official:
        findings.append(
            Finding(
                pointer(*_path(at), "absent"),
                "absent_official_count",
                f"Danh sách vắng có {official} đảng viên chính thức, nhiều hơn số chính thức không có "
                f"mặt ({a.official - a.present_official}).",
            )
        )
    if probationary > a.probationary - (a.present - a.present_official):
        findings.append(
            Finding(
                pointer(*_path(at), "absent"),
                "absent_probationary_count",
                f"Danh sách vắng có {probationary} đảng viên dự bị, nhiều hơn số dự bị không có mặt "
                f"({a.probationary - (a.present - a.present_official)}).",
            )
        )
    return findings


def _check_composition(composition: Composition | None, total: int, at: Where) -> list[Finding]:
    if composition is None:
        return []
    findings = []
    where = (*_path(at), "composition")
    if composition.women is not None and composition.women > total:
        findings.append(
            Finding(
                pointer(*where, "women"),
                "composition_exceeds_total",
                f"Số đảng viên nữ ({composition.women}) lớn hơn tổng số đảng viên ({total}).",
            )
        )
    for field, label in (("theory", "trình độ lý luận chính trị"), ("education", "trình độ chuyên môn")):
        counted = sum(level.count for level in getattr(composition, field))
        if counted > total:
            findings.append(
                Finding(
                    pointer(*where, field),
                    "composition_exceeds_total",
                    f"Cộng các mức {label} ({counted}) lớn hơn tổng số đảng viên ({total}).",
                )
            )
    return findings


def passes(in_favour: int, denominator: int, rule: VoteRule) -> bool:
    """Rule 7: strictly more than half; rule 8: at least two thirds (spec §4)."""
    if rule == "two_thirds":
        return 3 * in_favour >= 2 * denominator
    return 2 * in_favour > denominator


def needed(denominator: int, rule: VoteRule) -> int:
    """The fewest votes in favour that pass."""
    return -(-2 * denominator // 3) if rule == "two_thirds" else denominator // 2 + 1


def check_vote(vote: Vote, attendance: Attendance, *, at: Where) -> list[Finding]:
    if attendance.denominator == 0:
        return [
            Finding(
                pointer(*_path(at)),
                "vote_without_official_members",
                "Biểu quyết: không có đảng viên chính thức nào được triệu tập nên không thể biểu quyết.",
            )
        ]
    cast = vote.in_favour + vote.against + vote.other
    if cast > attendance.present_official:
        return [
            Finding(
                pointer(*_path(at)),
                "vote_exceeds_official_present",
                f"Tổng số biểu quyết ({cast}) vượt số đảng viên chính thức có mặt "
                f"({attendance.present_official}): chỉ đảng viên chính thức được biểu quyết.",
            )
        ]
    return []


def not_passed(
    vote: Vote, attendance: Attendance, severity: str, *, at: Where = "vote", rule: VoteRule = "more_than_half"
) -> Finding:
    """A resolution cannot be issued from a vote that did not pass; its minutes still record it."""
    d = attendance.denominator
    consequence = (
        "dự thảo chưa được thông qua nên không thể ban hành nghị quyết; biên bản vẫn lập được và ghi rõ kết quả này"
        if severity == "error"
        else "biên bản ghi dự thảo chưa được thông qua"
    )
    return Finding(
        pointer(*_path(at), "in_favour"),
        "resolution_not_passed",
        f"Biểu quyết: {vote.in_favour}/{d} đồng chí tán thành, {SHORTFALL[rule]} (cần ít nhất "
        f"{needed(d, rule)}); {consequence}.",
        severity,
    )


# Context --------------------------------------------------------------------------------------------


def meeting_context(meeting: Meeting) -> dict:
    form = FORMS[meeting.form] + (
        f" (qua {bare(meeting.platform)})" if meeting.form != "in_person" and meeting.platform else ""
    )
    minutes = duration_minutes(meeting.start, meeting.end) if meeting.end > meeting.start else 0
    return {
        "date": date_words(meeting.date),
        "start": time_words(meeting.start),
        "end": time_words(meeting.end),
        "location": bare(meeting.location),
        "form": form,
        "in_person": meeting.form == "in_person",
        "duration": minutes,
    }


def _absent_phrase(person: Absent) -> str:
    notes = ["đảng viên dự bị"] if person.status == "probationary" else []
    notes += [bare(person.reason)] if person.reason else []
    notes += ["được chi ủy đồng ý vắng cả buổi"] if person.approved else []
    return f"đồng chí {person.name}" + (f" ({'; '.join(notes)})" if notes else "")


def _names(people: list[Absent]) -> str:
    return "; ".join(_absent_phrase(p) for p in people)


def _people(count: int) -> str:
    return f"{padded_count(count)} đồng chí"


def _composition_line(a: Attendance) -> str:
    """ "tổng số 21 đồng chí (chính thức 19, dự bị 02)", without a count of none."""
    if not a.probationary:
        return f"tổng số {_people(a.total)}, không có đảng viên dự bị"
    if not a.official:
        return f"tổng số {_people(a.total)}, đều là đảng viên dự bị"
    return f"tổng số {_people(a.total)} (chính thức {padded_count(a.official)}, dự bị {padded_count(a.probationary)})"


def _present_line(a: Attendance) -> str:
    """ "Có mặt 18/20 đồng chí (chính thức 16, dự bị 02); vắng 02 đồng chí", without a count of none."""
    probationary = a.present - a.present_official
    if not a.present:
        present = "Không có đồng chí nào có mặt"
    elif not probationary:
        present = f"Có mặt {padded_count(a.present)}/{_people(a.expected)}, đều là đảng viên chính thức"
    elif not a.present_official:
        present = f"Có mặt {padded_count(a.present)}/{_people(a.expected)}, đều là đảng viên dự bị"
    else:
        present = (
            f"Có mặt {padded_count(a.present)}/{_people(a.expected)} (chính thức "
            f"{padded_count(a.present_official)}, dự bị {padded_count(probationary)})"
        )
    absent = f"vắng {_people(len(a.absent))}" if a.absent else "không có đồng chí nào vắng mặt"
    return f"{present}; {absent}"


def _levels(levels: list[Level]) -> str:
    return ", ".join(f"{sentence_case_first(bare(level.level))} {padded_count(level.count)}" for level in levels)


def composition_lines(composition: Composition | None) -> list[str]:
    """The figures given, one line each, in the order upper levels ask for them."""
    if composition is None:
        return []
    result = []
    if composition.women is not None:
        result.append(f"Đảng viên nữ: {_people(composition.women)}" if composition.women else "Không có đảng viên nữ")
    if composition.theory:
        result.append(f"Trình độ lý luận chính trị: {_levels(composition.theory)}")
    if composition.education:
        result.append(f"Trình độ chuyên môn: {_levels(composition.education)}")
    return result


def attendance_context(a: Attendance, meeting: Meeting | None = None) -> dict:
    absent = sort_people(a.absent, key=lambda p: p.name)
    excused = [p for p in absent if p.excused]
    unexcused = [p for p in absent if not p.excused]
    online = list(meeting.online) if meeting is not None and meeting.form == "mixed" else []
    return {
        "total": a.total,
        "present": a.present,
        "expected": a.expected,
        "denominator": a.denominator,
        "composition": _composition_line(a),
        "exempt": _people(a.exempt) if a.exempt else "",
        "transferred_out": _people(a.transferred_out) if a.transferred_out else "",
        "suspended": _people(a.suspended) if a.suspended else "",
        "hosted": _people(a.hosted) if a.hosted else "",
        "present_line": _present_line(a),
        "absent_excused": _names(excused),
        "absent_excused_count": padded_count(len(excused)),
        "absent_unexcused": _names(unexcused),
        "absent_unexcused_count": padded_count(len(unexcused)),
        "rate": percent(a.present, a.expected) if a.expected else "",
        "figures": composition_lines(a.composition),
        "mixed": (
            f"Dự họp trực tiếp: {_people(max(a.present - len(online), 0))}; dự họp trực tuyến: "
            f"{_people(len(online))} ({'; '.join(f'đồng chí {name}' for name in online)})"
        )
        if online
        else "",
    }


def vote_context(
    vote: Vote, attendance: Attendance, *, subject: str, draft: str | None = None, rule: VoteRule = "more_than_half"
) -> dict:
    """The vote figures over the official members summoned and the sentence that reports them (spec §3.4a):
    a vote that passed "thông qua {subject}"; one that did not is "về {draft or subject}", says what it fell
    short of and that nothing was adopted."""
    base = attendance.denominator
    passed = passes(vote.in_favour, base, rule)
    figures = f"{padded_count(vote.in_favour)}/{padded_count(base)} đồng chí tán thành, đạt {percent(vote.in_favour, base)}"
    parts = [figures if passed else f"{figures}, {SHORTFALL[rule]}"]
    if vote.against:
        parts.append(f"{_people(vote.against)} không tán thành, chiếm {percent(vote.against, base)}")
    if vote.other:
        parts.append(f"{_people(vote.other)} có ý kiến khác, chiếm {percent(vote.other, base)}")
    method = VOTE_METHODS[vote.method]
    if passed:
        sentence = f"Chi bộ biểu quyết bằng hình thức {method} thông qua {subject}: {'; '.join(parts)}."
    else:
        undecided = "dự thảo chưa được thông qua" if draft else f"{subject} chưa được thông qua"
        sentence = f"Chi bộ biểu quyết bằng hình thức {method} về {draft or subject}: {'; '.join(parts)}; {undecided}."
    return {
        "method": method,
        "in_favour": vote.in_favour,
        "against": vote.against,
        "other": vote.other,
        "denominator": base,
        "percent": percent(vote.in_favour, base),
        "result": "; ".join(parts),
        "passed": passed,
        "sentence": sentence,
    }


def vote_subject(item: VoteItem) -> str | None:
    """What a vote other than the resolution decided, as the sentence names it."""
    if item.matter == "admission" and item.person:
        return f"việc đề nghị kết nạp quần chúng {item.person} vào Đảng"
    if item.matter == "official_recognition" and item.person:
        return f"việc đề nghị công nhận đồng chí {item.person} là đảng viên chính thức"
    return bare(item.subject) if item.subject else None


def check_vote_item(item: VoteItem, attendance: Attendance, at: Where) -> list[Finding]:
    findings = check_vote(item, attendance, at=at)
    if item.matter in ("admission", "official_recognition") and not item.person:
        findings.append(
            Finding(
                pointer(*_path(at), "person"),
                "vote_person_missing",
                f"Người được đề nghị: bắt buộc khi biểu quyết “{MATTERS[item.matter]}”.",
            )
        )
    if item.matter == "other" and not item.subject:
        findings.append(
            Finding(
                pointer(*_path(at), "subject"),
                "vote_subject_missing",
                "Vấn đề biểu quyết: bắt buộc, ví dụ “việc cử đồng chí Lê Văn Nam làm Tổ trưởng Tổ đảng số 2”.",
            )
        )
    return findings


def known_people(*groups) -> list[Person]:
    """Everyone whose title the input gives (guests, chair, secretary, presenters), to name speakers by."""
    return [person for group in groups for person in ([group] if isinstance(group, Person) else group)]


def acting_phrase(name: str, position: str | None, known: list[Person], *, capital: bool = True) -> str:
    """How a person who speaks or presents is named: with the position given, or else the one the input gives
    for that person elsewhere; a guest who is not a Party member as "ông"/"bà"."""
    found = next((p for p in known if same_person(p.name, name)), None)
    if found is None:
        found = Person(name=name, position=position)
    elif position:
        found = found.model_copy(update={"position": position})
    return person_phrase(found, capital=capital)


def speech_context(speech: Speech, known: list[Person]) -> dict:
    """A speech as printed: who (with the title) on the first paragraph, the rest as paragraphs of their own."""
    paragraphs = lines(speech.content)
    return {
        "speaker": speech.speaker,
        "content": speech.content,
        "who": acting_phrase(speech.speaker, speech.position, known),
        "first": paragraphs[0] if paragraphs else "",
        "more": paragraphs[1:],
    }


def adoption_sentence(adoption: MinutesAdoption) -> str:
    """How the minutes close (HD 42): read back, then adopted, adopted with amendments or not adopted. Without
    its final mark, which the profile supplies."""
    read = "Biên bản đã được đọc lại trước chi bộ"
    if adoption.result == "adopted":
        return f"{read} và được chi bộ thống nhất thông qua"
    amendments = "; ".join(bare(line) for line in lines(adoption.amendments or ""))
    if adoption.result == "adopted_with_amendments":
        return f"{read}; chi bộ thông qua biên bản, có bổ sung, chỉnh sửa" + (f": {amendments}" if amendments else "")
    return f"{read}; chi bộ chưa thông qua biên bản" + (f": {amendments}" if amendments else "")


def check_adoption(adoption: MinutesAdoption) -> list[Finding]:
    if adoption.result == "adopted_with_amendments" and not adoption.amendments:
        return [
            Finding(
                pointer("minutes_adoption", "amendments"),
                "minutes_amendments_missing",
                "Nội dung bổ sung, chỉnh sửa: cần ghi khi biên bản được thông qua có bổ sung, chỉnh sửa.",
            )
        ]
    if adoption.result == "not_adopted":
        return [
            Finding(
                pointer("minutes_adoption", "result"),
                "minutes_not_adopted",
                "Biên bản chưa được chi bộ thông qua.",
                "warning",
            )
        ]
    return []


def session_context(
    meeting: Meeting,
    attendance: Attendance,
    chair: Person,
    secretary: Person,
    guests: list[Person],
    adoption: MinutesAdoption | None = None,
) -> dict:
    """What the opening and closing of every set of minutes print (MINUTES_OPENING, MINUTES_CLOSING)."""
    return {
        "meeting": meeting_context(meeting),
        "attendance": attendance_context(attendance, meeting),
        "chair": {"name": chair.name, "phrase": person_phrase(chair)},
        "secretary": {"name": secretary.name, "phrase": person_phrase(secretary)},
        "guests": [punctuate(person_phrase(g, capital=True)) for g in guests],
        "adoption": adoption_sentence(adoption or MinutesAdoption()),
    }


def closing_bullets(clause: str, text: str = "{{ x }}") -> tuple:
    """The last list of a signed document: its last bullet keeps with the closing line, so that the signature's
    page has at least two lines of the body (a signature block never starts a page alone)."""
    return (Loop(clause, If("loop.last", Bullet(text, keep_next=True)), If("not loop.last", Bullet(text))),)


def speech_blocks(source: str) -> tuple:
    """Speeches over speech_context(): the speaker with the title, then what was said, one paragraph per line."""
    return (Loop(f"s in {source}", Bullet(bold("{{ s.who }}: "), "{{ s.first }}"), Loop("x in s.more", Para("{{ x }}"))),)


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
    Loop("x in attendance.figures", Bullet("{{ x }}.")),
    If("attendance.exempt", Bullet("Miễn sinh hoạt, vắng mặt: {{ attendance.exempt }}.")),
    If("attendance.transferred_out", Bullet("Sinh hoạt tạm thời nơi khác: {{ attendance.transferred_out }}.")),
    If("attendance.suspended", Bullet("Bị đình chỉ sinh hoạt, khởi tố, tạm giam: {{ attendance.suspended }}.")),
    Bullet("{{ attendance.present_line }}."),
    If("attendance.mixed", Bullet("{{ attendance.mixed }}.")),
    If(
        "attendance.absent_excused",
        Bullet("Vắng có lý do ({{ attendance.absent_excused_count }}): {{ attendance.absent_excused }}."),
    ),
    If(
        "attendance.absent_unexcused",
        Bullet("Vắng không có lý do ({{ attendance.absent_unexcused_count }}): {{ attendance.absent_unexcused }}."),
    ),
    If("attendance.hosted", Bullet("Đảng viên nơi khác đến sinh hoạt tạm thời: {{ attendance.hosted }}.")),
    Heading(2, "Đại biểu mời"),
    If("guests", Loop("g in guests", Bullet("{{ g }}"))),
    If("not guests", Para("Không có.")),
)

# How a resolution opens after its legal bases: "Chi bộ Thôn Đông họp ngày … (có mặt 18/20 đảng viên)".
CELL_MET = (
    "Chi bộ {{ org.title|replace('Chi bộ ', '', 1)|replace('chi bộ ', '', 1) }} họp ngày "
    "{{ meeting.date|replace('ngày ', '', 1) }} (có mặt {{ attendance.present }}/{{ attendance.expected }} "
    "đảng viên)"
)


def vote_blocks(votes: str) -> tuple:
    """The minutes' votes, each sentence over vote_context(), in the order they were held."""
    return (Loop(f"v in {votes}", Para("{{ v.sentence }}")),)


MINUTES_CLOSING = (
    Para(
        "Buổi sinh hoạt kết thúc hồi {{ meeting.end }} cùng ngày, thời lượng {{ meeting.duration }} phút. {{ adoption }}",
        close=True,
    ),
    MinutesSignatures(left_name="{{ secretary.name }}", right_name="{{ chair.name }}"),
)
