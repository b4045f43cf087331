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
from service.kinds.base import Count, Model
from service.kinds.common import Line as Name, header_context
from service.kinds.meeting_parts import (MINUTES_CLOSING, MINUTES_OPENING, VOTE_METHODS, Session, check_attendance,
                                         check_meeting, known_people, session_context, speech_blocks, speech_context)
from service.kinds.monthly_meeting import MAX_ITEMS, Speech
from service.kinds.registry import Kind, register
from service.kinds.review_parts import Line, Regime, ReviewYear, check_disciplined, check_regime, rules_of
from service.rules.meetings import meeting_rules_for
from service.rules.reviews import LEVEL_CODES, LevelCode, ReviewRules
from service.vietnamese.figures import padded_count, percent
from service.vietnamese.names import sort_people


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
    probationary: bool = Field(False, title="Đảng viên dự bị")
    self_rating: LevelCode | None = Field(None, title="Tự nhận mức xếp loại")
    committee_proposal: LevelCode | None = Field(None, title="Chi ủy đề xuất")
    votes: LevelVotes | None = Field(None, title="Số phiếu (biểu quyết) cho từng mức",
                                     description="Để trống khi chưa biểu quyết: bảng in ô trống để ghi tay.")
    disciplined: bool = Field(False, title="Bị kỷ luật trong năm")
    exempt: bool = Field(False, title="Được miễn kiểm điểm",
                         description="Đảng viên miễn công tác và sinh hoạt không kiểm điểm: không đưa vào danh sách.")
    note: Line = Field(None, title="Ghi chú")


class CollectiveVote(Model):
    level: LevelCode = Field(title="Mức xếp loại đề nghị cho tập thể chi bộ")
    in_favour: Count = Field(title="Số tán thành")


class ReviewMeetingInput(Session):
    year: ReviewYear
    regime: Regime = None
    collective_presenter: Line = Field(None, title="Người trình bày báo cáo kiểm điểm tập thể")
    speeches: list[Speech] = Field(default_factory=list, title="Ý kiến phát biểu", max_length=MAX_ITEMS)
    vote_method: Literal["show_of_hands", "secret_ballot"] = Field("secret_ballot", title="Hình thức biểu quyết")
    voters: Count | None = Field(None, title="Số đảng viên chính thức tham gia biểu quyết",
                                 description="Mặc định là số đảng viên chính thức có mặt.")
    members: list[ReviewedMember] = Field(title="Kết quả đánh giá từng đảng viên", min_length=1, max_length=1000)
    collective: CollectiveVote | None = Field(None, title="Đề nghị xếp loại tập thể chi bộ")
    superior: Line = Field(None, title="Cấp ủy xem xét, quyết định",
                           description="Mặc định: đảng ủy của đảng bộ cấp trên (Đảng bộ xã An Phú → Đảng ủy xã "
                                       "An Phú).")
    minutes_number: int | None = Field(None, ge=1, le=9999, title="Số biên bản")

    @property
    def voter_count(self) -> int:
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
    meeting_rules = meeting_rules_for(model.meeting.date)
    findings += check_meeting(model.meeting, meeting_rules, at="meeting")
    findings += check_attendance(model.attendance, meeting_rules, at="attendance")
    findings += _check_voters(model)
    if any(f.severity == "error" for f in findings):
        return findings
    rules = rules_of(model)
    for index, member in enumerate(model.members):
        findings += _check_member(member, index, model.voter_count, rules)
    findings += _check_quota(model, rules)
    if model.collective is not None and model.collective.in_favour > model.voter_count:
        findings.append(Finding(pointer("collective", "in_favour"), "collective_votes_exceed_voters",
                                f"Số tán thành ({model.collective.in_favour}) vượt số đảng viên chính thức tham gia "
                                f"biểu quyết ({model.voter_count})."))
    return findings


def _check_voters(model: ReviewMeetingInput) -> list[Finding]:
    a = model.attendance
    findings = []
    if model.voter_count > a.present_official:
        findings.append(Finding(pointer("voters"), "voters_exceed_official_present",
                                f"Số tham gia biểu quyết ({model.voter_count}) vượt số đảng viên chính thức có mặt "
                                f"({a.present_official}): chỉ đảng viên chính thức được biểu quyết."))
    elif model.voter_count == 0:
        findings.append(Finding(pointer("voters"), "no_voters",
                                "Số đảng viên chính thức tham gia biểu quyết: phải có ít nhất một đồng chí."))
    if len(model.members) > a.total - a.exempt:
        findings.append(Finding(pointer("members"), "members_exceed_cell",
                                f"Danh sách đánh giá có {len(model.members)} đồng chí, nhiều hơn số đảng viên của chi "
                                f"bộ phải kiểm điểm ({a.total - a.exempt})."))
    return findings


