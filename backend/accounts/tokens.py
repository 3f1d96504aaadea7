"""Token material: generation and hashing (the raw token is never stored)."""

import hashlib
import secrets

TOKEN_PREFIX = "fxs_"  # noqa: S105 (marks a string as one of our tokens)
TOKEN_BYTES = 32  # 256 bits of entropy
VISIBLE_PREFIX_LENGTH = 12


def token_generate() -> str:
    """A new raw bearer token."""
    return TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(raw: str) -> str:
    """The stored form of a token: its SHA-256 (tokens have full entropy, so no salt is needed)."""
    return hashlib.sha256(raw.encode()).hexdigest()
