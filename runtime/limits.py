"""The pages' request budgets, per process (see services/common/ratelimit.py)."""

from __future__ import annotations

import threading

import streamlit as st

from services.admin.sign_in import Throttle
from services.common.ratelimit import RateLimiter

_wrong_codes: dict[int, RateLimiter] = {}
_sign_ins: dict[tuple[int, int], Throttle] = {}
_lock = threading.Lock()


def wrong_codes(count: int) -> RateLimiter:
    """Wrong workshop codes per address: one budget for all sessions of this process."""
    with _lock:
        if count not in _wrong_codes:
            _wrong_codes[count] = RateLimiter(count)
        return _wrong_codes[count]


def sign_in_failures(per_user: int, per_address: int) -> Throttle:
    """Failed staff sign-ins per username and per address: one budget for all sessions of this process."""
    with _lock:
        if (per_user, per_address) not in _sign_ins:
            _sign_ins[per_user, per_address] = Throttle(per_user, per_address)
        return _sign_ins[per_user, per_address]


def address() -> str:
    """The browser's address (uvicorn's, after any trusted proxy's X-Forwarded-For)."""
    ip = st.context.ip_address
    # None without a connection (and not a string at all under AppTest): one shared key.
    return ip if isinstance(ip, str) and ip else "?"


def reset() -> None:
    """Start afresh; for tests."""
    with _lock:
        _wrong_codes.clear()
        _sign_ins.clear()
