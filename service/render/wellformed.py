"""Proving once per template that its rendered parts will be well-formed XML.

The engine must never lose text the way docxtpl's recover-mode parse does, so
a rendered part that is not well-formed raises RenderError. Parsing every
rendered part to find out costs more than the Jinja render itself, yet for
most templates the answer is settled when the template is compiled: with
autoescape on, a value printed by {{ }} arrives as text with & < > " '
escaped, which is valid wherever the template puts it in text or in an
attribute value. What remains is the template's own markup, and how blocks
({% if %}, {% for %}) repeat or drop it.

A template is proved when its Jinja syntax tree has only output, if, for
and set statements, and block sets ({% set page %}…{% endset %}) at its top
level, and:
- its skeleton is well-formed, where the skeleton is the template's text with
  every printed expression replaced by "&amp;" (accepted only in text and
  attribute values, like an escaped value) and every block by an empty
  element (accepted only where elements may stand, i.e. between elements
  and in text, never inside a tag or an attribute);
- the skeleton of each block's body (and each elif, else) is balanced
  content on its own, with the namespaces the root declares.
A block set's body counts as a branch, and its name may only be printed on
its own ({{ page }}) after it, standing for a block where printed; nothing
else may assign or use that name. What a block set captures is the
template's own text and values printed through the same watch, so printing
it is like repeating its body there (environment.py counts it as plain).
Then any number of copies of any branch keeps the part well-formed. Comments,
CDATA, processing instructions and DOCTYPE are not allowed in a proved
template: a value could end a comment early.

Per document, a proved part still needs the strict check when a value did
not print as plain text (markup left unescaped by RichText, Listing or |safe,
a character XML forbids, an object of unknown kind; see environment.py),
when "]]>" was printed or the listing resolution left "\a" or "\f" behind,
or when it rewrote anything but line breaks in text and whole paragraphs;
whole paragraphs it rewrote otherwise are checked on their own, which costs
little.
"""

from __future__ import annotations

from jinja2 import Environment, nodes
from lxml import etree

from .xmlcheck import MalformedXML, check_well_formed

_PLACEHOLDER = "&amp;"
_BLOCK = "<jinja-block/>"
# Characters XML forbids that docxtpl's listing resolution may leave behind ("\a", "\f" outside
# run text), and "]]>", forbidden in text: a value ending in "]]" may meet a ">" of the template's
# text. Each is looked for only when one of its bytes occurs: one-byte searches are the fast ones.
_LEFT_BEHIND = ((b"\x07", b"\x07"), (b"\x0c", b"\x0c"), (b"]", b"]]>"))
_DECLARATION_END = "?>"


class _Unproved(Exception):
    """The template uses something the proof does not cover."""


class Proof:
    """What a proved template's renders still need checked, cheaply, per document."""

    def __init__(self, root_namespaces: dict[str | None, str]):
        empty = etree.tostring(etree.Element("jinja-fragment", nsmap=root_namespaces))  # <jinja-fragment .../>
        self._open, self._close = empty[:-2] + b">", b"</jinja-fragment>"

    def covers(self, xml: bytes, rewritten: list[bytes] | None) -> bool:
        """Whether a render of the proved template that printed only plain values is well-formed."""
        if rewritten is None or any(first in xml and sequence in xml for first, sequence in _LEFT_BEHIND):
            return False
        return all(self._balanced(paragraph) for paragraph in rewritten)

    def _balanced(self, fragment: bytes) -> bool:
        try:
            check_well_formed(self._open + fragment + self._close)
        except MalformedXML:
            return False
        return True


