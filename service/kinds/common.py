"""Parts every Party document shares: the issuing organization, the header, the signer, recipients."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from service.findings import Finding, pointer
from service.formats.profiles import Profile, TextStyle
from service.formats.text_width import balanced_lines, text_width_mm
from service.kinds.base import SHORT_TEXT, Model
from service.vietnamese.dates import place_blank_date, place_date
from service.vietnamese.spelling import apply_uy_spelling
from service.vietnamese.names import finer, name_groups
from service.vietnamese.text import bare, bind, nfc, one_line, upper


def _inline(value: str) -> str:
    """A value printed inside a sentence: on one line (a manual break in a justified paragraph stretches the line
    before it) and without a closing mark of its own (the sentence has its own: "Hội trường Cục." + "." would
    print "Hội trường Cục..")."""
    text = bare(one_line(value))
    if not text:
        raise ValueError("không được để trống")
    return text


# A name, a place, a position, a title: printed inside running text.
Line = Annotated[str, Field(min_length=1, max_length=SHORT_TEXT), AfterValidator(_inline)]
OptionalLine = Annotated[
    str | None, Field(max_length=SHORT_TEXT), AfterValidator(lambda value: _inline(value) if value else None)
]


class Organization(Model):
    upper: Line = Field(title="Tên cấp ủy cấp trên trực tiếp", examples=["Đảng bộ xã An Phú"])
    name: Line = Field(title="Tên chi bộ", examples=["Chi bộ Thôn 3"])
    abbreviation: str = Field(
        "CB", title="Ký hiệu cơ quan ban hành", min_length=1, max_length=20, pattern=r"^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$"
    )
    place: Line = Field(title="Địa danh", examples=["An Phú"])


HONORIFICS = {"comrade": "đồng chí", "mr": "ông", "ms": "bà"}


class Person(Model):
    name: Line = Field(title="Họ và tên")
    position: OptionalLine = Field(None, title="Chức vụ")
    honorific: Literal["comrade", "mr", "ms"] = Field(
        "comrade",
        title="Cách gọi",
        description="comrade: “đồng chí” (đảng viên); mr / ms: “ông” / “bà” cho khách mời không phải đảng viên.",
    )


SignerTitle = Literal["BÍ THƯ", "PHÓ BÍ THƯ"]


class Signer(Model):
    name: Line = Field(title="Họ tên người ký")
    title: SignerTitle = Field("BÍ THƯ", title="Chức vụ người ký")


def _recipient(text: str) -> str:
    """One recipient line as the template prints it: without the dash, bullet or closing mark typed with it."""
    return bare(one_line(text).lstrip("-–—•+* ").strip())


def _recipient_key(text: str) -> str:
    return " ".join(nfc(text).casefold().split())


def normalize_recipients(items: list[str]) -> list[str]:
    """Recipients as typed or pasted ("- Đảng ủy xã,", "– Đảng ủy xã;"): dashes and closing marks stripped,
    empty lines and repeats dropped (the first spelling kept)."""
    seen, result = set(), []
    for item in map(_recipient, items):
        key = _recipient_key(item)
        if item and key not in seen:
            seen.add(key)
            result.append(item)
    return result


# Empty lines of a pasted list are dropped, not refused.
Recipients = Annotated[
    list[Annotated[str, Field(max_length=SHORT_TEXT)]], Field(max_length=50), AfterValidator(normalize_recipients)
]

# Said in every kind's "Nơi nhận" field: what a document is sent to when the input names nobody.
DEFAULT_RECIPIENTS_NOTE = "Để trống: đảng ủy cấp trên theo tên đảng bộ của chi bộ (để báo cáo) và đảng viên trong chi bộ."
_ARCHIVE = re.compile(r"^lưu\b", re.IGNORECASE)
_VT = re.compile(r"\bVT\b", re.IGNORECASE)


def is_archive_line(recipient: str) -> bool:
    """ "Lưu Chi bộ", "Lưu: VT", "Lưu hồ sơ": the archive line, which the profile prints once, last."""
    return bool(_ARCHIVE.match(nfc(recipient)))


def superior_committee(upper: str) -> str:
    """The committee of the đảng bộ above a cell, which receives its reports and decides its members' ratings:
    "Đảng bộ xã An Phú" → "Đảng ủy xã An Phú" (a name typed otherwise is kept as it is)."""
    return "Đảng ủy" + upper[len("Đảng bộ") :] if upper.startswith("Đảng bộ") else upper


def default_recipients(organization: Organization) -> list[str]:
    """A cell's document goes up to the committee of its own đảng bộ, named, and to the cell's members."""
    return [f"{superior_committee(organization.upper)} (để báo cáo)", "Đảng viên trong chi bộ"]


def recipients_context(recipients: list[str] | None, organization: Organization) -> list[str]:
    """The lines printed above the profile's archive line, which is never repeated; the default ones when the
    input names no recipient."""
    chosen = default_recipients(organization) if recipients is None else recipients
    return [r for r in chosen if not is_archive_line(r)]


def check_recipients(model: Any, profile: Profile) -> list[Finding]:
    """Archive lines typed among the recipients: "VT" is refused where the profile forbids it (HD 05-2026 has
    no văn thư line: “- Lưu Chi bộ.”); any other is replaced by the profile's archive line, with a warning."""
    findings = []
    archive = profile.recipients.archive_line
    for index, recipient in enumerate(getattr(model, "recipients", None) or ()):
        if not is_archive_line(recipient):
            continue
        if profile.recipients.refuse_vt and _VT.search(recipient):
            findings.append(
                Finding(
                    pointer("recipients", index),
                    "recipient_vt",
                    f"Nơi nhận: “{recipient}” — theo {profile.name}, chi bộ không ghi “VT”; dòng "
                    f"cuối là “- {archive}.”, được in sẵn.",
                )
            )
        elif _recipient_key(recipient) != _recipient_key(archive):
            findings.append(
                Finding(
                    pointer("recipients", index),
                    "recipient_archive_replaced",
                    f"Nơi nhận: dòng “{recipient}” được thay bằng dòng cuối “- {archive}.” của thể thức.",
                    "warning",
                )
            )
    return findings


