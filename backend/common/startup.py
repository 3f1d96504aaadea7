"""What a server process does once, before its first request."""

import gc
from collections.abc import Callable

from django.urls import get_resolver


def server_ready(warm: Callable[[], object] | None = None) -> None:
    """Import every view (through the URLconf), run `warm` (what the first requests would
    otherwise load: the caller names it, this room being below the others), and take what the
    process holds from then on out of the cyclic garbage collector's sight.

    A web process keeps its modules, classes and settings for its whole life; left in the
    collector's oldest generation, each full collection walks all of them and stalls the
    request it happens in for a tenth of a second or more. Frozen, a collection only walks what
    requests created since.
    """
    get_resolver().url_patterns  # noqa: B018 (the property imports the views)
    if warm is not None:
        warm()
    gc.collect()
    gc.freeze()
