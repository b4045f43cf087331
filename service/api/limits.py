"""Limits one client cannot push the service past: the shape of a JSON body, and requests per key per minute.

The rate limit is a token bucket per API key, kept in the process: nothing to
install, nothing to ask per request. With gunicorn each worker process keeps
its own buckets, so a key can make up to SERVER_WORKERS times the setting;
divide the setting by the number of workers when the total matters.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any, Callable

from flask import Flask, current_app

from service.api.errors import ApiError
from service.findings import Finding, pointer
from service.vietnamese.figures import format_int


class RateLimiter:
    """`rate_per_minute` requests per minute per key on average, `burst` of them at once."""

    def __init__(self, rate_per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate, self.burst, self.clock = rate_per_minute / 60.0, burst, clock
        self._buckets: dict[Any, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: Any) -> float:
        """0 if `client` may go on now, else the seconds until it may."""
        with self._lock:
            now = self.clock()
            tokens, then = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - then) * self.rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate


def limiter(app: Flask) -> RateLimiter | None:
    """The app's limiter, made on first use from RATE_LIMIT_PER_MINUTE (0: no limit) and RATE_LIMIT_BURST."""
    if not app.config["RATE_LIMIT_PER_MINUTE"]:
        return None
    made = app.extensions.get("api.rate_limiter")
    if made is None:
        made = app.extensions.setdefault(
            "api.rate_limiter", RateLimiter(float(app.config["RATE_LIMIT_PER_MINUTE"]), int(app.config["RATE_LIMIT_BURST"]))
        )
    return made


def check_rate(client: Any) -> None:
    """429 with Retry-After when `client` has used up its requests."""
    active = limiter(current_app)
    wait = active.take(client) if active is not None else 0.0
    if wait:
        seconds = math.ceil(wait)
        raise ApiError(
            429,
            "rate_limited",
            "Too Many Requests",
            f"Khóa API này đã gửi quá nhiều yêu cầu; hãy thử lại sau {format_int(seconds)} giây.",
            headers={"Retry-After": str(seconds)},
        )


def check_json(data: Any) -> None:
    """400 when the JSON nests deeper than MAX_JSON_DEPTH; 413 naming every array, object or string that
    holds more than MAX_JSON_ITEMS items or MAX_JSON_STRING_LENGTH characters."""
    config = current_app.config
    if _depth(data) > config["MAX_JSON_DEPTH"]:
        raise ApiError(400, "json_too_deep", "Bad Request", "Dữ liệu JSON lồng nhau quá nhiều cấp.")
    findings = list(_oversized(data, (), config["MAX_JSON_ITEMS"], config["MAX_JSON_STRING_LENGTH"]))
    if findings:
        raise ApiError(
            413,
            "json_limits_exceeded",
            "Payload Too Large",
            "Dữ liệu có trường vượt giới hạn kích thước; xem danh sách lỗi theo từng trường.",
            findings,
        )


def _depth(value: Any) -> int:
    depth, level = 0, [value]
    while level:
        depth += 1
        level = [
            child
            for item in level
            if isinstance(item, (dict, list))
            for child in (item.values() if isinstance(item, dict) else item)
        ]
    return depth


def _oversized(value: Any, path: tuple, max_items: int, max_length: int):
    """Findings for every value over a limit; the depth check before bounds the recursion."""
    where = f"Trường “{pointer(*path) or '/'}”"
    if isinstance(value, str) and len(value) > max_length:
        yield Finding(
            pointer(*path),
            "string_too_long",
            f"{where}: dài {format_int(len(value))} ký tự, quá giới hạn {format_int(max_length)} ký tự.",
        )
    if isinstance(value, (list, dict)) and len(value) > max_items:
        yield Finding(
            pointer(*path),
            "too_many_items",
            f"{where}: có {format_int(len(value))} mục, quá giới hạn {format_int(max_items)} mục.",
        )
    if isinstance(value, dict):
        for key, child in value.items():
            if len(key) > max_length:
                yield Finding(
                    pointer(*path), "key_too_long", f"{where}: có tên trường dài quá {format_int(max_length)} ký tự."
                )
            yield from _oversized(child, path + (key,), max_items, max_length)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _oversized(child, path + (index,), max_items, max_length)
