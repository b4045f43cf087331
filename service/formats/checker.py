"""The conformance checker: any DOCX judged, element by element, against a format profile.

`check_docx(data, profile_id=None)` reads the file safely, chooses the profile
(the one asked for, else the one in force on the document's date, else the
newest), runs every rule in service.formats.checks and returns a Report: the
deviations (error or warning, where, expected, found, the rule) and what could
not be judged. The rules read only the profile, so changing a value in a
profile's TOML changes the templates and the checker together.

Given the PDF LibreOffice printed the document to (a Printout), the rendered
checks judge the printed page too: where each line fell, which font drew each
glyph, what the page headers show. `check_many` converts many documents in one
call to the PDF pool, which is what makes checking a folder fast.
"""

from __future__ import annotations

from concurrent.futures import Future, as_completed
from dataclasses import dataclass
from typing import Sequence

from service.formats.checks.base import Deviation, Judge, NotJudged
from service.formats.checks.body import judge_body, judge_title
from service.formats.checks.fonts import judge_fonts
from service.formats.checks.header import judge_header
from service.formats.checks.landmarks import Landmarks, copies, document_date, locate
from service.formats.checks.page import judge_page
from service.formats.checks.printed_flow import judge_printed_flow
from service.formats.checks.printed_header import judge_printed_header
from service.formats.checks.printed_page import judge_printed_pages
from service.formats.checks.sheet import Sheet
from service.formats.checks.signature import judge_signature
from service.formats.checks.wording import judge_wording
from service.formats.docx_reader import DocxDocument, read_docx
from service.formats.pdf_reader import UnreadablePdf, read_pdf
from service.formats.printed import Printed, place
from service.formats.profiles import Profile, UnknownProfile, all_profiles, get_profile, profile_for
from service.render.pdf import ConversionFailed, PdfPool, PoolBusy
from service.safety.packages import Limits, UnsafePackage, read_file
from service.vietnamese.dates import slash_date

# Paragraphs of a document the printed page may leave unfound (a field's text, a shape) before the
# rendered checks say they saw only part of it.
UNPLACED_SHARE = 0.2


@dataclass(frozen=True)
class Printout:
    """The document as LibreOffice printed it, or why it could not be printed (Vietnamese)."""

    pdf: bytes | None = None
    problem: str | None = None


NO_LIBREOFFICE = Printout(problem="máy này không cài LibreOffice (soffice) để in thử văn bản ra PDF.")
POOL_BUSY = Printout(problem="bộ chuyển PDF đang bận; thử lại sau ít phút.")


@dataclass(frozen=True)
class Report:
    profile: Profile
    profile_choice: str  # "option" | "date" | "newest"
    profile_reason: str  # Vietnamese, for people
    deviations: tuple[Deviation, ...]
    not_judged: tuple[NotJudged, ...]
    rendered: bool = False  # the printed page was judged too
    pages: int | None = None

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.deviations)

    def as_dict(self) -> dict:
        return {
            "profile": self.profile.id,
            "profile_choice": self.profile_choice,
            "profile_reason": self.profile_reason,
            "ok": self.ok,
            "rendered": self.rendered,
            "pages": self.pages,
            "findings": [d.as_dict() for d in self.deviations],
            "not_judged": [n.as_dict() for n in self.not_judged],
        }

    def text(self) -> str:
        """The report in Vietnamese: one line per finding, the rule it enforces under it."""
        errors = sum(d.severity == "error" for d in self.deviations)
        lines = [f"Quy chuẩn thể thức: {self.profile.name} ({self.profile.id}) — {self.profile_reason}."]
        lines.append(
            f"Đã kiểm tra trên trang in ({self.pages} trang, qua LibreOffice)."
            if self.rendered
            else "Chưa kiểm tra trên trang in: chỉ kiểm tra nội dung và định dạng khai báo trong tệp."
        )
        for deviation in self.deviations:
            lines += [deviation.line(), f"    Quy định: {deviation.rule}"]
        lines += [f"[KHÔNG KIỂM TRA ĐƯỢC] {n.message}" for n in self.not_judged]
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


