"""Members' year-end ratings kept in the store — their own proposal, the cell's proposal and the level the
competent committee decided — recorded from a results sheet, and the đảng bộ's summary built from them and the
rosters (the input of the review-summary document kind, whose `summarize` counts it).

A results sheet has the headers of the roster forms: "Họ và tên", "Ngày sinh" (needed only to tell namesakes
apart), "Chi bộ" (when the sheet covers a whole đảng bộ), "Tự xếp loại", "Chi bộ đề nghị", "Cấp trên quyết định";
other columns are passed over, so the year-end batch's roster with its results filled in can be recorded as it is.
Every row is checked first; one that names nobody of the roster records nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from pydantic import Field
from sqlalchemy import select

from service.findings import Finding, InputInvalid, pointer
from service.kinds.base import Model, ShortText
from service.kinds.common import superior_committee
from service.kinds.review_parts import admitted_recently, distinctions, people_order, review_date
from service.rules.reviews import LevelCode, review_rules_for
from service.store import roster
from service.store.db import Database
from service.store.errors import NotFound
from service.store.models import Member, MemberReview, Organization
from service.vietnamese.names import name_sort_key

MAX_ROWS = 20_000
BLANK = "……………………"


class ResultRow(Model):
    full_name: ShortText = Field(title="Họ và tên")
    birth_date: dt.date | None = Field(None, title="Ngày sinh")
    cell: str | None = Field(None, title="Chi bộ", max_length=300)
    self_rating: LevelCode | None = Field(None, title="Tự xếp loại")
    proposed: LevelCode | None = Field(None, title="Chi bộ đề nghị")
    decided: LevelCode | None = Field(None, title="Cấp trên quyết định")


RESULTS = roster.Sheet(
    {
        "Họ và tên": ("full_name", lambda v: v),
        "Ngày sinh": roster.COLUMNS["Ngày sinh"],
        "Chi bộ": ("cell", lambda v: v),
        "Tự xếp loại": ("self_rating", roster.level_cell),
        "Chi bộ đề nghị": ("proposed", roster.level_cell),
        "Cấp trên quyết định": ("decided", roster.level_cell),
    },
    ResultRow,
    {"Họ và tên": "roster_name_column_missing"},
    MAX_ROWS,
    other_columns=True,
)
LEVELS = ("self_rating", "proposed", "decided")


def _cells(session, organization_id: int, within: Iterable[int] | None = None) -> tuple[Organization, list[Organization]]:
    organization = session.get(Organization, organization_id) if within is None or organization_id in within else None
    if organization is None:
        raise NotFound("organization_not_found", f"Không tìm thấy tổ chức đảng mã số {organization_id}.")
    if organization.level == "chi_bo":
        return organization, [organization]
    children = session.scalars(
        select(Organization)
        .where(Organization.parent_id == organization.id, Organization.level == "chi_bo")
        .order_by(Organization.id)
    ).all()
    return organization, list(children)


def record_results(database: Database, organization_id: int, year: int, table: Iterable[list[Any]]) -> int:
    """Record the year's ratings of the sheet's members (a chi bộ's, or a đảng bộ's named by their "Chi bộ");
    returns how many members were recorded. InputInvalid names every row that names nobody, or two people."""
    rows = list(roster.iter_valid(table, RESULTS))
    with database.write() as session:
        organization, cells = _cells(session, organization_id)
        by_cell = {cell.name.casefold(): cell for cell in cells}
        members: dict[tuple[int, tuple], list[Member]] = {}
        for member in session.scalars(select(Member).where(Member.organization_id.in_([c.id for c in cells]))):
            members.setdefault((member.organization_id, name_sort_key(member.full_name)), []).append(member)
        findings, matched = [], []
        for number, row in rows:
            found = _match(row, number, organization, by_cell, members)
            if isinstance(found, Finding):
                findings.append(found)
            else:
                matched.append((found, row))
        if findings:
            raise InputInvalid(findings)
        existing = {
            review.member_id: review
            for review in session.scalars(
                select(MemberReview).where(
                    MemberReview.year == year, MemberReview.member_id.in_([member.id for member, _ in matched])
                )
            )
        }
        for member, row in matched:
            review = existing.get(member.id) or MemberReview(member_id=member.id, year=year)
            for level in LEVELS:
                setattr(review, level, getattr(row, level))
            session.add(review)
        return len(matched)


def _match(
    row: ResultRow,
    number: int,
    organization: Organization,
    by_cell: dict[str, Organization],
    members: dict[tuple[int, tuple], list[Member]],
) -> Member | Finding:
    where = f"Dòng {number}"
    if organization.level == "chi_bo":
        cell = organization
    else:
        cell = by_cell.get((row.cell or "").casefold())
        if cell is None:
            return Finding(
                pointer(number, "Chi bộ"),
                "cell_not_found",
                f"{where}, cột “Chi bộ”: “{row.cell or ''}” không phải chi bộ trực thuộc {organization.name}.",
            )
    candidates = [
        member
        for member in members.get((cell.id, name_sort_key(row.full_name)), [])
        if row.birth_date is None or member.birth_date == row.birth_date
    ]
    if not candidates:
        return Finding(
            pointer(number, "Họ và tên"),
            "member_not_found",
            f"{where}: {cell.name} không có đảng viên “{row.full_name}”"
            + (" với ngày sinh này" if row.birth_date else "")
            + ".",
        )
    if len(candidates) > 1:
        return Finding(
            pointer(number, "Ngày sinh"),
            "member_ambiguous",
            f"{where}: {cell.name} có {len(candidates)} đảng viên tên “{row.full_name}”; ghi “Ngày sinh” để phân biệt.",
        )
    return candidates[0]


def summary_input(
    database: Database, organization_id: int, year: int, *, within: Iterable[int] | None = None
) -> dict[str, Any]:
    """The review-summary kind's input for a đảng bộ (its chi bộ) or a chi bộ, from the rosters and the ratings
    recorded for the year: active members; those exempt or admitted too recently are listed as not reviewed."""
    rules = review_rules_for(year)
    review_day = review_date(None, year)
    with database.read() as session:
        organization, cells = _cells(session, organization_id, within)
        reviews = {
            review.member_id: review
            for review in session.scalars(
                select(MemberReview)
                .join(Member)
                .where(MemberReview.year == year, Member.organization_id.in_([c.id for c in cells]))
            )
        }
        lines = [_cell(session, cell, reviews, rules, review_day) for cell in cells]
        upper = organization.name if organization.level == "dang_bo" else organization.upper or BLANK
        head = organization.upper if organization.level == "dang_bo" else None
    if not lines:
        raise InputInvalid([Finding("", "no_cells", f"{organization.name} chưa có chi bộ trực thuộc nào.")])
    return {
        "organization": {
            "upper": head or BLANK,
            "name": superior_committee(upper),
            "abbreviation": organization.abbreviation if organization.level == "dang_bo" else "ĐU",
            "place": organization.place,
        },
        "year": year,
        "cells": lines,
    }


def _cell(session, cell: Organization, reviews: dict[int, MemberReview], rules, review_day: dt.date) -> dict:
    members = session.scalars(
        select(Member).where(Member.organization_id == cell.id, Member.active.is_(True)).order_by(Member.id)
    ).all()
    told = distinctions([(name_sort_key(m.full_name), m.birth_date, m.unit, f"mã {m.id}") for m in members])
    reviewed, not_reviewed = [], []
    for member, distinction in zip(members, told):
        shown = {"name": member.full_name, **({"distinction": distinction} if distinction else {})}
        if member.exempt:
            not_reviewed.append({"name": _shown(shown), "reason": "miễn công tác và sinh hoạt đảng"})
        elif admitted_recently(member.admitted_on, review_day, rules):
            not_reviewed.append({"name": _shown(shown), "reason": f"vào Đảng chưa đủ {rules.new_member_months} tháng"})
        else:
            review = reviews.get(member.id)
            levels = {level: getattr(review, level) for level in LEVELS if review and getattr(review, level)}
            reviewed.append({**shown, **levels})
    return {
        "name": cell.name,
        "members": people_order(reviewed, name=lambda m: m["name"], distinction=lambda m: m.get("distinction")),
        "not_reviewed": not_reviewed,
    }


def _shown(person: dict) -> str:
    return f"{person['name']} ({person['distinction']})" if "distinction" in person else person["name"]
