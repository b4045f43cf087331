"""The voting slip of a secret-ballot review (phiếu đánh giá, xếp loại chất lượng đảng viên).

Members × the four levels with empty boxes; one slip per voter, each starting
on a new page, so the cell asks for as many copies as official members vote. No
official form exists ([M]: HD 43 has none); the wording is the regime's data.

The table is compact (the profile's 12 pt on exact 12.5 pt lines): 42 members fit
one page on both profiles with a two-line cell name, against 38 on single-spaced
lines. Fifty cannot fit at 12 pt: their rows alone take 663 pt of the page's 728.
A longer slip goes on to a page 2 numbered in the top margin, the header row
printed again; every slip numbers its pages from 1, so all print alike.
"""

from __future__ import annotations

from pydantic import Field

from service.findings import Finding, pointer
from service.formats.layout import Column, Layout, Para, Table
from service.formats.profiles import Profile
from service.kinds.base import Model, ShortText
from service.kinds.common import Organization, header_context
from service.kinds.registry import Kind, register
from service.kinds.review_parts import (
    Day,
    Distinction,
    Regime,
    ReviewYear,
    check_regime,
    namesake_findings,
    people_order,
    regime_context,
    review_date,
    rules_of,
    shown_name,
)
from service.vietnamese.figures import format_int

MAX_COPIES = 500
# Slips × members is the number of table rows rendered: bounded so that one request cannot ask for
# a book of hundreds of thousands of rows (50 members × 400 slips still fits).
MAX_ROWS = 20_000


class BallotMember(Model):
    name: ShortText = Field(title="Họ và tên")
    distinction: Distinction = None
    exempt: bool = Field(
        False,
        title="Được miễn kiểm điểm",
        description="Đảng viên miễn công tác và sinh hoạt đảng không kiểm điểm: không in lên phiếu.",
    )


class BallotInput(Model):
    organization: Organization = Field(title="Chi bộ")
    year: ReviewYear
    regime: Regime = None
    date: Day = Field(None, title="Ngày họp", description="Bỏ trống để ghi tay trên phiếu.")
    members: list[BallotMember] = Field(title="Danh sách đảng viên được đánh giá", min_length=1, max_length=1000)
    copies: int = Field(
        1, ge=1, le=MAX_COPIES, title="Số phiếu cần in", description="Mỗi đảng viên chính thức tham gia bỏ phiếu một phiếu."
    )


def _check(model: BallotInput) -> list[Finding]:
    findings = check_regime(model.regime)
    if len(model.members) * model.copies > MAX_ROWS:
        findings.append(
            Finding(
                pointer("copies"),
                "ballot_too_large",
                f"Số phiếu cần in: {model.copies} phiếu × {len(model.members)} đảng viên vượt "
                f"{format_int(MAX_ROWS)} dòng một lần in; chia thành nhiều lần.",
            )
        )
    for index, member in enumerate(model.members):
        if member.exempt:
            findings.append(
                Finding(
                    pointer("members", index, "exempt"),
                    "exempt_member_listed",
                    f"Đảng viên được miễn kiểm điểm: đồng chí {member.name} được miễn công tác và "
                    "sinh hoạt đảng nên không có tên trên phiếu; bỏ đồng chí này khỏi danh sách.",
                )
            )
    return findings + namesake_findings(model.members)


def _context(model: BallotInput, profile: Profile) -> dict:
    rules = rules_of(model)
    context = header_context(model.organization, profile, doc_type="", number=None, day=model.date)
    context.update(
        {
            "regime": regime_context(rules, model.year),
            "ballot": {"title": rules.ballot.title, "instruction": rules.ballot.instruction.rstrip(" .")},
            "box": rules.box_empty,
            "members": [
                {"no": number, "name": shown_name(member.name, member.distinction)}
                for number, member in enumerate(people_order(model.members), 1)
            ],
            "copies": list(range(1, model.copies + 1)),
        }
    )
    return context


LAYOUT = Layout(
    kind="phieu-xep-loai",
    doc_type="",
    title="{{ ballot.title }}",
    summary="Năm {{ regime.year }}",
    numbered=False,
    copies="copy in copies",
    blocks=(
        Para("{{ ballot.instruction }}", close=True, keep_next=True),
        # The boxes as wide as their bold codes need ("HTXSNV": 17.6 mm), the rest to the names: a name of five
        # words ("Trương Nguyễn Hoàng Phương", 54 mm) prints on one line.
        Table(
            "m in members",
            Column("STT", "{{ m.no }}", 7),
            Column("Họ và tên", "{{ m.name }}", 39, "left"),
            Column("HTXSNV", "{{ box }}", 13.5),
            Column("HTTNV", "{{ box }}", 13.5),
            Column("HTNV", "{{ box }}", 13.5),
            Column("KHTNV", "{{ box }}", 13.5),
            compact=True,
        ),
    ),
)

register(
    Kind(
        id="phieu-xep-loai",
        title="Phiếu đánh giá, xếp loại chất lượng đảng viên",
        input_model=BallotInput,
        layout=LAYOUT,
        check=_check,
        context=_context,
        document_date=lambda m: review_date(m.date, m.year),
        filename=lambda m: f"Phiếu xếp loại đảng viên năm {m.year}",
        sample="review-ballot.json",
        ruleset=lambda m: rules_of(m).id,
    )
)