def _check_member(member: ReviewedMember, index: int, voters: int, rules: ReviewRules) -> list[Finding]:
    at = ("members", index)
    who = f"đồng chí {member.name}"
    if member.exempt:
        return [Finding(pointer(*at, "exempt"), "exempt_member_listed",
                        f"Đảng viên được miễn kiểm điểm: {who} được miễn công tác và sinh hoạt đảng nên không kiểm "
                        "điểm, xếp loại; bỏ đồng chí này khỏi danh sách.")]
    if member.votes is None:
        # Votes to be written in by hand: only what does not depend on them is checked.
        return check_disciplined(member.committee_proposal, rules, (*at, "disciplined")) if member.disciplined else []
    if member.votes.cast > voters:
        return [Finding(pointer(*at, "votes"), "member_votes_exceed_voters",
                        f"Số phiếu của {who} ({member.votes.cast}) vượt số đảng viên chính thức tham gia biểu quyết "
                        f"({voters}).")]
    findings = []
    result = majority(member.votes, voters)
    if result is None:
        findings.append(Finding(pointer(*at, "votes"), "no_majority",
                                f"Số phiếu của {who}: không mức nào đạt trên một nửa số đảng viên tham gia biểu "
                                f"quyết ({voters}); chi bộ cần biểu quyết lại.", "warning"))
    proposal = member.committee_proposal
    if proposal is not None and 2 * getattr(member.votes, proposal) <= voters:
        findings.append(Finding(pointer(*at, "committee_proposal"), "proposal_not_supported",
                                f"Chi ủy đề xuất {who} “{rules.level_named(proposal).name}” nhưng chỉ được "
                                f"{getattr(member.votes, proposal)}/{voters} phiếu, không quá một nửa.", "warning"))
    if member.disciplined:
        findings += check_disciplined(result or proposal, rules, (*at, "disciplined"))
    return findings


def _check_quota(model: ReviewMeetingInput, rules: ReviewRules) -> list[Finding]:
    """HTXSNV ≤ quota % of HTTNV: the deciding level applies it, the cell is only warned (spec §4 rule 12)."""
    results = [majority(m.votes, model.voter_count) for m in model.members]
    excellent, good = results.count("HTXSNV"), results.count("HTTNV")
    if 100 * excellent <= rules.quota_percent * good:
        return []
    return [Finding(pointer("members"), "excellent_quota_exceeded",
                    f"Số đề nghị “Hoàn thành xuất sắc nhiệm vụ” ({excellent}) vượt {rules.quota_percent:g}% số "
                    f"“Hoàn thành tốt nhiệm vụ” ({good}) theo {rules.name}; cấp có thẩm quyền sẽ xem xét theo tỷ lệ.",
                    "warning")]


# Context -------------------------------------------------------------------------------------

def _superior(model: ReviewMeetingInput) -> str:
    if model.superior:
        return model.superior
    upper = model.organization.upper
    return "Đảng ủy" + upper[len("Đảng bộ"):] if upper.startswith("Đảng bộ") else upper


def _row(number: int, member: ReviewedMember, voters: int) -> dict:
    result = majority(member.votes, voters)
    if member.votes is None:
        votes, rate = {code: "" for code in LEVEL_CODES}, ""
    else:
        votes = {code: str(getattr(member.votes, code)) for code in LEVEL_CODES}
        rate = percent(getattr(member.votes, result), voters) if result else "—"
    return {"no": number, "name": member.name, "self": member.self_rating or "", "committee": member.committee_proposal
            or "", "votes": votes, "rate": rate,
            "note": member.note or ("Dự bị" if member.probationary else "")}


def _totals(model: ReviewMeetingInput, rules: ReviewRules) -> list[str]:
    """Per level: how many members the cell proposes, their share and their names."""
    if all(m.votes is None for m in model.members):
        # Nothing voted yet: a line per level to fill in by hand.
        return [f"{level.name}: …… đồng chí, chiếm ……%" for level in rules.level]
    results = [(m, majority(m.votes, model.voter_count)) for m in sort_people(model.members, key=lambda m: m.name)
               if m.votes is not None]
    lines = []
    for level in rules.level:
        names = [m.name for m, result in results if result == level.code]
        share = percent(len(names), len(results))
        lines.append(f"{level.name}: {padded_count(len(names))} đồng chí, chiếm {share}"
                     + (f" ({', '.join(names)})" if names else ""))
    undecided = [m.name for m, result in results if result is None]
    if undecided:
        lines.append(f"Chưa có mức đạt trên một nửa số phiếu: {padded_count(len(undecided))} đồng chí "
                     f"({', '.join(undecided)})")
    return lines


