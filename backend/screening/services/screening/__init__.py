"""Live and batch screening: every version that screens a declaration, one engine, upserts.

A screening covers whole participants from the start of an affected calendar year onward: a
back-dated, amended or withdrawn declaration changes the running totals of every later one.
Results are compared with what is stored, and only what changed is written, so a re-run of the
same inputs creates nothing new.

The package is split by what changes together: `plan` (facts and every version's results),
`coverage` (coverage runs and the compliant verdicts they imply), `diff` (new against stored),
`writes` (set-based writes), `records` (verdict changes, screened status, audit), `inputs`
(participants whose inputs are unchanged since their last screening, left as stored) and
`entry` (the entry points). Its public names are re-exported here.
"""

from backend.screening.services.screening.coverage import COVERAGE_KEY, coverage_runs
from backend.screening.services.screening.diff import Diff, evaluations_diff
from backend.screening.services.screening.entry import (
    affected_windows,
    screening_after_facts_change,
    screening_after_processing,
    screening_departed_declarations,
    screening_screen,
)
from backend.screening.services.screening.plan import (
    EVAL_COLUMNS,
    EVALUATION_BATCH,
    Plan,
    ScreeningSummary,
    screening_plan,
    year_start,
)
from backend.screening.services.screening.records import AUDIT_LIST_LIMIT, SYSTEM_ACTOR

__all__ = [
    "AUDIT_LIST_LIMIT",
    "COVERAGE_KEY",
    "EVALUATION_BATCH",
    "EVAL_COLUMNS",
    "SYSTEM_ACTOR",
    "Diff",
    "Plan",
    "ScreeningSummary",
    "affected_windows",
    "coverage_runs",
    "evaluations_diff",
    "screening_after_facts_change",
    "screening_after_processing",
    "screening_departed_declarations",
    "screening_plan",
    "screening_screen",
    "year_start",
]
