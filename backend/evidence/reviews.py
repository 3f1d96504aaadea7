"""Review outcomes and friction from decided cases (read-only on the reviews app's tables)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from backend.evidence.frames import holds
from backend.reviews.models import Case, CaseRequest, RequestKind

COLUMNS = [
    "participant_id",
    "category",
    "channel",
    "country",
    "outcome",
    "days_to_decision",
    "documents_requested",
]
SECONDS_PER_DAY = 86_400


def reviews_frame(scope: Any) -> pd.DataFrame:
    """participant_id, the declaration's category, channel and country, outcome,
    days_to_decision (declared → decided, whole days) and documents requested, per decided case
    on the declarations in `scope` (two queries)."""
    cases = Case.objects.filter(holds(scope), decided_at__isnull=False).exclude(outcome="")
    fields = ["id", "participant_id", "declaration__category", "declaration__channel"]
    fields += ["declaration__counterparty_country", "outcome", "declaration__created_at"]
    rows = list(cases.values_list(*fields, "decided_at"))
    frame = pd.DataFrame.from_records(
        rows,
        columns=[
            "case_id",
            "participant_id",
            "category",
            "channel",
            "country",
            "outcome",
            "declared_at",
            "decided_at",
        ],
    )
    requested = pd.Series(
        [
            c
            for (c,) in CaseRequest.objects.filter(
                case__in=cases, kind=RequestKind.DOCUMENTS
            ).values_list("case_id")
        ],
        dtype=object,
    ).value_counts()
    seconds = (
        pd.to_datetime(frame["decided_at"], utc=True)
        - pd.to_datetime(frame["declared_at"], utc=True)
    ).dt.total_seconds()
    out = pd.DataFrame(
        {
            "participant_id": frame["participant_id"].astype(str),
            "category": frame["category"].astype(str),
            "channel": frame["channel"].astype(str),
            "country": frame["country"].astype(str),
            "outcome": frame["outcome"].astype(str),
            "days_to_decision": (seconds // SECONDS_PER_DAY).fillna(0).astype(np.int64),
            "documents_requested": frame["case_id"].map(requested).fillna(0).astype(np.int64),
        }
    )
    return out[COLUMNS]
