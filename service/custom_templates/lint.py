"""What is wrong, or was silently repaired, in an uploaded DOCX template, said to its author.

Two readings of the template. The printed text, paragraph by paragraph (the
checker's reader, service.formats.docx_reader), shows how Word stored each tag:
split over several runs (docxtpl's clean-up joins them; reported so the author
knows), with typographic quotes (docxtpl straightens “ ” ‘ ’), inside a text
box (docxtpl's clean-up is not made for them), or not closed in its paragraph.
The Jinja source each part compiles to, after docxtpl's own clean-up, shows
syntax errors with the paragraph they are in, names and fields the kind's
context does not have (with the nearest one that exists), attributes the
sandbox refuses, and tags this service does not support.

Errors stop an upload; warnings are kept in the version's report.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import asdict, dataclass
from typing import Any, Iterator

from jinja2 import TemplateAssertionError, TemplateSyntaxError, meta, nodes

from service.formats.docx_reader import DocxDocument, Paragraph, read_docx
from service.render import docxtpl_cleanup, parts
from service.custom_templates.sandbox import TemplateSandbox
from service.custom_templates.shape import Shape, Unknown, element_of, field_of, shape_of
from service.vietnamese.figures import format_int

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPENING = re.compile(r"\{[{%#]")
_SMART_QUOTES = "“”‘’"
_MARKUP = re.compile(r"<[^>]*>")
_EXCERPT = 90
MAX_ISSUES = 200
_PART_LABELS = (
    ("word/document.xml", "phần thân văn bản"),
    ("word/header", "đầu trang"),
    ("word/footer", "chân trang"),
    ("word/footnotes", "chú thích cuối trang"),
    ("docProps/core.xml", "thuộc tính của tệp"),
)
# Tags that need a template loader, which an uploaded template has none of.
_LOADING = (nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)


@dataclass(frozen=True)
class Issue:
    code: str  # stable English
    severity: str  # "error" stops the upload, "warning" is kept in the report
    message: str  # Vietnamese
    part: str | None = None  # zip member, e.g. word/document.xml
    line: int | None = None  # paragraph (Jinja line) in the part, when known
    excerpt: str | None = None  # the paragraph's text around the problem
    suggestion: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def lint(template: bytes, context: dict[str, Any], env: TemplateSandbox) -> list[Issue]:
    """Every issue of the template against a kind's context; errors first."""
    issues = list(_text_issues(read_docx(template)))
    loaded = parts.load(template)
    shape = shape_of(context)
    for story in loaded.stories:
        source = docxtpl_cleanup.to_jinja_source(docxtpl_cleanup.patch(story.source))
        issues += _source_issues(source, story.member, shape, env)
    if loaded.core is not None:
        for value in loaded.core.values.values():
            if value and _OPENING.search(value):
                issues += _source_issues(value, loaded.core.member, shape, env)
    ordered = sorted(dict.fromkeys(issues), key=lambda issue: issue.severity != "error")
    if len(ordered) > MAX_ISSUES:  # a report is read by a person and kept with the version
        left = len(ordered) - MAX_ISSUES + 1
        ordered = ordered[: MAX_ISSUES - 1] + [
            Issue("more_issues", "warning", f"Còn {format_int(left)} lưu ý khác cùng loại không liệt kê.")
        ]
    return ordered


def has_errors(issues: list[Issue]) -> bool:
    return any(issue.severity == "error" for issue in issues)


# The printed text