def _context(model: ReviewMeetingInput, profile: Profile) -> dict:
    rules = rules_of(model)
    voters = model.voter_count
    context = header_context(model.organization, profile, doc_type="BB", number=model.minutes_number,
                             day=model.meeting.date)
    context.update(session_context(model.meeting, model.attendance, model.chair, model.secretary, model.guests,
                                   model.minutes_adoption))
    collective = model.collective
    context.update({
        "review": {"year": model.year, "regime": rules.name, "count": padded_count(len(model.members)),
                   "superior": _superior(model)},
        "vote": {"method": VOTE_METHODS[model.vote_method], "voters": padded_count(voters)},
        "collective_presenter": model.collective_presenter,
        "speeches": [speech_context(s, known_people(model.guests, model.chair, model.secretary))
                     for s in model.speeches],
        "members": [_row(number, member, voters)
                    for number, member in enumerate(sort_people(model.members, key=lambda m: m.name), 1)],
        "totals": _totals(model, rules),
        "collective": collective and (f"“{rules.level_named(collective.level).name}”: "
                                      f"{padded_count(collective.in_favour)}/{padded_count(voters)} đồng chí tán "
                                      f"thành, đạt {percent(collective.in_favour, voters)}"),
    })
    return context


LAYOUT = Layout(
    kind="bien-ban-xep-loai",
    doc_type="BB",
    title="BIÊN BẢN",
    summary="Họp kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm {{ review.year }}",
    blocks=(
        *MINUTES_OPENING,
        Heading(1, "Nội dung, diễn biến"),
        If("collective_presenter",
           Para("Đồng chí {{ collective_presenter }} trình bày báo cáo kiểm điểm, tự đánh giá, xếp loại chất lượng "
                "tập thể chi bộ năm {{ review.year }}; chi bộ thảo luận, góp ý.")),
        Para("Từng đảng viên trình bày bản kiểm điểm và tự nhận mức xếp loại; chi bộ góp ý; chi ủy đề xuất mức xếp "
             "loại; chi bộ biểu quyết bằng hình thức {{ vote.method }} đề nghị mức xếp loại của từng đồng chí theo "
             "{{ review.regime }}."),
        If("speeches", Para("Ý kiến phát biểu:", keep_next=True),
           *speech_blocks("speeches")),
        Heading(1, "Kết quả đánh giá, xếp loại"),
        Para("Số đảng viên được đánh giá, xếp loại: {{ review.count }} đồng chí; số đảng viên chính thức tham gia "
             "biểu quyết: {{ vote.voters }} đồng chí.", keep_next=True),
        Table("m in members",
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
              wide=True),
        Para("Các cột HTXSNV, HTTNV, HTNV, KHTNV ghi số phiếu (biểu quyết) cho từng mức; tỷ lệ là số phiếu của mức "
             "đạt trên một nửa so với số đảng viên tham gia biểu quyết."),
        Para(bold("Tổng hợp đề nghị xếp loại:"), keep_next=True),
        Loop("t in totals", Bullet("{{ t }}.")),
        Heading(1, "Đề nghị của chi bộ"),
        Para("Chi bộ đề nghị {{ review.superior }} xem xét, quyết định xếp loại chất lượng đảng viên năm "
             "{{ review.year }} theo kết quả trên."),
        If("collective", Para("Tập thể chi bộ tự đánh giá, đề nghị xếp loại {{ collective }}.")),
        *MINUTES_CLOSING,
    ),
)

register(Kind(
    id="bien-ban-xep-loai", title="Biên bản họp kiểm điểm, đánh giá, xếp loại chất lượng đảng viên",
    input_model=ReviewMeetingInput, layout=LAYOUT, check=_check, context=_context,
    document_date=lambda m: m.meeting.date, filename=lambda m: f"Biên bản xếp loại đảng viên năm {m.year}",
    sample="review-meeting.json", number=lambda m: m.minutes_number,
    ruleset=lambda m: rules_of(m).id))