# What the header keeps free in its column: the word processor measures a little differently than the font's
# advance widths say (kerning, rounding), and a line it finds too long would break where it likes.
HEADER_MARGIN = 0.95


def header_name(name: str, profile: Profile, style: TextStyle) -> str:
    """An organization's name as the header's left column prints it: upper-cased with the profile's spelling,
    broken into lines of even length between word groups, never inside a place's or a person's name (the
    words of a group joined by non-breaking spaces)."""
    return _header_lines(name, profile.header_columns_mm[0] * HEADER_MARGIN, style.size_pt, style.bold, profile.spelling.uy)


# A batch prints the same few đảng bộ and chi bộ names on thousands of documents: measuring and balancing
# them was a fifth of a self-review's rendering time.
@functools.lru_cache(maxsize=4096)
def _header_lines(name: str, width: float, size_pt: float, bold: bool, uy: str) -> str:
    printed = lambda words: apply_uy_spelling(upper(" ".join(words)), uy)  # noqa: E731
    fits = lambda words: text_width_mm(printed(words), size_pt, bold=bold) <= width  # noqa: E731

    def pieces(words: list[str]) -> list[list[str]]:
        # A group too long for the column alone breaks between its smaller pieces, and those likewise.
        if len(words) == 1 or fits(words):
            return [words]
        return [piece for part in finer(words) for piece in pieces(part)]

    parts = [piece for group in name_groups(name) for piece in pieces(group)]
    lines = balanced_lines([bind(printed(part)) for part in parts], width, size_pt, bold=bold)
    return "\n".join(" ".join(line) for line in lines)


