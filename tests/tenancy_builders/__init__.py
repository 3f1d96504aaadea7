"""One module per app registering how to build its owned objects (see tests/tenancy.py)."""

import importlib
import pkgutil


def load_all() -> None:
    """Import every builder module so their registrations run."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
