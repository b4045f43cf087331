"""Why an uploaded template could not be rendered: a stable English code and what a person is told.

The worker process names what went wrong by code (it cannot be trusted to
speak for itself once a template has misbehaved in it); the messages are here,
on the service's side, with the place in the template when it is known.
"""

from __future__ import annotations

from typing import Any

from werkzeug.exceptions import ServiceUnavailable

from service.vietnamese.figures import format_decimal, format_int

MESSAGES = {
    "template_timeout": "Mẫu văn bản xử lý quá {limit} nên đã bị dừng.",
    "memory_limit": "Mẫu văn bản cần quá nhiều bộ nhớ nên đã bị dừng.",
    "worker_crashed": "Mẫu văn bản làm bộ xử lý mẫu gặp sự cố nên đã bị dừng.",
    "loop_limit": "Mẫu văn bản lặp quá nhiều lần (vòng lặp hoặc range quá lớn) nên đã bị dừng.",
    "output_limit": "Mẫu văn bản tạo ra nội dung quá lớn nên đã bị dừng.",
    "template_unsafe": "Mẫu văn bản truy cập thành phần nội bộ không được phép.",
    "template_too_deep": "Mẫu văn bản có biểu thức hoặc khối lồng nhau quá sâu.",
    "template_syntax": "Mẫu văn bản có thẻ sai cú pháp.",
    "template_unreadable": "Không đọc được các phần của mẫu văn bản Word.",
    "render_failed": "Không tạo được văn bản từ mẫu này.",
}
# The worker's answers that leave it in no state to take more work.
RETIRING = frozenset({"memory_limit"})


class TemplateFailed(Exception):
    """An uploaded template was refused while being compiled or rendered."""

    def __init__(
        self,
        code: str,
        detail: str = "",
        *,
        part: str | None = None,
        line: int | None = None,
        field: str | None = None,
        seconds: float | None = None,
    ):
        self.code, self.detail, self.part, self.line, self.field = code, detail, part, line, field
        message = MESSAGES.get(code, MESSAGES["render_failed"]).format(limit=_limit(seconds))
        where = [f"phần {part}"] if part else []
        if line is not None:
            where.append(f"đoạn (dòng) {line}")
        if field:
            where.append(f"thẻ “{field}”")
        self.message = f"{message} Vị trí: {', '.join(where)}." if where else message
        super().__init__(self.message)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "detail": self.detail,
            "part": self.part,
            "line": self.line,
            "field": self.field,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TemplateFailed":
        return cls(
            str(data.get("code")),
            str(data.get("detail") or ""),
            part=_text(data.get("part")),
            line=data.get("line") if isinstance(data.get("line"), int) else None,
            field=_text(data.get("field")),
        )


class SandboxBusy(ServiceUnavailable):
    """No template worker could take the job (all busy for as long as one render may take, or none
    would start). An HTTP 503 at whichever door it reaches: the caller should try again later."""

    description = "Bộ xử lý mẫu văn bản đang bận; hãy thử lại sau ít phút."


def _limit(seconds: float | None) -> str:
    if seconds is None:
        return "thời gian cho phép"
    whole = float(seconds).is_integer()
    return f"{format_int(int(seconds)) if whole else format_decimal(seconds, 1)} giây"


def _text(value: Any) -> str | None:
    return str(value)[:200] if value is not None else None
