"""API keys: each belongs to one organization and acts on it and the levels below it, to read or to write.

A key is a random token shown once when it is created; the table keeps only its
SHA-256 and a short prefix to recognise it in listings. A plain SHA-256 is
enough because the token carries 256 random bits: nobody can search that space
from a leaked hash, so a deliberately slow password hash (scrypt, bcrypt) would
only add its cost to every request. The lookup is by hash, so comparing the
token itself never leaks timing.

The table is created by the store's migration 0003 and, like the web accounts,
has its own metadata so that the JSON Lines export (a backup of documents and
rosters) carries no credentials: after moving to another database, create new
keys. A key disappears with its organization (ON DELETE CASCADE).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import DateTime, Integer, MetaData, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from service.store.db import Database
from service.store.errors import NotFound
from service.store.models import Organization, utcnow
from service.store.organizations import descendants

Scope = Literal["read", "write"]
SCOPES: tuple[Scope, ...] = ("read", "write")
TOKEN_PREFIX = "pdk_"
# "pdk_" and 8 random characters: enough to tell keys apart in a listing, far too few to guess the rest.
SHOWN_CHARACTERS = 12
# The longest Authorization value worth hashing; tokens are 47 characters.
MAX_TOKEN_LENGTH = 200
# "Last used" is recorded at most this often per key: a write on every request would queue
# every reader behind SQLite's single writer.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


class _Base(DeclarativeBase):
    metadata = MetaData()


class ApiKey(_Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(Integer, index=True)
    prefix: Mapped[str] = mapped_column(String(20))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(10))
    name: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    def as_dict(self) -> dict:
        """What a listing shows: never the hash."""
        return {
            "id": self.id,
            "organization_id": self.organization_id,
            "prefix": self.prefix,
            "scope": self.scope,
            "name": self.name,
            "created_at": _iso(self.created_at),
            "revoked_at": _iso(self.revoked_at),
            "last_used_at": _iso(self.last_used_at),
        }


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


@dataclass(frozen=True)
class Created:
    key: dict
    token: str  # shown once; only its hash is kept


@dataclass(frozen=True)
class Caller:
    """A verified key: who is asking, and which organizations it may act on."""

    key_id: int
    prefix: str
    organization_id: int
    scope: Scope
    organizations: frozenset[int]  # the key's organization and every level below it

    @property
    def can_write(self) -> bool:
        return self.scope == "write"


class KeyRejected(Exception):
    """The token names no usable key; `code` is stable English, `message` Vietnamese."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_key(database: Database, organization_id: int, scope: Scope = "write", name: str | None = None) -> Created:
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, got {scope!r}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with database.write() as session:
        if session.get(Organization, organization_id) is None:
            raise NotFound("organization_not_found", f"Không tìm thấy tổ chức đảng mã số {organization_id}.")
        key = ApiKey(
            organization_id=organization_id,
            prefix=token[:SHOWN_CHARACTERS],
            token_sha256=_digest(token),
            scope=scope,
            name=name,
        )
        session.add(key)
        session.flush()
        return Created(key.as_dict(), token)


def list_keys(database: Database, organization_id: int | None = None) -> list[dict]:
    query = select(ApiKey).order_by(ApiKey.id)
    if organization_id is not None:
        query = query.where(ApiKey.organization_id == organization_id)
    with database.read() as session:
        return [key.as_dict() for key in session.scalars(query)]


def revoke_key(database: Database, key_id: int) -> dict:
    """Revoking is final; a revoked key stays listed with the time it stopped working."""
    with database.write() as session:
        key = session.get(ApiKey, key_id)
        if key is None:
            raise NotFound("api_key_not_found", f"Không tìm thấy khóa API mã số {key_id}.")
        if key.revoked_at is None:
            key.revoked_at = utcnow()
        return key.as_dict()


def authenticate(database: Database, token: str) -> Caller:
    """The caller a bearer token stands for, or KeyRejected."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > MAX_TOKEN_LENGTH:
        raise KeyRejected("invalid_api_key", "Khóa API không hợp lệ.")
    with database.read() as session:
        key = session.scalars(select(ApiKey).where(ApiKey.token_sha256 == _digest(token))).one_or_none()
        if key is None:
            raise KeyRejected("invalid_api_key", "Khóa API không hợp lệ.")
        if key.revoked_at is not None:
            raise KeyRejected("api_key_revoked", f"Khóa API {key.prefix}… đã bị thu hồi.")
        caller = Caller(
            key.id, key.prefix, key.organization_id, key.scope, frozenset(descendants(session, key.organization_id))
        )
        stale = key.last_used_at is None or utcnow() - key.last_used_at >= LAST_USED_PRECISION
    if stale:
        with database.write() as session:
            key = session.get(ApiKey, caller.key_id)
            if key is not None:
                key.last_used_at = utcnow()
    return caller
