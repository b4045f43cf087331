"""Accounts for the web pages served on a network: one organization each, a name and a password hash.

The table is created by the store's migration 0002; it has its own metadata so
that the store's JSON Lines export (a backup of documents and rosters) does not
carry password hashes. An account disappears with its organization (ON DELETE
CASCADE in the migration).
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import DateTime, Integer, MetaData, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from service.findings import Finding, InputInvalid
from service.store.db import Database
from service.store.models import Organization, utcnow

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,59}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 200
# Checked when the name is unknown, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password of anyone")


class _Base(DeclarativeBase):
    metadata = MetaData()


class Account(_Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(Integer, index=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


def create_account(database: Database, organization_id: int, username: str, password: str) -> Account:
    username = username.strip().lower()
    findings = []
    if not USERNAME.match(username):
        findings.append(
            Finding(
                "/username",
                "username_invalid",
                "Tên đăng nhập: 3 đến 60 ký tự, chỉ gồm chữ thường không dấu, chữ số và . _ -",
            )
        )
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        findings.append(
            Finding("/password", "password_too_short", f"Mật khẩu: phải có từ {MIN_PASSWORD} đến {MAX_PASSWORD} ký tự.")
        )
    if findings:
        raise InputInvalid(findings)
    try:
        with database.write() as session:
            if session.get(Organization, organization_id) is None:
                raise InputInvalid([Finding("", "organization_not_found", "Tổ chức đảng không tồn tại.")])
            account = Account(
                organization_id=organization_id, username=username, password_hash=generate_password_hash(password)
            )
            session.add(account)
            session.flush()
            return account
    except IntegrityError:
        raise InputInvalid(
            [Finding("/username", "username_taken", f"Tên đăng nhập “{username}” đã có người dùng.")]
        ) from None


def authenticate(database: Database, username: str, password: str) -> Account | None:
    with database.read() as session:
        account = session.scalars(select(Account).where(Account.username == username.strip().lower())).one_or_none()
    if account is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return account if check_password_hash(account.password_hash, password) else None


def get_account(database: Database, account_id: int) -> Account | None:
    with database.read() as session:
        return session.get(Account, account_id)


def list_accounts(database: Database, organization_id: int) -> list[Account]:
    with database.read() as session:
        return list(
            session.scalars(select(Account).where(Account.organization_id == organization_id).order_by(Account.username))
        )


def delete_account(database: Database, organization_id: int, account_id: int) -> None:
    with database.write() as session:
        account = session.get(Account, account_id)
        if account is not None and account.organization_id == organization_id:
            session.delete(account)