def _text_issues(document: DocxDocument) -> Iterator[Issue]:
    for part, paragraph in _paragraphs(document):
        runs = [run.text for run in paragraph.runs]
        text = "".join(runs)
        if "{" not in text:
            continue
        bounds = list(itertools.accumulate(len(run) for run in runs[:-1]))
        where = {"part": part, "line": paragraph.number, "excerpt": _excerpt(text)}
        prefix = f"Trong {_label(part)}, đoạn “{_excerpt(text)}”: "
        for match in _TAG.finditer(text):
            tag = match.group()
            if any(match.start() < bound < match.end() for bound in bounds):
                yield Issue(
                    "tag_split_repaired",
                    "warning",
                    f"{prefix}thẻ “{tag}” bị Word tách thành nhiều đoạn định dạng; đã tự ghép lại. Nên gõ "
                    "lại thẻ một lần, không sửa định dạng giữa chừng.",
                    **where,
                )
            if any(quote in tag for quote in _SMART_QUOTES):
                yield Issue(
                    "smart_quotes_converted",
                    "warning",
                    f"{prefix}thẻ “{tag}” có dấu nháy cong (“ ” ‘ ’); đã tự đổi thành nháy thẳng. Nên tắt "
                    "chức năng tự đổi dấu nháy của Word khi soạn mẫu.",
                    **where,
                )
            if paragraph.in_textbox:
                yield Issue(
                    "tag_in_textbox",
                    "warning",
                    f"{prefix}thẻ “{tag}” nằm trong khung văn bản (text box) hoặc hình vẽ: docxtpl không "
                    "xử lý chắc chắn nội dung trong khung. Nên đưa thẻ ra ngoài khung.",
                    **where,
                )
        if _OPENING.search(_TAG.sub("", text)):
            yield Issue(
                "tag_not_closed",
                "error",
                f"{prefix}có thẻ mở ({{{{, {{% hoặc {{#) không được đóng trong cùng đoạn văn: mỗi thẻ phải "
                "nằm trọn trong một đoạn.",
                **where,
            )


def _paragraphs(document: DocxDocument) -> Iterator[tuple[str, Paragraph]]:
    for paragraph in document.paragraphs:
        yield "word/document.xml", paragraph
    for section in document.sections:
        for stories, part in ((section.headers, "word/header"), (section.footers, "word/footer")):
            for paragraphs in stories.values():
                for paragraph in paragraphs:
                    yield part, paragraph


# The Jinja source


def _source_issues(source: str, part: str, shape: Shape, env: TemplateSandbox) -> list[Issue]:
    try:
        issues = _Walk(source, part, shape, set(env.globals), env.parse(source)).issues
        if not issues:
            env.compile(source)  # what only generating the code finds: filters and tests that do not exist
    except TemplateAssertionError as exc:
        return [
            _at(
                source,
                part,
                exc.lineno,
                "template_unknown_name",
                "error",
                f"Mẫu dùng bộ lọc hoặc phép thử không có: {_quoted_name(exc.message or '')}.",
            )
        ]
    except TemplateSyntaxError as exc:
        return [_at(source, part, exc.lineno, "template_syntax", "error", _syntax_message(exc.message or ""))]
    except (RecursionError, SyntaxError):  # Jinja's parser, or Python's compiler of Jinja's code, gave up
        return [Issue("template_too_deep", "error", f"Trong {_label(part)} có biểu thức lồng nhau quá sâu.", part=part)]
    return issues


def _quoted_name(english: str) -> str:
    name = re.search(r"named '([^']*)'", english)
    return f"“{name.group(1)}”" if name else "(không rõ tên)"


