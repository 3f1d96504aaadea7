"""Readying a server process: views imported, long-lived objects out of the collector's sight."""

import gc
import sys

import pytest

from backend.common.startup import server_ready


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_server_ready_imports_the_views_and_freezes_what_the_process_holds(unfrozen):
    gc.unfreeze()
    assert gc.get_freeze_count() == 0

    server_ready()

    # The URLconf's views are imported, and everything alive then is frozen.
    assert "backend.declarations.apis" in sys.modules
    assert gc.get_freeze_count() > 10_000


def test_server_ready_warms_before_freezing(unfrozen):
    gc.unfreeze()
    frozen_when_warmed = []

    server_ready(lambda: frozen_when_warmed.append(gc.get_freeze_count()))

    # The warm-up ran once, before the freeze, so what it loaded is frozen with the rest.
    assert frozen_when_warmed == [0]
    assert gc.get_freeze_count() > 10_000
