"""axe-core run in the page: the accessibility rules every page must pass (WCAG 2.1 A and AA)."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    """Each violation as "rule: the elements it found", empty when the page passes."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script>: the pages' Content-Security-Policy refuses inline scripts.
        page.evaluate("source => { (0, eval)(source); }", AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(result => result.violations)", TAGS
    )
    return [f"{v['id']}: " + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5]) for v in found]
