"""The rates app's settings, read in one place with their defaults."""

from decimal import Decimal

from django.conf import settings

DEFAULT_LOOKBACK_PUBLICATION_DAYS = 5
DEFAULT_MAX_DAILY_MOVE = "0.30"


def lookback_publication_days() -> int:
    """How many BAM publication days back a missing rate may be carried forward from."""
    return int(
        getattr(settings, "RATES_LOOKBACK_PUBLICATION_DAYS", DEFAULT_LOOKBACK_PUBLICATION_DAYS)
    )


def max_daily_move() -> Decimal:
    """The largest plausible move of one rate between publications (a fraction)."""
    return Decimal(str(getattr(settings, "RATES_MAX_DAILY_MOVE", DEFAULT_MAX_DAILY_MOVE)))


def estimates_allowed() -> bool:
    """Whether a labelled estimate may stand in when no rate is within the look-back."""
    return bool(getattr(settings, "RATES_ALLOW_ESTIMATES", False))