def header_context(
    org: Organization, profile: Profile, *, doc_type: str, number: int | None, day: dt.date | None, draft: bool = False
) -> dict:
    """The header lines: issuer names upper-cased with the profile's spelling and balanced over their lines,
    number, place and date (a blank date to fill in by hand when `day` is None)."""
    spelled = lambda text: apply_uy_spelling(text, profile.spelling.uy)  # noqa: E731
    header = profile.header
    return {
        "org": {
            "upper": header_name(org.upper, profile, header.upper_org),
            "name": header_name(org.name, profile, header.issuer),
            "title": spelled(org.name),
            "place": org.place,
        },
        "doc": {
            "number_line": profile.number_line(number, doc_type, org.abbreviation),
            "place_date": place_date(org.place, day) if day else place_blank_date(org.place),
            "draft": draft,
        },
    }


def signing_post(position: str | None) -> SignerTitle | None:
    """The post a chi bộ document is signed with, read from a person's positions: "Bí thư Chi bộ, Trưởng
    thôn" signs as BÍ THƯ, "Phó Bí thư chi bộ" as PHÓ BÍ THƯ; "Bí thư Chi đoàn" or "Chi ủy viên" cannot sign
    for the chi bộ, and then there is no post (None)."""
    for post in re.split(r"[,;]", (position or "").casefold()):
        post = " ".join(post.split())
        if post in ("bí thư", "phó bí thư") or post.startswith(("bí thư chi bộ", "phó bí thư chi bộ")):
            return "PHÓ BÍ THƯ" if post.startswith("phó") else "BÍ THƯ"
    return None


def signer_for(signer: Signer | None, chair: Person) -> Signer | None:
    """The signer given, or else the chair when the chair's post is one that signs (Bí thư or Phó Bí thư
    of the chi bộ); None when neither says who signs."""
    if signer is not None:
        return signer
    post = signing_post(chair.position)
    return Signer(name=chair.name, title=post) if post else None


def check_signer(signer: Signer | None, chair: Person, *, field: str = "signer") -> list[Finding]:
    """A resolution is signed "T/M CHI BỘ" over the signer's real post: when the input does not name the
    signer and the chair's post is not Bí thư or Phó Bí thư of the chi bộ, ask for the signer."""
    if signer is not None:
        post = signing_post(chair.position) if same_person(signer.name, chair.name) else None
        if post is not None and post != signer.title:
            return [
                Finding(
                    pointer(field, "title"),
                    "signer_title_mismatch",
                    f"Chức vụ người ký: đồng chí {signer.name} là {chair.position}, không ký với chức vụ {signer.title}.",
                )
            ]
        return []
    if signing_post(chair.position) is None:
        held = f" ({chair.position})" if chair.position else " (không ghi chức vụ)"
        return [
            Finding(
                pointer(field),
                "signer_required",
                f"Người ký: đồng chí chủ trì {chair.name}{held} không phải Bí thư hoặc Phó Bí thư chi bộ; "
                "hãy ghi người ký (họ tên và chức vụ BÍ THƯ hoặc PHÓ BÍ THƯ).",
            )
        ]
    return []


def same_person(a: str, b: str) -> bool:
    return " ".join(nfc(a).casefold().split()) == " ".join(nfc(b).casefold().split())


def item_text(text: str) -> str:
    """A list item on one line without its closing punctuation, for a template that supplies it ("- Căn cứ …;")."""
    return bare(one_line(text))


def as_subject(phrase: str) -> str:
    """A person named as the subject of a sentence: the title between commas ("Đồng chí Nguyễn Văn An, Bí thư
    Chi bộ, trình bày …")."""
    return f"{phrase}," if "," in phrase else phrase


def person_phrase(person: Person, *, capital: bool = False) -> str:
    """ "đồng chí Nguyễn Văn An, Bí thư Chi bộ", "ông Lê Văn Hòa, Giám đốc Hợp tác xã" — how documents name
    people where they act."""
    honorific = HONORIFICS[person.honorific]
    if capital:
        honorific = honorific.capitalize()
    return f"{honorific} {person.name}" + (f", {bare(person.position)}" if person.position else "")
