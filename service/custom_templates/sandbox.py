"""The Jinja environment an organization's uploaded template is compiled and rendered with.

An uploaded template is code written by someone outside the project, so it runs
in Jinja's ImmutableSandboxedEnvironment: no attribute starting with "_" (so no
way from ''.__class__ to Python's internals), no method that changes a list or
dict, str.format through the sandbox's formatter. On top of the sandbox:

- globals: Jinja's own (dict, namespace, cycler, joiner: the built templates
  use namespace) with `range` bounded and without lipsum; filters: Jinja's own
  minus `random` (a rebuilt document must be byte-identical) and `pprint`;
  every filter's, method's and `~` concatenation's result is checked against
  the output limit;
- loops: every {% for %} iterable (and every recursive loop(...) call) is
  wrapped, when the template is compiled, in a counter charged to the render's
  budget, so nested loops stop at `max_loop` iterations in all;
- operators: `+`, `*`, `**` and `%` are intercepted (which also keeps Jinja
  from folding constants such as 9**(9**9) while compiling) and refuse results
  beyond the limits before computing them;
- output: Jinja joins a template's output (and every captured block) with
  `environment.concat`; here that join counts UTF-8 bytes and stops at
  `max_output`.

What these cannot bound on their own (time, and memory spent inside one
builtin call) is bounded by the worker process the sandbox runs in (pool.py).
The sandbox only restricts: a template that stays within it renders exactly as
docxtpl renders it.
"""

from __future__ import annotations

import contextvars
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from jinja2 import nodes
from jinja2.defaults import DEFAULT_NAMESPACE
from jinja2.environment import Template
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer

LOOP_GUARD = "sandbox_loop_guard"
SIZE_GUARD = "sandbox_size_guard"
REMOVED_GLOBALS = ("lipsum",)
REMOVED_FILTERS = ("random", "pprint")
# A printf-style field wider or more precise than four digits, or with the width given as an argument.
_WIDE_FORMAT = re.compile(r"%[-#0 +]*(?:\*|\d{5,}|\d*\.(?:\*|\d{5,}))")
# An int of more bits than this is not a number a Party document prints.
MAX_INT_BITS = 4096


@dataclass(frozen=True)
class Limits:
    max_loop: int = 100_000  # loop iterations per rendered part, all loops together
    max_output: int = 20 * 1024 * 1024  # UTF-8 bytes of one rendered part (and of any one value)