class _Walk:
    """Names, fields and tags of one part's syntax tree, checked against the context's shape."""

    def __init__(self, source: str, part: str, shape: Shape, known: set[str], tree: nodes.Template):
        self.source, self.part, self.shape, self.issues = source, part, shape, []
        self.undeclared = meta.find_undeclared_variables(tree) - known
        # A name the template assigns anywhere is its own; its fields are not the context's to check.
        self.local = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
        self.visit(tree, {})

    def visit(self, node: nodes.Node, scope: dict[str, Shape]) -> None:
        if isinstance(node, _LOADING):
            self.issue(
                node,
                "template_include",
                f"Thẻ {{% {type(node).__name__.lower()} %}} (nạp mẫu khác) không được hỗ trợ trong mẫu tải lên.",
            )
        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            inner = {**scope, "loop": Unknown}
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = element_of(self.expression(node.iter, scope))
            for name in node.target.find_all(nodes.Name):  # unpacked: for key, value in ...
                inner[name.name] = Unknown
            for child in (*node.body, *([node.test] if node.test else [])):
                self.visit(child, inner)
            for child in node.else_:
                self.visit(child, scope)
            return
        if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)):
            self.expression(node, scope)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def expression(self, node: nodes.Node, scope: dict[str, Shape]) -> Shape:
        """The shape of an expression's value, reporting the names and fields that do not exist."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.undeclared and node.ctx == "load" and not self.shape.has(node.name):
                self.unknown(node, node.name, node.name, self.shape.keys())
            return Unknown if node.name in self.local else self.shape.field(node.name)
        key = _key(node)
        if key is None:
            for child in node.iter_child_nodes():
                self.visit(child, scope)
            return Unknown
        if key.startswith("_"):
            self.issue(
                node,
                "unsafe_attribute",
                f"Thẻ truy cập thuộc tính nội bộ “{key}”: mẫu tải lên không được dùng tên bắt đầu bằng dấu gạch dưới.",
            )
            return Unknown
        base = self.expression(node.node, scope)
        found, siblings = field_of(base, key)
        if found is None:
            self.unknown(node, f"{_path(node.node)}.{key}", key, siblings)
            return Unknown
        return found

    def unknown(self, node: nodes.Node, path: str, key: str, choices: list[str]) -> None:
        close = difflib.get_close_matches(key, choices, n=1, cutoff=0.6)
        hint = f" Có phải ý là “{close[0]}”?" if close else ""
        self.issue(
            node,
            "unknown_field",
            f"Dữ liệu của loại văn bản này không có trường “{path}”.{hint}",
            suggestion=close[0] if close else None,
        )

    def issue(self, node: nodes.Node, code: str, message: str, suggestion: str | None = None) -> None:
        self.issues.append(_at(self.source, self.part, node.lineno, code, "error", message, suggestion))


def _key(node: nodes.Node) -> str | None:
    """The field a Getattr or a Getitem with a text constant reads."""
    if isinstance(node, nodes.Getattr):
        return node.attr
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
        return node.arg.value
    return None


def _path(node: nodes.Node) -> str:
    """An expression as the author wrote it, for the fields it reads: org.name, members[0].name."""
    if isinstance(node, nodes.Name):
        return node.name
    key = _key(node)
    if key is not None:
        return f"{_path(node.node)}.{key}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_path(node.node)}[{node.arg.value!r}]"
    return "…"


def _syntax_message(english: str) -> str:
    closing = re.search(r"innermost block that needs to be closed is '(\w+)'", english)
    unknown = re.search(r"Encountered unknown tag '(\w+)'", english)
    if unknown and closing:
        return (
            f"Thẻ {{% {unknown.group(1)} %}} không khớp: khối đang mở là {{% {closing.group(1)} %}}, "
            f"cần đóng bằng {{% end{closing.group(1)} %}} trước."
        )
    if closing:
        return f"Khối {{% {closing.group(1)} %}} chưa được đóng: thiếu {{% end{closing.group(1)} %}}."
    if unknown and unknown.group(1).startswith("end"):
        return f"Thẻ {{% {unknown.group(1)} %}} không có thẻ mở tương ứng."
    if unknown:
        return f"Thẻ {{% {unknown.group(1)} %}} không tồn tại trong cú pháp mẫu docxtpl."
    return "Thẻ sai cú pháp (thiếu hoặc thừa dấu ngoặc, dấu nháy, toán tử)."


def _at(
    source: str, part: str, line: int | None, code: str, severity: str, message: str, suggestion: str | None = None
) -> Issue:
    lines = source.split("\n")
    text = _MARKUP.sub("", lines[line - 1]) if line and 0 < line <= len(lines) else None
    where = f"Trong {_label(part)}" + (f", đoạn “{_excerpt(text)}”" if text else "")
    return Issue(code, severity, f"{where}: {message}", part, line, _excerpt(text) if text else None, suggestion)


def _label(part: str) -> str:
    return next((label for prefix, label in _PART_LABELS if part.startswith(prefix)), part)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"
