"""What a web process loads once before its first request, rather than in the first request
that needs it (see `backend.common.startup.server_ready`)."""

import logging
from datetime import date

import pandas as pd
from django.db import DatabaseError, connection
from django.utils import timezone

from backend.common.queue import producer
from backend.rulebooks.models import RulebookVersion, VersionStatus
from backend.screening.facts import publication_lag
from backend.screening.versions import parsed

logger = logging.getLogger(__name__)


def warm_calendars() -> None:
    """The publication calendars of this year and the last: the `holidays` package imports a
    country's calendar on its first use (about a second), and every year's facts read them."""
    this_year = timezone.localdate().year
    publication_lag(pd.Series([date(this_year - 1, 1, 1)]), pd.Series([date(this_year, 12, 31)]))


def warm() -> None:
    """The publication calendars of this year and the last (the `holidays` package imports a
    country's calendar on its first use; every year's facts read them), the published rulebook
    versions parsed (schema-checked once per process: a headroom or screening reads them), and
    the task producer with the modules Celery imports on its first send (no message is sent)."""
    warm_calendars()
    try:
        published = RulebookVersion.objects.filter(status=VersionStatus.PUBLISHED)
        for content_hash, document in published.values_list("content_hash", "document"):
            parsed(content_hash, document)
    except DatabaseError:
        # Not ready yet (a first start before migrating): the first request parses them.
        logger.warning("rulebook versions not parsed before the first request", exc_info=True)
    finally:
        # This thread serves no request: its connection would only idle (inside a transaction
        # the caller owns the connection).
        if not connection.in_atomic_block:
            connection.close()
    app = producer()
    for attribute in ("loader", "amqp", "backend", "events", "conf"):
        getattr(app, attribute)
    app.amqp.router  # noqa: B018 (a lazy property: building it imports the routing modules)
    app.producer_pool  # noqa: B018 (imports the broker's transport; connects only when used)
