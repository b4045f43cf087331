"""Organizations, their cấp ủy terms and their rosters: create, read, change, delete.

Every function takes the database and the ids it works on, and validates what
it is given with the models of schemas.py, raising InputInvalid (422) with
Vietnamese findings, NotFound (404), Forbidden (403) or Conflict (409). Doors
call these and nothing else, so access rules live here once for the API and the
web pages alike.

An organization's place in the tree (its parent, its level) and its very
existence are decided by the level above it, as the Party's statute has the
upper cấp ủy establish, merge and dissolve its organizations: a caller acting
for an organization (an API key, a signed-in account) changes them only for
organizations strictly below its own, and moves one only between parents it
reaches. The machine itself (the CLI, the web pages served to the one person
at 127.0.0.1) may do anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Collection

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from service.findings import Finding, InputInvalid
from service.store.db import Database
from service.store.errors import Conflict, Forbidden, NotFound
from service.store.models import ArchivedDocument, Member, Organization, RegisterEntry, Term, row_dict
from service.store.schemas import MemberIn, OrganizationIn, TermIn, parse_valid


# The fields that place an organization in the tree: the upper level's to change.
PLACEMENT = ("parent_id", "level")


@dataclass(frozen=True)
class Actor:
    """Who asks for a change through a door: an organization (an API key's or a signed-in account's) and the
    organizations it reaches (its own and every level below it)."""

    organization_id: int
    organizations: frozenset[int]


def _merged(model, row, changes: Any, text: bool) -> Any:
    """A change validated as the whole record it produces, so a PATCH obeys the same rules as a POST."""
    if not isinstance(changes, dict):
        return parse_valid(model, changes, text=text)
    current = {key: value for key, value in row_dict(row).items() if key in model.model_fields}
    return parse_valid(model, {**current, **changes}, text=text)


def _get(
    session: Session, cls, object_id: int, organization_id: int | None = None, *, within: Collection[int] | None = None
):
    """The row, else NotFound; `within` (for organizations) are the ids the caller may see: others are not found."""
    row = session.get(cls, object_id) if within is None or object_id in within else None
    if row is None or (organization_id is not None and row.organization_id != organization_id):
        raise NotFound(f"{cls.__tablename__[:-1]}_not_found", f"Không tìm thấy {_NOUNS[cls]} mã số {object_id}.")
    return row


_NOUNS = {Organization: "tổ chức đảng", Term: "nhiệm kỳ", Member: "đảng viên"}


def _check_parent(
    session: Session, parent_id: int | None, own_id: int | None = None, within: Collection[int] | None = None
) -> None:
    if parent_id is None:
        return
    parent = session.get(Organization, parent_id) if within is None or parent_id in within else None
    if parent is None:
        raise InputInvalid([Finding("/parent_id", "parent_not_found", f"Mã tổ chức cấp trên {parent_id}: không tồn tại.")])
    while parent is not None:
        if parent.id == own_id:
            raise InputInvalid(
                [
                    Finding(
                        "/parent_id",
                        "parent_cycle",
                        "Mã tổ chức cấp trên: không được là chính tổ chức này hoặc tổ chức cấp dưới của nó.",
                    )
                ]
            )
        parent = parent.parent


def create_organization(database: Database, data: Any, *, within: Collection[int] | None = None, text: bool = False) -> dict:
    """`within`: the organizations the caller may act on (an API key's); a parent outside them is not found.
    `text`, here and below: the values were typed in a form (service.kinds.base.parse)."""
    values = parse_valid(OrganizationIn, data, text=text)
    with database.write() as session:
        _check_parent(session, values.parent_id, within=within)
        org = Organization(**values.model_dump())
        session.add(org)
        session.flush()
        return organization_dict(org)


def organization_dict(org: Organization) -> dict:
    return {**row_dict(org), "upper": org.upper, "terms": [row_dict(term) for term in org.terms]}


def list_organizations(
    database: Database, parent_id: int | None = None, *, within: Collection[int] | None = None
) -> list[dict]:
    query = select(Organization).order_by(Organization.id)
    if parent_id is not None:
        query = query.where(Organization.parent_id == parent_id)
    if within is not None:
        query = query.where(Organization.id.in_(within))
    with database.read() as session:
        return [organization_dict(org) for org in session.scalars(query)]


def get_organization(database: Database, organization_id: int, *, within: Collection[int] | None = None) -> dict:
    with database.read() as session:
        return organization_dict(_get(session, Organization, organization_id, within=within))


def update_organization(
    database: Database, organization_id: int, changes: Any, *, actor: Actor | None = None, text: bool = False
) -> dict:
    """Change an organization; `actor` None is the machine itself. Its place (PLACEMENT) is refused to an actor
    at or beside it (403), and a new parent outside the actor's reach is not found (422), as on creation."""
    with database.write() as session:
        org = _get(session, Organization, organization_id)
        values = _merged(OrganizationIn, org, changes, text)
        moved = [name for name in PLACEMENT if getattr(values, name) != getattr(org, name)]
        if moved and actor is not None:
            _check_placement(org, values.parent_id, actor)
        if values.parent_id != org.parent_id:
            _check_parent(session, values.parent_id, org.id, actor.organizations if actor is not None else None)
        for key, value in values.model_dump().items():
            setattr(org, key, value)
        session.flush()
        return organization_dict(org)


def _check_placement(org: Organization, new_parent: int | None, actor: Actor) -> None:
    """Only a level above `org` may place it, and only between parents it reaches (a key covers no place
    above its own organization, so none may take an organization out of the tree to the top)."""
    if org.id == actor.organization_id or org.parent_id not in actor.organizations:
        raise Forbidden(
            "placement_forbidden",
            f"{org.name}: cấp trên và cấp tổ chức chỉ do cấp ủy cấp trên của tổ chức này thay đổi, không tự thay đổi được.",
        )
    if new_parent is None:
        raise Forbidden(
            "placement_forbidden",
            f"{org.name}: chỉ quản trị máy chủ mới đưa được một tổ chức ra khỏi "
            "cấp trên của nó (python -m service org move).",
        )


def delete_organization(database: Database, organization_id: int, *, actor: Actor | None = None) -> None:
    """Only an organization nothing depends on: no lower level, no number given out, no document issued; and,
    like its place, by the level above it (`actor` as for update_organization)."""
    with database.write() as session:
        org = _get(session, Organization, organization_id)
        if actor is not None and org.id == actor.organization_id:
            raise Forbidden("removal_forbidden", f"{org.name}: chỉ cấp ủy cấp trên mới xóa được tổ chức này.")
        for cls, what in (
            (Organization, "tổ chức cấp dưới"),
            (RegisterEntry, "số văn bản đã cấp"),
            (ArchivedDocument, "văn bản đã lưu"),
        ):
            column = cls.parent_id if cls is Organization else cls.organization_id
            if session.scalar(select(exists().where(column == org.id))):
                raise Conflict("organization_in_use", f"{org.name} còn {what}; không thể xóa.")
        session.query(Member).filter(Member.organization_id == org.id).delete()
        session.delete(org)


def _check_overlap(session: Session, organization_id: int, term: TermIn, own_id: int | None = None) -> None:
    for other in session.scalars(select(Term).where(Term.organization_id == organization_id)):
        if other.id == own_id:
            continue
        if term.start_on <= (other.end_on or dt.date.max) and other.start_on <= (term.end_on or dt.date.max):
            raise Conflict(
                "term_overlap", f"Nhiệm kỳ trùng thời gian với “{other.name}”; hãy sửa ngày của nhiệm kỳ đó trước."
            )


def add_term(database: Database, organization_id: int, data: Any, *, text: bool = False) -> dict:
    values = parse_valid(TermIn, data, text=text)
    with database.write() as session:
        _get(session, Organization, organization_id)
        _check_overlap(session, organization_id, values)
        term = Term(organization_id=organization_id, **values.model_dump())
        session.add(term)
        session.flush()
        return row_dict(term)


def update_term(database: Database, organization_id: int, term_id: int, changes: Any, *, text: bool = False) -> dict:
    with database.write() as session:
        term = _get(session, Term, term_id, organization_id)
        values = _merged(TermIn, term, changes, text)
        _check_overlap(session, organization_id, values, term.id)
        used = session.scalars(select(RegisterEntry.document_date).where(RegisterEntry.term_id == term.id))
        outside = [day for day in used if not (values.start_on <= day and (values.end_on is None or day <= values.end_on))]
        if outside:
            raise Conflict(
                "term_in_use",
                f"Nhiệm kỳ đã cấp số cho văn bản ngày {min(outside):%d/%m/%Y}; ngày mới phải chứa các ngày đó.",
            )
        for key, value in values.model_dump().items():
            setattr(term, key, value)
        return row_dict(term)


def delete_term(database: Database, organization_id: int, term_id: int) -> None:
    with database.write() as session:
        term = _get(session, Term, term_id, organization_id)
        if session.scalar(select(exists().where(RegisterEntry.term_id == term.id))):
            raise Conflict("term_in_use", f"Đã cấp số văn bản trong “{term.name}”; không thể xóa nhiệm kỳ.")
        session.delete(term)


def list_members(database: Database, organization_id: int, *, active: bool | None = None) -> list[dict]:
    query = select(Member).where(Member.organization_id == organization_id).order_by(Member.id)
    if active is not None:
        query = query.where(Member.active == active)
    with database.read() as session:
        _get(session, Organization, organization_id)
        return [row_dict(member) for member in session.scalars(query)]


def create_member(database: Database, organization_id: int, data: Any, *, text: bool = False) -> dict:
    values = parse_valid(MemberIn, data, text=text)
    with database.write() as session:
        _get(session, Organization, organization_id)
        member = Member(organization_id=organization_id, **values.model_dump())
        session.add(member)
        session.flush()
        return row_dict(member)


def get_member(database: Database, organization_id: int, member_id: int) -> dict:
    with database.read() as session:
        return row_dict(_get(session, Member, member_id, organization_id))


def update_member(database: Database, organization_id: int, member_id: int, changes: Any, *, text: bool = False) -> dict:
    with database.write() as session:
        member = _get(session, Member, member_id, organization_id)
        for key, value in _merged(MemberIn, member, changes, text).model_dump().items():
            setattr(member, key, value)
        return row_dict(member)


def delete_member(database: Database, organization_id: int, member_id: int) -> None:
    """Archived documents keep the names they were issued with, so a member can go without breaking them."""
    with database.write() as session:
        session.delete(_get(session, Member, member_id, organization_id))


def descendants(session: Session, organization_id: int) -> set[int]:
    """The organization and every level below it (a đảng bộ and its chi bộ)."""
    children: dict[int, list[int]] = {}
    for org_id, parent_id in session.execute(select(Organization.id, Organization.parent_id)):
        children.setdefault(parent_id, []).append(org_id)
    found, frontier = {organization_id}, [organization_id]
    while frontier:
        frontier = [child for parent in frontier for child in children.get(parent, ()) if child not in found]
        found.update(frontier)
    return found
