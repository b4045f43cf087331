"""What the organization and roster pages share: a store record edited through a form drawn from its model."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, render_template, request
from pydantic import BaseModel

from service.web.formdata import FormTooDeep, parse_form
from service.web.forms import FormState
from service.web.schema_form import form_tree


def submitted(model: type[BaseModel], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """The posted fields as the model's data.

    A field left empty clears an optional value; fields in `keep` are not on the
    form at all, so their absence leaves them as they are.
    """
    try:
        data = parse_form(request.form, max_depth=current_app.config["MAX_JSON_DEPTH"])
    except (FormTooDeep, ValueError):
        abort(400)
    # parse_form leaves out what is empty; for a change, empty means "no value" rather than "unchanged".
    cleared = {
        key: None
        for key, info in model.model_fields.items()
        if key not in data and key not in keep and info.default is None and not info.is_required()
    }
    return {**data, **cleared}


def record_form(
    model: type[BaseModel],
    state: FormState,
    *,
    title: str,
    action: str,
    submit: str,
    back: str,
    status: int = 200,
    hidden: tuple[str, ...] = (),
):
    tree = form_tree(model.model_json_schema(), title)
    children = [child for child in tree.children if child.pointer.lstrip("/") not in hidden]
    page = render_template(
        "record_form.html", title=title, fields=children, state=state, action=action, submit=submit, back=back
    )
    return page, status
