"""Parts every Party document shares: the issuing organization, the header, the signer, recipients."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from service.formats.profiles import Profile
from service.kinds.base import Model, ShortText
from service.vietnamese.dates import place_blank_date, place_date
from service.vietnamese.spelling import apply_uy_spelling
from service.vietnamese.text import upper


class Organization(Model):
    upper: ShortText = Field(title="Tên cấp ủy cấp trên trực tiếp", examples=["Đảng bộ xã An Phú"])
    name: ShortText = Field(title="Tên chi bộ", examples=["Chi bộ Thôn 3"])
    abbreviation: str = Field("CB", title="Ký hiệu cơ quan ban hành", min_length=1, max_length=20,
                              pattern=r"^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$")
    place: ShortText = Field(title="Địa danh", examples=["An Phú"])


class Person(Model):
    name: ShortText = Field(title="Họ và tên")
    position: str | None = Field(None, title="Chức vụ", max_length=300)


class Signer(Model):
    name: ShortText = Field(title="Họ tên người ký")
    title: Literal["BÍ THƯ", "PHÓ BÍ THƯ"] = Field("BÍ THƯ", title="Chức vụ người ký")


DEFAULT_RECIPIENTS = ("Đảng ủy cấp trên (để báo cáo)", "Đảng viên trong chi bộ")


def header_context(org: Organization, profile: Profile, *, doc_type: str, number: int | None,
                   day: dt.date | None, draft: bool = False) -> dict:
    """The header lines: issuer names upper-cased with the profile's spelling, number, place and date
    (a blank date to fill in by hand when `day` is None)."""
    spelled = lambda text: apply_uy_spelling(text, profile.spelling.uy)  # noqa: E731
    return {
        "org": {"upper": spelled(upper(org.upper)), "name": spelled(upper(org.name)),
                "title": spelled(org.name), "place": org.place},
        "doc": {"number_line": profile.number_line(number, doc_type, org.abbreviation),
                "place_date": place_date(org.place, day) if day else place_blank_date(org.place), "draft": draft},
    }


def signer_for(signer: Signer | None, chair: Person) -> Signer:
    """The signer given, or else the chair, signing as Phó Bí thư when that is the chair's position."""
    if signer is not None:
        return signer
    position = (chair.position or "").casefold()
    return Signer(name=chair.name, title="PHÓ BÍ THƯ" if position.startswith("phó bí thư") else "BÍ THƯ")


def item_text(text: str) -> str:
    """A list item without its closing punctuation: the template supplies it consistently."""
    return text.rstrip(" .;,")


def person_phrase(person: Person, *, capital: bool = False) -> str:
    """"đồng chí Nguyễn Văn An, Bí thư Chi bộ" — the way minutes name people."""
    return ("Đồng chí " if capital else "đồng chí ") + person.name + (f", {person.position}" if person.position else "")