def prove(env: Environment, source: str) -> Proof | None:
    """The proof that every render of `source` is well-formed, or None when it cannot be given.

    `source` must already compile in `env`.
    """
    branches: list[str] = []
    tree = env.parse(source)
    try:
        skeleton = _Skeleton(nodes.EvalContext(env), _captured_names(tree), branches).top_level(tree.body)
    except _Unproved:
        return None
    if (
        "<!" in skeleton
        or "<?" in _after_declaration(skeleton)
        or any("<!" in branch or "<?" in branch for branch in branches)
    ):
        return None
    try:
        check_well_formed(skeleton.encode("utf-8"))
        proof = Proof(etree.fromstring(skeleton.encode("utf-8")).nsmap)
    except MalformedXML:
        return None
    if not all(proof._balanced(branch.encode("utf-8")) for branch in branches):
        return None
    return proof


def _after_declaration(skeleton: str) -> str:
    if skeleton.startswith("<?xml"):
        return skeleton[skeleton.find(_DECLARATION_END) + len(_DECLARATION_END) :]
    return skeleton


def _captured_names(tree: nodes.Template) -> frozenset[str]:
    """The names of the template's top-level block sets. Each must be set once, by its block, and
    otherwise only printed on its own: anything else would need the captured markup to be read as text."""
    blocks = [node for node in tree.body if isinstance(node, nodes.AssignBlock)]
    if not all(isinstance(node.target, nodes.Name) and node.filter is None for node in blocks):
        raise _Unproved("block set with a filter or several targets")
    names = frozenset(node.target.name for node in blocks)
    if len(names) != len(blocks):
        raise _Unproved("block set twice")
    if not names:
        return names
    printed = {id(child) for output in tree.find_all(nodes.Output) for child in output.nodes}
    stores = 0
    for name in tree.find_all(nodes.Name):
        if name.name not in names:
            continue
        if name.ctx == "store":
            stores += 1
        elif id(name) not in printed:
            raise _Unproved("block set used in an expression")
    if stores != len(names):  # each block set stores its name once; any other store is a reassignment
        raise _Unproved("block set's name assigned again")
    return names


class _Skeleton:
    """Builds the skeleton of a template; the bodies of its blocks are appended to `branches`."""

    def __init__(self, eval_ctx: nodes.EvalContext, captured: frozenset[str], branches: list[str]):
        self._eval_ctx, self._captured, self._branches = eval_ctx, captured, branches
        self._set: set[str] = set()  # block sets met so far: their names may be printed from here on

    def top_level(self, body: list[nodes.Node]) -> str:
        pieces = []
        for node in body:
            if isinstance(node, nodes.AssignBlock):
                self._branches.append(self.statements(node.body))
                self._set.add(node.target.name)
            else:
                pieces.append(self.statements([node]))
        return "".join(pieces)

    def statements(self, body: list[nodes.Node]) -> str:
        """The skeleton of a list of statements."""
        pieces = []
        for node in body:
            if isinstance(node, nodes.Output):
                pieces += (self._output(child) for child in node.nodes)
            elif isinstance(node, nodes.If):
                pieces.append(_BLOCK)
                for branch in (node.body, *(elif_.body for elif_ in node.elif_), node.else_):
                    self._branches.append(self.statements(branch))
            elif isinstance(node, nodes.For) and not node.recursive:
                pieces.append(_BLOCK)
                self._branches.append(self.statements(node.body))
                self._branches.append(self.statements(node.else_))
            elif not isinstance(node, nodes.Assign):  # {% set x = ... %} prints nothing
                raise _Unproved(type(node).__name__)
        return "".join(pieces)

    def _output(self, child: nodes.Expr) -> str:
        if isinstance(child, nodes.Name) and child.name in self._captured:
            if child.name not in self._set:  # printed before its set: the context's value of that name
                raise _Unproved("block set printed before it is set")
            return _BLOCK  # markup, which may only stand where elements may
        return _output_skeleton(child, self._eval_ctx)


def _output_skeleton(child: nodes.Expr, eval_ctx: nodes.EvalContext) -> str:
    if isinstance(child, nodes.TemplateData):
        return child.data
    try:
        child.as_const(eval_ctx)
    except Exception:  # not a constant: printed at render time, through finalize and escape
        return _PLACEHOLDER
    # Jinja prints constants at compile time, without the finalize that watches for markup.
    raise _Unproved("constant output")
