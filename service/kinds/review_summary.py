"""The đảng bộ's summary of a year-end review (Tổng hợp kết quả đánh giá, xếp loại chất lượng đảng viên): per chi bộ
and for the whole đảng bộ, how many members were proposed (and, once entered, decided) at each level and what share,
the HTXSNV quota, and the members who were not reviewed with the reason — what the level above asks for.

The numbers are computed once, by `summarize()`, from one line per member: the report (DOCX) prints them, the
table (XLSX, service/batch/summary.py) and the API's JSON give the same `Summary`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from service.findings import Finding, pointer
from service.formats.layout import Bullet, Column, Heading, If, Layout, Loop, Para, ResolutionSignature, Table
from service.formats.profiles import Profile
from service.kinds.base import Model
from service.kinds.common import Line, Organization, Recipients, Signer, header_context, recipients_context
from service.kinds.registry import Kind, register
from service.kinds.review_parts import (
    Day,
    Distinction,
    Regime,
    ReviewYear,
    check_regime,
    level_counts,
    proposal_of,
    quota_excess,
    regime_context,
    review_date,
    rules_of,
)
from service.rules.reviews import LEVEL_CODES, LevelCode, ReviewRules
from service.vietnamese.figures import format_int, percent
from service.vietnamese.text import bare

MAX_CELLS = 2000
MAX_MEMBERS = 1000


class SummaryMember(Model):
    name: Line = Field(title="Họ và tên")
    distinction: Distinction = None
    self_rating: LevelCode | None = Field(None, title="Tự đề xuất mức xếp loại")
    proposed: LevelCode | None = Field(None, title="Chi bộ đề nghị")
    decided: LevelCode | None = Field(None, title="Cấp có thẩm quyền quyết định")


class NotReviewed(Model):
    name: Line = Field(title="Họ và tên")
    reason: Line = Field(title="Lý do không đánh giá, xếp loại")


class SummaryCell(Model):
    name: Line = Field(title="Tên chi bộ")
    members: list[SummaryMember] = Field(
        default_factory=list, title="Đảng viên được đánh giá, xếp loại", max_length=MAX_MEMBERS
    )
    not_reviewed: list[NotReviewed] = Field(
        default_factory=list, title="Đảng viên không đánh giá, xếp loại", max_length=MAX_MEMBERS
    )


class ReviewSummaryInput(Model):
    organization: Organization = Field(
        title="Đảng ủy tổng hợp",
        description="Tên là đảng ủy của đảng bộ (Đảng ủy xã An Phú); cấp trên là đảng bộ cấp trên của đảng bộ.",
    )
    year: ReviewYear
    regime: Regime = None
    date: Day = Field(None, title="Ngày báo cáo", description="Để trống: in dòng chấm để ghi tay.")
    report_number: int | None = Field(None, ge=1, le=9999, title="Số báo cáo")
    cells: list[SummaryCell] = Field(title="Các chi bộ", min_length=1, max_length=MAX_CELLS)
    recipients: Recipients | None = Field(
        None, title="Nơi nhận", description="Để trống: dòng chấm để ghi tay nơi nhận báo cáo."
    )
    signer: Signer | None = Field(None, title="Người ký", description="Để trống: ký tên bằng tay.")


# The numbers ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """One line of a table: a chi bộ (or the total), its reviewed members and how many at each level."""

    name: str
    reviewed: int
    counts: dict[str, int]

    @property
    def unrated(self) -> int:
        return self.reviewed - sum(self.counts.values())

    def share(self, code: str) -> str:
        return percent(self.counts[code], self.reviewed) if self.reviewed else ""

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "reviewed": self.reviewed,
            "unrated": self.unrated,
            "levels": {code: {"count": self.counts[code], "percent": self.share(code)} for code in LEVEL_CODES},
        }


@dataclass(frozen=True)
class LevelTable:
    """Per chi bộ and in total, for one stage of the review: proposed, or decided."""

    cells: list[Tally]
    total: Tally
    over_quota: list[str]  # "Chi bộ X: 3 đề nghị …, vượt 20% …", the đảng bộ's total last

    def as_dict(self) -> dict:
        return {
            "cells": [tally.as_dict() for tally in self.cells],
            "total": self.total.as_dict(),
            "over_quota": self.over_quota,
        }


@dataclass(frozen=True)
class Summary:
    proposed: LevelTable
    decided: LevelTable | None  # None until some decision is entered
    not_reviewed: list[tuple[str, str, str]]  # (chi bộ, member, reason)

    def as_dict(self) -> dict:
        return {
            "proposed": self.proposed.as_dict(),
            "decided": self.decided and self.decided.as_dict(),
            "not_reviewed": [{"cell": cell, "name": name, "reason": reason} for cell, name, reason in self.not_reviewed],
        }


TOTAL = "Toàn đảng bộ"


def _table(cells: list[SummaryCell], level_of, rules: ReviewRules, what: str) -> LevelTable:
    tallies = [Tally(cell.name, len(cell.members), level_counts(level_of(m) for m in cell.members)) for cell in cells]
    total = Tally(
        TOTAL, sum(t.reviewed for t in tallies), {code: sum(t.counts[code] for t in tallies) for code in LEVEL_CODES}
    )
    over = [
        f"{tally.name}: {bare(excess)}"
        for tally in (*tallies, total)
        if (excess := quota_excess(tally.counts, rules, what=what))
    ]
    return LevelTable(tallies, total, over)


def summarize(model: ReviewSummaryInput) -> Summary:
    rules = rules_of(model)
    decided = any(member.decided for cell in model.cells for member in cell.members)
    return Summary(
        proposed=_table(model.cells, proposal_of, rules, "đề nghị"),
        decided=_table(model.cells, lambda m: m.decided, rules, "quyết định") if decided else None,
        not_reviewed=[(cell.name, person.name, person.reason) for cell in model.cells for person in cell.not_reviewed],
    )


# Checks and context ---------------------------------------------------------------------------------------


def _check(model: ReviewSummaryInput) -> list[Finding]:
    findings = check_regime(model.regime)
    if findings:
        return findings
    summary = summarize(model)
    for stage, table in (("proposed", summary.proposed), ("decided", summary.decided)):
        if table is not None and table.over_quota:
            findings.append(
                Finding(
                    pointer("cells"),
                    f"excellent_quota_exceeded_{stage}",
                    "Tỷ lệ xếp loại: " + "; ".join(table.over_quota) + ".",
                    "warning",
                )
            )
    return findings


def _rows(table: LevelTable) -> list[dict]:
    return [
        {
            "no": str(number) if tally is not table.total else "",
            "name": tally.name,
            "reviewed": format_int(tally.reviewed),
            "levels": {
                code: f"{tally.counts[code]} ({tally.share(code)})" if tally.reviewed else "0" for code in LEVEL_CODES
            },
            "unrated": format_int(tally.unrated) if tally.unrated else "",
        }
        for number, tally in enumerate([*table.cells, table.total], 1)
    ]


def _context(model: ReviewSummaryInput, profile: Profile) -> dict:
    rules = rules_of(model)
    summary = summarize(model)
    context = header_context(
        model.organization,
        profile,
        doc_type="BC",
        number=model.report_number,
        day=model.date,
        draft=model.report_number is None,
    )
    context.update(
        {
            "regime": regime_context(rules, model.year) | {"short": rules.short_name},
            "summary": summary.as_dict(),
            "intro": (
                f"Thực hiện {rules.name}, {model.organization.name} tổng hợp kết quả đánh giá, xếp loại chất lượng "
                f"đảng viên năm {model.year} của {format_int(len(model.cells))} chi bộ trực thuộc"
            ),
            "proposed": _rows(summary.proposed),
            "decided": _rows(summary.decided) if summary.decided else [],
            "over_quota": [*summary.proposed.over_quota, *(summary.decided.over_quota if summary.decided else [])],
            "quota": f"{rules.quota_percent:g}%",
            **_closing(
                [f"{cell}: đồng chí {name} ({reason})" for cell, name, reason in summary.not_reviewed], profile.closing.mark
            ),
            "recipients": recipients_context(model.recipients, model.organization)
            if model.recipients is not None
            else [f"{rules.blank_value} (để báo cáo)", "Các chi bộ trực thuộc"],
            "signer": (
                {"name": model.signer.name, "title": model.signer.title}
                if model.signer
                else {"name": rules.blank_value, "title": "BÍ THƯ"}
            ),
        }
    )
    return context


def _closing(lines: list[str], mark: str) -> dict:
    """The report's last lines: the members not reviewed, the last two kept with the signature and the last
    ending with the profile's closing mark (or "Không có", under its heading, when there are none)."""
    if not lines:
        return {"not_reviewed": [], "kept": [], "none_left": "Không có" + mark}
    kept = [line + "." for line in lines[-2:-1]] + [lines[-1] + mark]
    return {"not_reviewed": lines[:-2], "kept": kept, "none_left": ""}