def check_docx(
    data: bytes, profile_id: str | None = None, limits: Limits = Limits(), printout: Printout | None = None
) -> Report:
    document = read_checked(data, limits)
    profile, choice, reason = _profile(document, profile_id)
    return check_document(document, profile, choice, reason, printout)


def read_checked(data: bytes, limits: Limits = Limits()) -> DocxDocument:
    try:
        return read_docx(data, limits)
    except UnsafePackage as refused:
        raise CannotCheck(refused.code, refused.message, too_large=refused.too_large) from None


def _profile(document: DocxDocument, profile_id: str | None) -> tuple[Profile, str, str]:
    try:
        return choose_profile(document, profile_id)
    except UnknownProfile as unknown:
        raise CannotCheck("unknown_profile", unknown.message) from None


def read_file_checked(path: str, limits: Limits = Limits()) -> bytes:
    try:
        return read_file(path, limits)
    except UnsafePackage as refused:
        raise CannotCheck(refused.code, refused.message, too_large=True) from None
    except OSError:
        raise CannotCheck("unreadable_file", f"Không đọc được tệp “{path}”.") from None


def check_file(path: str, profile_id: str | None = None, limits: Limits = Limits()) -> Report:
    return check_docx(read_file_checked(path, limits), profile_id, limits)


def check_many(
    contents: Sequence[bytes],
    profile_id: str | None = None,
    pool: PdfPool | None = None,
    limits: Limits = Limits(),
    *,
    render: bool = True,
) -> list[Report | CannotCheck]:
    """Every document checked, in order. With a pool, the readable ones are printed to PDF in as few calls as
    its queue allows, and each is judged as soon as its PDF is there, while the converters print the next.

    `render` without a pool (no LibreOffice here) says so in each report instead of silently skipping."""
    results: list[Report | CannotCheck | None] = [None] * len(contents)
    documents: dict[int, DocxDocument] = {}
    for index, data in enumerate(contents):
        try:
            documents[index] = read_checked(data, limits)
        except CannotCheck as cannot:
            results[index] = cannot

    def judge(index: int, printout: Printout | None) -> None:
        try:
            profile, choice, reason = _profile(documents[index], profile_id)
        except CannotCheck as cannot:
            results[index] = cannot
            return
        results[index] = check_document(documents[index], profile, choice, reason, printout)

    readable = list(documents)
    if pool is None:
        for index in readable:
            judge(index, NO_LIBREOFFICE if render else None)
        return results
    for start in range(0, len(readable), pool.queue_size):
        chunk = readable[start : start + pool.queue_size]
        try:
            futures = pool.submit([contents[index] for index in chunk])
        except PoolBusy:
            for index in chunk:
                judge(index, POOL_BUSY)
            continue
        where = dict(zip(futures, chunk))
        for future in as_completed(futures):
            judge(where[future], _printout(future))
    return results


def _printout(future: Future) -> Printout:
    try:
        return Printout(pdf=future.result())
    except ConversionFailed as failed:
        return Printout(problem=str(failed))


def choose_profile(document: DocxDocument, profile_id: str | None) -> tuple[Profile, str, str]:
    if profile_id is not None:
        return get_profile(profile_id), "option", "theo lựa chọn của người dùng"
    day = document_date(document)
    if day is not None:
        return profile_for(day), "date", f"chọn theo ngày của văn bản {slash_date(day)}"
    return (
        all_profiles()[-1],
        "newest",
        "không đọc được ngày của văn bản nên dùng quy chuẩn mới nhất; chọn quy chuẩn khác bằng --profile",
    )