class LimitExceeded(SecurityError):
    """A template went past a limit; `code` is stable English ("loop_limit", "output_limit")."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code


class _Budget:
    """What one render of one part has spent."""

    def __init__(self, limits: Limits):
        self.limits, self.iterations, self.output = limits, 0, 0

    def iterate(self) -> None:
        self.iterations += 1
        if self.iterations > self.limits.max_loop:
            raise LimitExceeded("loop_limit", f"more than {self.limits.max_loop} loop iterations")

    def emit(self, size: int) -> None:
        self.output += size
        if self.output > self.limits.max_output:
            raise LimitExceeded("output_limit", f"more than {self.limits.max_output} bytes of output")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("sandbox_budget", default=None)


class _BudgetedTemplate(Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _BUDGET.set(_Budget(self.environment.limits))
        try:
            return super().render(*args, **kwargs)
        finally:
            _BUDGET.reset(token)


def _budget(environment: "TemplateSandbox") -> _Budget:
    # Outside a render (a template object used some other way) each call gets a budget of its own.
    return _BUDGET.get() or _Budget(environment.limits)


def _size(value: Any) -> int:
    if isinstance(value, str):
        return len(value) if value.isascii() else len(value.encode("utf-8", "surrogatepass"))
    if isinstance(value, (bytes, list, tuple, dict, set)):
        return len(value)
    return 0


class _Counted:
    """An iterable whose iterations are charged to the render's budget; its length is the original's."""

    def __init__(self, iterable: Iterable, budget: _Budget):
        self._iterable, self._budget = iterable, budget

    def __iter__(self) -> Iterator:
        for item in self._iterable:
            self._budget.iterate()
            yield item

    def __len__(self) -> int:
        return len(self._iterable)  # type: ignore[arg-type]


class TemplateSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"+", "*", "**", "%"})
    template_class = _BudgetedTemplate

    def __init__(self, limits: Limits = Limits()):
        super().__init__(autoescape=True)
        self.limits = limits
        self.globals = {name: value for name, value in DEFAULT_NAMESPACE.items() if name not in REMOVED_GLOBALS}
        self.globals["range"] = self._range
        self.filters = {
            name: self._checked(function) for name, function in self.filters.items() if name not in REMOVED_FILTERS
        }
        self.filters[LOOP_GUARD] = self._count
        self.filters[SIZE_GUARD] = self._within_output

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        if isinstance(source, str):
            source = self.parse(source, name, filename)
        return super().compile(_Guards().visit(source), name, filename, raw, defer_init)

    def concat(self, chunks: Iterable[str]) -> str:  # type: ignore[override]
        budget, kept = _budget(self), []
        for chunk in chunks:
            budget.emit(_size(chunk))
            kept.append(chunk)
        return "".join(kept)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - the sandbox's own signature
        return __self._within_output(super().call(__context, __obj, *args, **kwargs))

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        # Jinja's sandbox hands back an undefined value that fails only when used further; printing
        # it shows nothing. Refusing at once tells the author where.
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe.")

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _int_like(left) and _int_like(right):
            if right > 0 and abs(left) > 1 and abs(left).bit_length() * right > MAX_INT_BITS:
                raise LimitExceeded("output_limit", f"{left} ** {right} is too large a number")
        elif operator == "*":
            sequence, count = (left, right) if _int_like(right) else (right, left)
            if _int_like(count) and _size(sequence) * max(count, 0) > self.limits.max_output:
                raise LimitExceeded("output_limit", "a repeated text or list larger than the output limit")
        elif operator == "+" and _size(left) + _size(right) > self.limits.max_output:
            raise LimitExceeded("output_limit", "a joined text or list larger than the output limit")
        elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise LimitExceeded("output_limit", f"the format {left!r} asks for too wide a field")
        return self._within_output(super().call_binop(context, operator, left, right))

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > self.limits.max_loop:
            raise LimitExceeded("loop_limit", f"range of {len(numbers)} numbers, more than {self.limits.max_loop}")
        return numbers

    def _count(self, iterable: Iterable) -> _Counted:
        return _Counted(iterable, _budget(self))

    def _checked(self, function):
        def checked(*args, **kwargs):
            return self._within_output(function(*args, **kwargs))

        # Jinja passes the context, eval context or environment first to filters marked for it.
        if hasattr(function, "jinja_pass_arg"):
            checked.jinja_pass_arg = function.jinja_pass_arg
        return checked

    def _within_output(self, value: Any) -> Any:
        if _size(value) > self.limits.max_output:
            raise LimitExceeded("output_limit", "a value larger than the output limit")
        return value


def _int_like(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Guards(NodeTransformer):
    """Routes every loop's iterable (and every recursive loop(...) call's) through the loop counter and
    every `~` concatenation through the size check."""

    def visit_For(self, node: nodes.For) -> nodes.For:
        node = self.generic_visit(node)
        node.iter = _filtered(node.iter, LOOP_GUARD)
        if node.recursive:
            for call in node.find_all(nodes.Call):
                if (
                    isinstance(call.node, nodes.Name)
                    and call.node.name == "loop"
                    and call.args
                    and not _is_filter(call.args[0], LOOP_GUARD)
                ):
                    call.args[0] = _filtered(call.args[0], LOOP_GUARD)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:
        return _filtered(self.generic_visit(node), SIZE_GUARD)


def _is_filter(expression: nodes.Expr, name: str) -> bool:
    return isinstance(expression, nodes.Filter) and expression.name == name


def _filtered(expression: nodes.Expr, name: str) -> nodes.Filter:
    return nodes.Filter(expression, name, [], [], None, None, lineno=expression.lineno)
