"""Disclosure parameters: the settings default, raised (never lowered) by an admin's policy."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from backend.evidence.disclosure import DisclosureParams

DEFAULT_MIN_PARTICIPANTS = 5
# Below three participants a cell, or two cells and a total, identify a startup outright.
MIN_PARTICIPANTS_FLOOR = 3
DEFAULT_ROUNDING_MAD = 1000


def configured_min_participants() -> int:
    """`EVIDENCE_MIN_PARTICIPANTS` from settings, refused below the floor."""
    value = int(getattr(settings, "EVIDENCE_MIN_PARTICIPANTS", DEFAULT_MIN_PARTICIPANTS))
    if value < MIN_PARTICIPANTS_FLOOR:
        raise ImproperlyConfigured(
            f"EVIDENCE_MIN_PARTICIPANTS must be at least {MIN_PARTICIPANTS_FLOOR} (got {value})"
        )
    return value


def configured_rounding_mad() -> int:
    """`EVIDENCE_ROUNDING_MAD` from settings: MAD volumes are rounded to this unit (>= 1)."""
    value = int(getattr(settings, "EVIDENCE_ROUNDING_MAD", DEFAULT_ROUNDING_MAD))
    if value < 1:
        raise ImproperlyConfigured(f"EVIDENCE_ROUNDING_MAD must be at least 1 (got {value})")
    return value


def stale_allowance() -> timedelta | None:
    """`EVIDENCE_STALE_SECONDS` from settings: how long after their computation out-of-date
    stored figures may still answer a dashboard request (None: never)."""
    value = int(getattr(settings, "EVIDENCE_STALE_SECONDS", 0))
    if value < 0:
        raise ImproperlyConfigured(f"EVIDENCE_STALE_SECONDS must be at least 0 (got {value})")
    return timedelta(seconds=value) if value else None


def disclosure_params() -> DisclosureParams:
    """The parameters in effect: the admin policy may only raise the configured threshold."""
    from backend.evidence.models import DisclosurePolicy

    k = configured_min_participants()
    policy = DisclosurePolicy.objects.order_by("-updated_at").first()
    if policy is not None:
        k = max(k, policy.min_participants)
    return DisclosureParams(min_participants=k, rounding_mad=configured_rounding_mad())