def check_document(
    document: DocxDocument,
    profile: Profile,
    choice: str = "option",
    reason: str = "theo lựa chọn của người dùng",
    printout: Printout | None = None,
) -> Report:
    judge = Judge(document, profile)
    located: list[tuple[list, Landmarks]] = []
    parts: list = []
    if not any(p.text.strip() for p in document.paragraphs):
        judge.cannot("empty_document", "Văn bản không có nội dung chữ nên chỉ kiểm tra được khổ giấy và lề.")
        judge_page(judge)
    else:
        parts = copies(document, profile)
        judge_page(judge, copies=len(parts))
        judge_fonts(judge)
        judge_wording(judge)
        for paragraphs in parts:
            marks = locate(paragraphs, document, profile)
            located.append((paragraphs, marks))
            judge_header(judge, marks)
            judge_title(judge, marks)
            judge_body(judge, marks)
            judge_signature(judge, marks)
    pages = _judge_printed(judge, printout, located) if printout is not None else None
    _reading_limits(judge, document, len(parts))
    return Report(
        profile, choice, reason, tuple(judge.deviations), tuple(judge.not_judged), rendered=pages is not None, pages=pages
    )


def _judge_printed(judge: Judge, printout: Printout, located: list[tuple[list, Landmarks]]) -> int | None:
    """The rendered checks; the number of pages printed, or None when there is no printed page to judge."""
    if printout.pdf is None:
        judge.cannot("rendered_unavailable", f"Chưa kiểm tra được trên trang in: {printout.problem}")
        return None
    try:
        printed = place(judge.document, read_pdf(printout.pdf))
    except UnreadablePdf:
        judge.cannot("rendered_unavailable", "Chưa kiểm tra được trên trang in: LibreOffice không tạo được PDF đọc được.")
        return None
    sheets = [Sheet(marks, printed, _pages(printed, paragraphs)) for paragraphs, marks in located]
    for sheet in sheets:
        judge_printed_header(judge, sheet)
        judge_printed_flow(judge, sheet)
    judge_printed_pages(judge, printed, sheets)
    _placing_limits(judge, printed)
    if all(len(sheet.pages) <= 1 for sheet in sheets):
        # One page per copy: no page number is needed, so not finding one in the XML was not a question.
        judge.not_judged[:] = [n for n in judge.not_judged if n.code != "page_number_missing"]
    return len(printed.pages)


def _pages(printed: Printed, paragraphs: list) -> tuple[int, ...]:
    numbers = [spot.page.number for p in paragraphs for spot in printed.spots(p)]
    return tuple(range(min(numbers), max(numbers) + 1)) if numbers else ()


def _placing_limits(judge: Judge, printed: Printed) -> None:
    text = [p for p in judge.document.paragraphs if p.text.strip()]
    if text and len(printed.unplaced) > UNPLACED_SHARE * len(text):
        judge.cannot(
            "rendered_partly",
            f"{len(printed.unplaced)} trong {len(text)} đoạn không tìm thấy trên trang "
            "in (chữ trong khung, trường, hình vẽ): vị trí của các đoạn này chưa được kiểm tra.",
        )


def _reading_limits(judge: Judge, document: DocxDocument, copies: int) -> None:
    if document.textboxes:
        judge.cannot(
            "textboxes",
            f"Văn bản có {document.textboxes} khung văn bản (text box): chữ trong khung được "
            "đọc theo thứ tự xuất hiện, vị trí của khung trên trang chưa được kiểm tra.",
        )
    # Copies in a section each (a ballot's slips) are judged copy by copy, their page numbers included.
    if len(document.sections) > 1 and len(document.sections) != copies:
        judge.cannot(
            "sections",
            f"Văn bản có {len(document.sections)} phần (section): khổ giấy và lề được kiểm tra "
            "từng phần, số trang chỉ theo từng phần.",
        )
    if not document.has_styles:
        judge.cannot("no_styles", "Văn bản không có phần kiểu (styles.xml): định dạng chỉ lấy từ từng đoạn.")
