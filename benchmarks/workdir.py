"""A benchmark's throwaway data directory, and Django set up on it.

Call `django_in_workdir` before importing anything that touches a model. The directory holds
the SQLite database (unless DATABASE_URL names another one) and the filesystem broker; the
benchmark removes it when done.
"""

import os
import tempfile
from pathlib import Path

import django


def django_in_workdir(prefix: str, *, sqlite_only: bool = False) -> Path:
    """A new temporary directory as FXS_DATA_DIR, with Django set up; its path.

    `sqlite_only`: a SQLite database in the directory even when DATABASE_URL is set."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["FXS_DATA_DIR"] = str(workdir)
    sqlite = f"sqlite:///{workdir / 'bench.sqlite3'}"
    if sqlite_only:
        os.environ["DATABASE_URL"] = sqlite
    else:
        os.environ.setdefault("DATABASE_URL", sqlite)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    django.setup()
    return workdir
