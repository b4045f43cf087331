"""The one path every document takes, whichever door it came in by (API, web, CLI, batch).

`check()` runs normalize → resolve → validate → context: what a form's live
checks and the CLI's check use. `issue()` runs the whole path: check → choose
template → render → record. The stages that need the store or an
organization's own template are plug-ins the door passes in (`resolve`,
`choose`, `record`); without them a document is rendered from the built
template and recorded nowhere. Nothing here knows about HTTP, the command
line or the database, and nothing after `check()` validates again.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib

import jinja2
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from service.findings import Finding, InputInvalid, pointer
from service.formats.builder import TEMPLATE_DIR, template_filename
from service.formats.profiles import Profile, UnknownProfile, get_profile, profile_for
from service.kinds import Kind, get_kind
from service.kinds.base import error_location, error_message, parse, partial, partial_checks
from service.render.engine import render_docx
from service.vietnamese.legacy import ENCODINGS, convert_legacy_input
from service.vietnamese.text import DuplicateKey, normalize_input

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What a draft's file name ends with, before the extension (issue 19: a draft is never taken for the final text).
DRAFT_SUFFIX = " (dự thảo)"
# The kinds' finding for a document that cannot be issued without its number.
NUMBER_MISSING = "number_missing"


@dataclass(frozen=True)
class Prepared:
    """A validated input with everything needed to render it."""

    kind: Kind
    model: Any
    profile: Profile
    context: dict[str, Any]
    warnings: list[Finding] = field(default_factory=list)
    draft: bool = False

    @property
    def document_date(self) -> dt.date:
        return self.kind.document_date(self.model)


@dataclass(frozen=True)
class Document:
    content: bytes
    filename: str  # Vietnamese, with extension
    kind: str
    profile: str
    number: int | None
    template_sha256: str
    warnings: list[Finding]
    # The titles the document prints, shown to the person issuing it (see titles()), worked out when first
    # asked for: a batch's thousands of documents never are, and working them out was 4% of their time.
    titled: Callable[[], dict[str, Any]] = field(default=dict, repr=False, compare=False)

    @functools.cached_property
    def titles(self) -> dict[str, Any]:
        return self.titled()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


# A door's step between normalize and validate (the store's: member ids → names, register numbers);
# it returns the data to validate or raises InputInvalid.
Resolver = Callable[[Kind, Any], Any]
# Renders template bytes with a context: the engine itself, or the sandbox pool for an organization's template.
Engine = Callable[..., bytes]


@dataclass(frozen=True)
class Template:
    """What a document is rendered with: the built template through the engine, or an organization's own
    version in its sandbox (with a warning when it was checked against another profile)."""

    content: bytes
    engine: Engine = render_docx
    version_id: int | None = None
    warnings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Issued:
    document: Document
    record: Any = None  # what the `record` plug-in returned (the archive's row); None without one


# The template chooser (service/custom_templates) and the recorder (service/store/archive) a door plugs in.
Chooser = Callable[[Prepared], Template]
Recorder = Callable[[Prepared, Document, Template], Any]


def check(
    kind_id: str,
    data: Any,
    *,
    profile_id: str | None = None,
    resolve: Resolver | None = None,
    text: bool = False,
    draft: bool = False,
) -> Prepared:
    """Normalize, resolve, validate, derive the context; raise InputInvalid with every error found (and the
    warnings). text: the values were typed in a form (service.kinds.base.parse). draft: the document is a
    draft, marked "Dự thảo" and allowed to have no number yet."""
    kind = get_kind(kind_id)
    dropped: list[tuple] = []
    try:
        data = normalize_input(data, dropped)
    except DuplicateKey as duplicate:
        raise InputInvalid(
            [
                Finding(
                    "",
                    "duplicate_keys",
                    f"Dữ liệu có hai trường trùng tên “{duplicate.cleaned}” "
                    "(chỉ khác nhau ở khoảng trắng hoặc cách gõ dấu).",
                )
            ]
        )
    data, converted = convert_legacy_input(data)
    legacy = _dropped_warnings(dropped) + _legacy_warnings(converted)
    if isinstance(data, dict) and "profile" in data:
        # The profile is a choice about layout, not part of the document's content.
        data = dict(data)
        requested = data.pop("profile")
        profile_id = profile_id or (requested if isinstance(requested, str) else str(requested))
    if resolve is not None:
        data = resolve(kind, data)
    model, errors = parse(kind.input_model, data, text=text)
    if model is None:
        raise InputInvalid([*errors, *_rule_errors(kind, data, errors, text=text, draft=draft)], legacy)
    profile, unknown = _choose_profile(profile_id, derived(kind.document_date, model))
    findings = [*derived(kind.check, model), *unknown, *derived(kind.profile_check, model, profile)]
    if draft:
        # The number is given when the draft is issued (store/archive.Filing).
        findings = [f for f in findings if f.code != NUMBER_MISSING]
    errors = [f for f in findings if f.severity == "error"]
    warnings = legacy + [f for f in findings if f.severity == "warning"]
    if errors:
        raise InputInvalid(errors, warnings)
    context = derived(kind.context, model, profile)
    if draft and isinstance(context.get("doc"), dict):
        context = {**context, "doc": {**context["doc"], "draft": True}}
    return Prepared(kind, model, profile, context, warnings, draft)


def _rule_errors(kind: Kind, data: dict, errors: list[Finding], *, text: bool, draft: bool) -> list[Finding]:
    """The kind's own errors that the valid parts of an invalid input already show (a vote above the members
    present beside a wrong date): one submit lists them all. None at a field that has a schema error, which
    says enough there."""
    if not isinstance(data, dict) or any(not e.pointer for e in errors):
        return []
    failed = [tuple(e.pointer.split("/")[1:]) for e in errors]
    model = partial(kind.input_model, data, failed, text=text)
    try:
        findings = partial_checks(lambda: kind.check(model))
    except (ValidationError, InputInvalid):
        return []  # a value derived from the partial input: the schema's errors come first
    shown = {e.pointer for e in errors}
    return [
        f
        for f in findings
        if f.severity == "error"
        and not (draft and f.code == NUMBER_MISSING)
        and not any(f.pointer == p or f.pointer.startswith(p + "/") for p in shown)
    ]


def derived(step: Callable[..., Any], *args: Any) -> Any:
    """A kind's step on a valid model (its checks, date, context, file name, number). A value the step derives and
    validates (a period, a signer) that its model refuses came from the input, so it is the input's error
    (422), never a crash. The input's own bounds are set so that this does not happen; this says so if a
    new derivation forgets them."""
    try:
        return step(*args)
    except ValidationError as exc:
        raise InputInvalid(
            [
                Finding(
                    "",
                    "derived_value_invalid",
                    f"Không tạo được văn bản từ dữ liệu này: giá trị “{exc.title}"
                    f"{pointer(*error_location(error))}” suy ra từ dữ liệu {error_message(error)}.",
                )
                for error in exc.errors(include_url=False)
            ]
        ) from None


def _dropped_warnings(paths: list[tuple]) -> list[Finding]:
    # Kept out of the document because no printer shows them and XML cannot carry them; the text around them
    # may need a look (a pasted form feed, a broken emoji).
    return [
        Finding(
            pointer(*path),
            "unprintable_characters_removed",
            f"Trường “{pointer(*path) or '/'}” có ký tự không in được (ký tự điều khiển, U+FFFE, U+FFFF hoặc "
            "nửa cặp UTF-16); đã bỏ các ký tự này khỏi văn bản, đề nghị kiểm tra lại.",
            "warning",
        )
        for path in paths
    ]


def _legacy_warnings(converted: list[tuple[tuple, str]]) -> list[Finding]:
    # Converted text is usually right, but a guess from the text alone deserves a second look.
    return [
        Finding(
            pointer(*path),
            "legacy_encoding_converted",
            f"Trường “{pointer(*path)}” được gõ bằng bảng mã cũ {ENCODINGS[encoding]}; "
            "đã tự chuyển sang Unicode, đề nghị kiểm tra lại.",
            "warning",
        )
        for path, encoding in converted
    ]


def _choose_profile(profile_id: str | None, day: dt.date) -> tuple[Profile, list[Finding]]:
    """The profile asked for, or the one in force on `day` (also when the one asked for does not exist, with
    the error that says so)."""
    if profile_id is None:
        return profile_for(day), []
    try:
        return get_profile(profile_id), []
    except UnknownProfile as unknown:
        return profile_for(day), [Finding("/profile", "unknown_profile", unknown.message)]


def render(prepared: Prepared, *, template: bytes | None = None, engine: Engine = render_docx) -> Document:
    """Render with the built template of the kind and profile, or with `template` (the archive's copy,
    an organization's own) through `engine`."""
    if template is None:
        template = template_bytes(prepared.kind.id, prepared.profile.id)
    content = engine(template, prepared.context, name=template_filename(prepared.kind.id, prepared.profile.id))
    name = derived(prepared.kind.filename, prepared.model) + (DRAFT_SUFFIX if prepared.draft else "")
    return Document(
        content=content,
        filename=name + ".docx",
        kind=prepared.kind.id,
        profile=prepared.profile.id,
        number=derived(prepared.kind.number, prepared.model),
        template_sha256=hashlib.sha256(template).hexdigest(),
        warnings=prepared.warnings,
        titled=functools.partial(titles, prepared),
    )


_TITLES = jinja2.Environment(autoescape=False, undefined=jinja2.ChainableUndefined)


@functools.lru_cache(maxsize=128)
def _title_template(text: str) -> jinja2.Template:
    # A batch renders thousands of documents of a few kinds: each title is compiled once.
    return _TITLES.from_string(text)


def titles(prepared: Prepared) -> dict[str, Any]:
    """What the document will be called, for a person to see before issuing it: its type and its trích yếu
    as printed, and what the kind adds (a monthly sitting's three months and the titles they give)."""
    layout = prepared.kind.layout
    # The printed text keeps "năm 2026" together with a non-breaking space; a person reads plain spaces.
    shown = {
        key: _title_template(text).render(prepared.context).replace("\u00a0", " ")
        for key, text in (("document", layout.title), ("summary", layout.summary), ("subtitle", layout.subtitle))
        if text
    }
    return {**shown, **derived(prepared.kind.preview, prepared.model)}


def built_template(prepared: Prepared) -> Template:
    """The template of templates_docx/ for the kind and profile: the chooser when no organization's counts."""
    return Template(template_bytes(prepared.kind.id, prepared.profile.id))


def issue(
    kind_id: str,
    data: Any,
    *,
    profile_id: str | None = None,
    text: bool = False,
    draft: bool = False,
    resolve: Resolver | None = None,
    choose: Chooser = built_template,
    record: Recorder | None = None,
) -> Issued:
    """The whole path: check → choose → render → record. InputInvalid passes through before anything is
    recorded."""
    prepared = check(kind_id, data, profile_id=profile_id, resolve=resolve, text=text, draft=draft)
    return finish(prepared, choose=choose, record=record)


def finish(prepared: Prepared, *, choose: Chooser = built_template, record: Recorder | None = None) -> Issued:
    """choose → render → record for an input already checked: a form checks all its documents first and
    issues them only when none has an error."""
    template = choose(prepared)
    document = render(prepared, template=template.content, engine=template.engine)
    if template.warnings:
        document = replace(document, warnings=[*document.warnings, *template.warnings])
    return Issued(document, record(prepared, document, template) if record is not None else None)


def produce(kind_id: str, data: Any, *, profile_id: str | None = None) -> Document:
    """The document alone, with no plug-ins: what tests, benchmarks and the CLI's render compare."""
    return issue(kind_id, data, profile_id=profile_id).document


def template_bytes(kind_id: str, profile_id: str) -> bytes:
    path = TEMPLATE_DIR / template_filename(kind_id, profile_id)
    return _read(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _read(path: Path, mtime_ns: int) -> bytes:
    # Keyed on the modification time so a rebuilt template is picked up without a restart.
    return path.read_bytes()
