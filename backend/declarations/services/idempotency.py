"""Idempotency keys: a retried create returns the stored answer instead of creating twice."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from backend.accounts.models import Organisation
from backend.common.domain_errors import InvalidInput, Unprocessable
from backend.declarations.models import Declaration, IdempotencyKey

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAY_HEADER = "Idempotent-Replayed"
KEY_MAX_LENGTH = 255


@dataclass(frozen=True)
class StoredResponse:
    """The answer to give: fresh, or replayed from the first request with the same key."""

    status: int
    body: dict[str, Any]
    replayed: bool


def _canonical(value: Any) -> Any:
    if isinstance(value, Decimal):
        # A JSON number with a fraction is not the same request as the same digits in a string.
        return {"$number": str(value)}
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def idempotency_request_hash(*, method: str, path: str, body: Any) -> str:
    """A fingerprint of the request: same method, path and JSON body (key order ignored)."""
    canonical = json.dumps(
        {"method": method, "path": path, "body": _canonical(body)},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotency_key_check(key: str) -> str:
    """The key itself; refused when it is empty, too long or not visible ASCII."""
    if not 1 <= len(key) <= KEY_MAX_LENGTH or not all(33 <= ord(c) <= 126 for c in key):
        raise InvalidInput(
            code="invalid_idempotency_key",
            detail=(
                f"The {IDEMPOTENCY_HEADER} header must be 1 to {KEY_MAX_LENGTH} visible ASCII "
                "characters (a UUID is a good choice)."
            ),
        )
    return key


def _replay(stored: IdempotencyKey, request_hash: str) -> StoredResponse:
    if stored.request_hash != request_hash:
        raise Unprocessable(
            code="idempotency_key_reused",
            detail=(
                f"This {IDEMPOTENCY_HEADER} was already used with a different request; "
                "use a new key for a new declaration."
            ),
        )
    return StoredResponse(status=stored.response_status, body=stored.response_body, replayed=True)


def idempotent_create(
    *,
    organisation: Organisation,
    key: str,
    request_hash: str,
    perform: Callable[[], tuple[int, dict[str, Any], Declaration]],
) -> StoredResponse:
    """Run `perform` once per (organisation, key); later calls get the stored response.

    The key row is inserted first, in the same transaction as the declaration: a concurrent
    request with the same key waits on the unique constraint, fails, and replays the winner's
    answer. Errors are not stored, so a corrected retry with the same key is accepted.
    """
    stored = IdempotencyKey.objects.filter(organisation=organisation, key=key).first()
    if stored is not None:
        return _replay(stored, request_hash)
    try:
        with transaction.atomic():
            row = IdempotencyKey.objects.create(
                organisation=organisation,
                key=key,
                request_hash=request_hash,
                response_status=0,
                response_body={},
            )
            status, body, declaration = perform()
            row.response_status = status
            row.response_body = body
            row.declaration = declaration
            row.save(update_fields=["response_status", "response_body", "declaration"])
    except IntegrityError:
        stored = IdempotencyKey.objects.filter(organisation=organisation, key=key).first()
        if stored is None:
            raise
        return _replay(stored, request_hash)
    return StoredResponse(status=status, body=body, replayed=False)
