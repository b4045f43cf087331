"""`python -m service.custom_templates.worker SETTINGS`: a process that lints and renders uploaded templates.

The service starts a few of these (pool.py) and sends each one job at a time;
a job that runs past its time is ended by killing the process, which threads
inside the service could not do. Before anything else the process limits its
own address space (a template that allocates too much gets MemoryError, or at
worst kills only this process), refuses itself file writes and core dumps,
and moves standard output aside so that only messages reach the service.

Each job may use TEMPLATE_RENDER_TIMEOUT_SECONDS of CPU time: past it the kernel
ends the process (SIGXCPU), however busy the machine is. A wall-clock limit
alone stopped well-behaved jobs on a loaded machine (at load 10 a job gets a
fifth of a core); the service keeps one, several times longer, only for a
worker that makes no progress at all.
"""

from __future__ import annotations

import json
import math
import resource
import signal
import sys
from typing import Any

ANSWER_OK = {"ok": True}


def confine(memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # A write beyond RLIMIT_FSIZE then fails with an error instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    sys.dont_write_bytecode = True


def limit_cpu(seconds: float) -> None:
    """Let the job about to start use `seconds` more CPU time (whole seconds: the kernel counts no finer)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def handle(header: dict[str, Any], template: bytes, env) -> tuple[dict[str, Any], bytes]:
    """One job: {"op": "render"|"inspect", "context": {...}, "name": "..."} with the template as payload."""
    from service.render.engine import render_docx
    from service.custom_templates.lint import has_errors, lint

    context, name = header.get("context") or {}, str(header.get("name") or "template")
    try:
        if header.get("op") == "render":
            return ANSWER_OK, render_docx(template, context, name=name, jinja_env=env)
        issues = lint(template, context, env)
        preview = b"" if has_errors(issues) else render_docx(template, context, name=name, jinja_env=env)
        return {"ok": True, "issues": [issue.as_dict() for issue in issues]}, preview
    except Exception as exc:  # whatever the template caused, named by code for the service
        return {"ok": False, "error": failure(exc)}, b""


def failure(exc: BaseException) -> dict[str, Any]:
    from jinja2 import TemplateSyntaxError
    from jinja2.sandbox import SecurityError

    from service.render.engine import RenderError
    from service.custom_templates.sandbox import LimitExceeded

    rendering = isinstance(exc, RenderError)
    cause = exc.__cause__ if rendering and exc.__cause__ is not None else exc
    if isinstance(cause, LimitExceeded):
        code = cause.code
    elif isinstance(cause, SecurityError):
        code = "template_unsafe"
    elif isinstance(cause, MemoryError):
        code = "memory_limit"
    elif isinstance(cause, RecursionError):
        code = "template_too_deep"
    elif isinstance(cause, TemplateSyntaxError):
        code = "template_syntax"
    else:
        code = "render_failed" if rendering else "template_unreadable"
    where = {"part": exc.part, "line": exc.line, "field": exc.field} if rendering else {}
    return {"code": code, "detail": f"{type(cause).__name__}: {cause}"[:500], **where}


def main() -> None:
    settings = json.loads(sys.argv[1])
    confine(int(settings["memory_bytes"]))
    from service.custom_templates import wire
    from service.custom_templates.sandbox import Limits, TemplateSandbox

    # What handle() and failure() use, imported before the process says it is ready (the service waits for that
    # without a CPU limit): a job's CPU time is then its own, not the imports' (about 0.15 s), and a fresh
    # worker's first job gets the whole limit.
    import service.custom_templates.lint  # noqa: F401
    import service.render.engine  # noqa: F401

    env = TemplateSandbox(Limits(max_loop=int(settings["max_loop"]), max_output=int(settings["max_output"])))
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr
    answers.write(wire.encode({"ready": True}))
    answers.flush()
    while True:
        try:
            header, template = wire.read_message(requests)
        except wire.WireError:
            return  # the service closed the pipe: it stopped or no longer needs this worker
        limit_cpu(float(settings["cpu_seconds"]))
        answer, payload = handle(header, template, env)
        answers.write(wire.encode(answer, payload))
        answers.flush()
        if not answer["ok"] and answer["error"]["code"] == "memory_limit":
            return  # after MemoryError nothing in this process can be trusted to be whole


if __name__ == "__main__":
    main()
