"""Who is using the pages: nobody in particular on the embedded default, an account when signed in."""
from __future__ import annotations

from flask import g

WEB_CREATOR = "web"


def creator() -> str:
    """How the archive and the register record who issued a document from these pages."""
    account = g.get("account")
    return f"{WEB_CREATOR}:{account.username}" if account is not None else WEB_CREATOR
