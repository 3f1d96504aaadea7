"""A pack's frozen inputs: the measures' frames as read at the cut-off, written as a zip of
sorted CSV files (the same frames give the same bytes), read back with the same types.

They are the facts and verdicts the pack's figures were computed from, one row per declaration,
allowance and decided case: enough to rebuild every file of the pack whatever changed later, and
to say what changed since. They stay on the server (they hold participant ids): a downloaded pack
carries only their hash.
"""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd

from backend.evidence.compute import Frames
from backend.evidence.exports.workbook import ZIP_EPOCH
from backend.evidence.reviews import COLUMNS as REVIEW_COLUMNS

DECLARATIONS = (
    "declaration_id",
    "participant_id",
    "value_date",
    "category",
    "channel",
    "country",
    "amount_minor",
    "in_force",
    "proposed",
    "in_force_law",
    # Inputs frozen before the rate method was recorded lack it, and are read back without it:
    # their pack rebuilds as it was built, without the count of conversions per method.
    "rate_method",
)
PARTICIPANTS = ("participant_id", "cluster", "sector", "region", "labelled")
USAGE = ("participant_id", "kind", "rule_id", "limit_minor", "used_minor")
REVIEWS = tuple(REVIEW_COLUMNS)
TABLES = {
    "declarations.csv": DECLARATIONS,
    "participants.csv": PARTICIPANTS,
    "usage.csv": USAGE,
    "reviews.csv": REVIEWS,
}
INTEGERS = {"amount_minor", "in_force_law", "limit_minor", "used_minor"}
INTEGERS |= {"days_to_decision", "documents_requested"}
MISSING = ""  # a missing verdict or country is written as an empty field


def _text(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    out = pd.DataFrame(index=range(len(frame)))
    for column in columns:
        values = frame[column] if column in frame else pd.Series([MISSING] * len(frame))
        if column == "value_date":
            out[column] = pd.to_datetime(values.reset_index(drop=True)).dt.strftime("%Y-%m-%d")
        elif column in INTEGERS:
            out[column] = values.reset_index(drop=True).fillna(0).astype(np.int64).astype(str)
        elif column == "labelled":
            out[column] = np.where(values.reset_index(drop=True).astype(bool), "true", "false")
        else:
            text = values.reset_index(drop=True).astype(object)
            out[column] = text.where(text.notna(), MISSING).astype(str)
    return out.sort_values(list(columns), kind="stable", ignore_index=True)


def frames_bytes(frames: Frames) -> bytes:
    """The frames as a deterministic zip of CSV files."""
    parts = {
        "declarations.csv": frames.declarations,
        "participants.csv": frames.participants,
        "usage.csv": frames.usage if frames.usage is not None else pd.DataFrame(),
        "reviews.csv": frames.reviews,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, columns in TABLES.items():
            text = _text(parts[name], columns).to_csv(index=False, lineterminator="\n")
            entry = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, text.encode("utf-8"))
    return buffer.getvalue()


def _read(archive: zipfile.ZipFile, name: str) -> pd.DataFrame:
    frame = pd.read_csv(
        io.BytesIO(archive.read(name)), dtype=str, keep_default_na=False, na_filter=False
    )
    for column in frame.columns:
        if column in INTEGERS:
            frame[column] = frame[column].astype(np.int64)
    return frame


def frames_from_bytes(data: bytes) -> Frames:
    """The frames written by `frames_bytes`, with the types the measures take."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    declarations = _read(archive, "declarations.csv")
    declarations["value_date"] = pd.to_datetime(declarations["value_date"])
    for column in ("in_force", "proposed", "country"):
        declarations[column] = declarations[column].replace(MISSING, None)
    declarations["in_force_law"] = declarations["in_force_law"].astype(np.int8)
    participants = _read(archive, "participants.csv")
    participants["labelled"] = participants["labelled"] == "true"
    participants["name"] = ""
    return Frames(
        declarations=declarations,
        participants=participants,
        usage=_read(archive, "usage.csv"),
        reviews=_read(archive, "reviews.csv"),
    )
