"""The conformance checker: any DOCX judged, element by element, against a format profile.

`check_docx(data, profile_id=None)` reads the file safely, chooses the profile
(the one asked for, else the one in force on the document's date, else the
newest), runs every rule in service.formats.checks and returns a Report: the
deviations (error or warning, where, expected, found) and what could not be
judged. The rules read only the profile, so changing a value in a profile's
TOML changes the templates and the checker together.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from service.formats.checks.base import Deviation, Judge, NotJudged
from service.formats.checks.body import judge_body, judge_title
from service.formats.checks.fonts import judge_fonts
from service.formats.checks.header import judge_header
from service.formats.checks.landmarks import copies, document_date, locate
from service.formats.checks.page import judge_page
from service.formats.checks.signature import judge_signature
from service.formats.docx_reader import DocxDocument, read_docx
from service.formats.profiles import Profile, UnknownProfile, all_profiles, get_profile, profile_for
from service.safety.packages import Limits, UnsafePackage, read_file
from service.vietnamese.dates import slash_date


@dataclass(frozen=True)
class Report:
    profile: Profile
    profile_choice: str              # "option" | "date" | "newest"
    profile_reason: str              # Vietnamese, for people
    deviations: tuple[Deviation, ...]
    not_judged: tuple[NotJudged, ...]

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.deviations)

    def as_dict(self) -> dict:
        return {"profile": self.profile.id, "profile_choice": self.profile_choice,
                "profile_reason": self.profile_reason, "ok": self.ok,
                "findings": [d.as_dict() for d in self.deviations],
                "not_judged": [n.as_dict() for n in self.not_judged]}

    def text(self) -> str:
        """The report in Vietnamese, one line per finding."""
        errors = sum(d.severity == "error" for d in self.deviations)
        lines = [f"Quy chuẩn thể thức: {self.profile.name} ({self.profile.id}) — {self.profile_reason}."]
        lines += [d.line() for d in self.deviations]
        lines += [f"[CHƯA XÉT] {n.message}" for n in self.not_judged]
        verdict = "Đạt" if self.ok else "Không đạt"
        lines.append(f"{verdict}: {errors} lỗi, {len(self.deviations) - errors} cảnh báo.")
        return "\n".join(lines)


class CannotCheck(ValueError):
    """The file or the request cannot be judged: a stable English code and a Vietnamese message."""

    def __init__(self, code: str, message: str, *, too_large: bool = False):
        super().__init__(message)
        self.code, self.message, self.too_large = code, message, too_large

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


def check_docx(data: bytes, profile_id: str | None = None, limits: Limits = Limits()) -> Report:
    try:
        document = read_docx(data, limits)
        profile, choice, reason = choose_profile(document, profile_id)
    except UnsafePackage as refused:
        raise CannotCheck(refused.code, refused.message, too_large=refused.too_large) from None
    except UnknownProfile as unknown:
        raise CannotCheck("unknown_profile", unknown.message) from None
    return check_document(document, profile, choice, reason)


def check_file(path: str, profile_id: str | None = None, limits: Limits = Limits()) -> Report:
    try:
        data = read_file(path, limits)
    except UnsafePackage as refused:
        raise CannotCheck(refused.code, refused.message, too_large=True) from None
    except OSError:
        raise CannotCheck("unreadable_file", f"Không đọc được tệp “{path}”.") from None
    return check_docx(data, profile_id, limits)


def choose_profile(document: DocxDocument, profile_id: str | None) -> tuple[Profile, str, str]:
    if profile_id is not None:
        return get_profile(profile_id), "option", "theo lựa chọn của người dùng"
    day = document_date(document)
    if day is not None:
        return profile_for(day), "date", f"chọn theo ngày của văn bản {slash_date(day)}"
    return (all_profiles()[-1], "newest",
            "không đọc được ngày của văn bản nên dùng quy chuẩn mới nhất; chọn quy chuẩn khác bằng --profile")


def check_document(document: DocxDocument, profile: Profile, choice: str = "option",
                   reason: str = "theo lựa chọn của người dùng") -> Report:
    judge = Judge(document, profile)
    if not any(p.text.strip() for p in document.paragraphs):
        judge.cannot("empty_document", "Văn bản không có nội dung chữ nên chỉ kiểm tra được khổ giấy và lề.")
        judge_page(judge)
    else:
        sheets = copies(document, profile)
        judge_page(judge, copies=len(sheets))
        judge_fonts(judge)
        for paragraphs in sheets:
            marks = locate(paragraphs, document, profile)
            judge_header(judge, marks)
            judge_title(judge, marks)
            judge_body(judge, marks)
            judge_signature(judge, marks)
    _reading_limits(judge, document)
    return Report(profile, choice, reason, tuple(judge.deviations), tuple(judge.not_judged))


def _reading_limits(judge: Judge, document: DocxDocument) -> None:
    if document.textboxes:
        judge.cannot("textboxes", f"Văn bản có {document.textboxes} khung văn bản (text box): chữ trong khung được "
                     "đọc theo thứ tự xuất hiện, vị trí của khung trên trang chưa được kiểm tra.")
    if len(document.sections) > 1:
        judge.cannot("sections", f"Văn bản có {len(document.sections)} phần (section): khổ giấy và lề được kiểm tra "
                     "từng phần, số trang chỉ theo từng phần.")
    if not document.has_styles:
        judge.cannot("no_styles", "Văn bản không có phần kiểu (styles.xml): định dạng chỉ lấy từ từng đoạn.")
