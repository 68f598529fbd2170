"""Hashing for cache keys and checksums: SHA-256 in hex."""

from __future__ import annotations

import hashlib


def sha(*parts: str | bytes) -> str:
    """SHA-256 of several parts, each ended by a NUL (so ("ab", "c") and ("a", "bc") differ)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def digest(data: bytes) -> str:
    """SHA-256 of bytes, in hex."""
    return hashlib.sha256(data).hexdigest()
