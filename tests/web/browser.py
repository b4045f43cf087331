"""What a browser would send for a page's form, so that tests post exactly what the HTML offers."""

from __future__ import annotations

from lxml import html


def form_fields(page: str | bytes, form_id: str = "document-form") -> list[tuple[str, str]]:
    """The (name, value) pairs a browser submits for the form, in document order.

    Like a browser: rows kept in <template> are not part of the form, unchecked
    boxes and radios send nothing, a select sends its selected option (else the first).
    """
    form = html.fromstring(page).get_element_by_id(form_id)
    pairs = []
    for element in form.iter("input", "select", "textarea"):
        if any(ancestor.tag == "template" for ancestor in element.iterancestors()) or not element.get("name"):
            continue
        name = element.get("name")
        if element.tag == "select":
            options = element.findall(".//option")
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            pairs.extend((name, o.get("value", o.text or "")) for o in chosen)
        elif element.tag == "textarea":
            pairs.append((name, element.text or ""))
        elif element.get("type") in ("checkbox", "radio"):
            if element.get("checked") is not None:
                pairs.append((name, element.get("value", "on")))
        elif element.get("type") not in ("submit", "button"):
            pairs.append((name, element.get("value", "")))
    return pairs


def field(page: str | bytes, name: str):
    """The element named `name` outside row templates (the one the person sees)."""
    found = [
        e
        for e in html.fromstring(page).xpath("//*[@name=$name]", name=name)
        if not any(a.tag == "template" for a in e.iterancestors())
    ]
    return found[-1] if found else None


def replace(pairs: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    """The pairs with the last value of `name` set to `value` (added when missing)."""
    pairs = list(pairs)
    for index in range(len(pairs) - 1, -1, -1):
        if pairs[index][0] == name:
            pairs[index] = (name, value)
            return pairs
    return pairs + [(name, value)]


def link(page: str | bytes, text: str) -> str:
    """The href of the link whose text (visually hidden parts included) is `text`."""
    found = [a.get("href") for a in html.fromstring(page).iter("a") if " ".join(a.text_content().split()) == text]
    assert len(found) == 1, (text, found)
    return found[0]