def _level_table(rows: str) -> Table:
    return Table(
        rows,
        Column("STT", "{{ r.no }}", 6),
        Column("Chi bộ", "{{ r.name }}", 24, "left"),
        Column("Số đảng viên", "{{ r.reviewed }}", 9),
        *(Column(code, "{{ r.levels." + code + " }}", 12) for code in LEVEL_CODES),
        Column("Chưa xếp loại", "{{ r.unrated }}", 9),
        wide=True,
    )


LAYOUT = Layout(
    kind="tong-hop-xep-loai",
    doc_type="BC",
    title="BÁO CÁO",
    summary="Tổng hợp kết quả đánh giá, xếp loại chất lượng đảng viên năm {{ regime.year }}",
    blocks=(
        Para("{{ intro }} như sau:"),
        Heading(1, "Kết quả đề nghị xếp loại"),
        Para(
            "Mức đề nghị của chi bộ (nếu chi bộ chưa biểu quyết: mức đảng viên tự đề xuất); trong mỗi ô là số đảng "
            "viên và tỷ lệ so với số đảng viên được đánh giá, xếp loại của chi bộ.",
            keep_next=True,
        ),
        _level_table("r in proposed"),
        If(
            "decided",
            Heading(1, "Kết quả cấp có thẩm quyền quyết định"),
            Para("Số đảng viên và tỷ lệ theo mức cấp có thẩm quyền đã quyết định.", keep_next=True),
            _level_table("r in decided"),
        ),
        Heading(1, "Tỷ lệ hoàn thành xuất sắc nhiệm vụ"),
        If(
            "over_quota",
            Para(
                "Số đảng viên hoàn thành xuất sắc nhiệm vụ không vượt quá {{ quota }} số đảng viên hoàn thành tốt "
                "nhiệm vụ theo {{ regime.short }}; vượt tỷ lệ:",
                keep_next=True,
            ),
            Loop("q in over_quota", Bullet("{{ q }}.")),
        ),
        If(
            "not over_quota",
            Para(
                "Số đảng viên hoàn thành xuất sắc nhiệm vụ của từng chi bộ và của toàn đảng bộ không vượt quá "
                "{{ quota }} số đảng viên hoàn thành tốt nhiệm vụ theo {{ regime.short }}."
            ),
        ),
        Heading(1, "Đảng viên không đánh giá, xếp loại"),
        Loop("n in not_reviewed", Bullet("{{ n }}.")),
        Loop("n in kept", Bullet("{{ n }}", keep_next=True)),
        If("none_left", Para("{{ none_left }}", keep_next=True)),
        ResolutionSignature(authority="T/M ĐẢNG ỦY", archive="Lưu Văn phòng Đảng ủy"),
    ),
)

register(
    Kind(
        id="tong-hop-xep-loai",
        title="Tổng hợp kết quả đánh giá, xếp loại chất lượng đảng viên",
        input_model=ReviewSummaryInput,
        layout=LAYOUT,
        check=_check,
        context=_context,
        document_date=lambda m: review_date(m.date, m.year),
        filename=lambda m: f"Tổng hợp xếp loại đảng viên năm {m.year}",
        sample="review-summary.json",
        number=lambda m: m.report_number,
        number_field="report_number",
        ruleset=lambda m: rules_of(m).id,
    )
)
