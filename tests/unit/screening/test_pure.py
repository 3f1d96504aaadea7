"""Pure parts of screening: facts hashing, affected windows, the stored-vs-new diff, CSV cells
and typed column reads. No database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from backend.screening.columns import (
    bools,
    dates,
    ints,
    key_pairs,
    optional_dates,
    optional_decimals,
    optional_ints,
    string_lists,
    texts,
    texts_or_empty,
)
from backend.screening.facts import (
    DECLARATION_FIELDS,
    _assemble,
    _declaration_columns,
    _traits_from_json,
    facts_hashes,
)
from backend.screening.services.analysis.exports import _csv, _safe
from backend.screening.services.screening import (
    EVAL_COLUMNS,
    affected_windows,
    coverage_runs,
    evaluations_diff,
    year_start,
)

P1 = "00000000-0000-0000-0000-000000000001"
P2 = "00000000-0000-0000-0000-000000000002"


def _row(pk: str, participant: str, day: date, amount: str, **extra: Any) -> tuple[Any, ...]:
    values: dict[str, Any] = dict.fromkeys(DECLARATION_FIELDS)
    values.update(
        {
            "id": pk,
            "organisation_id": participant,
            "reference": f"REF-{pk}",
            "value_date": day,
            "created_text": "2026-01-02 09:00:00+00",
            "direction": "outgoing",
            "category": "services",
            "channel": "bank_transfer",
            "counterparty_country": "FR",
            "counterparty_name": "ACME, Inc.",
            "conversion__id": f"c-{pk}",
            "amount_minor": int(Decimal(amount) * 100),
            "conversion__rate_date": day,
            "conversion__method": "official",
        }
    )
    values.update(extra)
    return tuple(values[f] for f in DECLARATION_FIELDS)


def _frame(rows: list[tuple[Any, ...]], documents: dict[str, tuple[str, ...]] | None = None):
    traits = pd.DataFrame([_traits_from_json(P1, {}), _traits_from_json(P2, {})])
    decls = _declaration_columns(pd.DataFrame.from_records(rows, columns=list(DECLARATION_FIELDS)))
    return _assemble(decls, traits, documents or {})


ROWS = [
    _row("d1", P1, date(2026, 3, 2), "1000.00"),
    _row("d2", P1, date(2026, 3, 3), "2500.50"),
    _row("d3", P2, date(2026, 4, 1), "700.00"),
]


class TestFactsHashes:
    def test_one_hash_per_participant_and_stable(self):
        first = facts_hashes(_frame(ROWS))
        second = facts_hashes(_frame(list(ROWS)))
        assert sorted(first) == [P1, P2]
        assert all(len(h) == 64 for h in first.values())
        assert first == second
        assert first[P1] != first[P2]

    def test_input_order_does_not_matter(self):
        assert facts_hashes(_frame(list(reversed(ROWS)))) == facts_hashes(_frame(ROWS))

    def test_amount_change_changes_only_that_participant(self):
        before = facts_hashes(_frame(ROWS))
        changed = [ROWS[0], _row("d2", P1, date(2026, 3, 3), "2500.51"), ROWS[2]]
        after = facts_hashes(_frame(changed))
        assert after[P1] != before[P1]
        assert after[P2] == before[P2]

    def test_document_and_rate_state_count(self):
        before = facts_hashes(_frame(ROWS))
        with_doc = facts_hashes(_frame(ROWS, {"d3": ("invoice",)}))
        assert with_doc[P2] != before[P2]
        assert with_doc[P1] == before[P1]
        pending = [ROWS[0], ROWS[1], _row("d3", P2, date(2026, 4, 1), "0", **_no_rate())]
        assert facts_hashes(_frame(pending))[P2] != before[P2]

    def test_empty_frame(self):
        assert facts_hashes(pd.DataFrame(columns=["participant_id"])) == {}


def _no_rate() -> dict[str, Any]:
    return {
        "conversion__id": None,
        "amount_minor": None,
        "conversion__rate_date": None,
        "conversion__method": None,
    }


class TestWindows:
    def test_year_start(self):
        assert year_start(date(2026, 12, 31)) == date(2026, 1, 1)
        assert year_start(date(2027, 1, 1)) == date(2027, 1, 1)

    def test_earliest_year_per_participant_including_superseded_dates(self):
        rows = [
            (P1, date(2026, 5, 1), None),
            (P1, date(2026, 2, 1), None),
            # An amendment moved the value date from 2025 into 2026: both years are affected.
            (P2, date(2026, 1, 10), date(2025, 12, 31)),
            ("p3", date(2027, 1, 1), None),
        ]
        assert affected_windows(rows) == {
            date(2026, 1, 1): [P1],
            date(2025, 1, 1): [P2],
            date(2027, 1, 1): ["p3"],
        }

    def test_nothing_affected(self):
        assert affected_windows([]) == {}


def _new(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "declaration_id": d,
                "participant_id": P1,
                "version_id": v,
                "value_date": pd.Timestamp("2026-03-01"),
                "verdict": verdict,
                "governing": True,
                "flag_raising": True,
                "findings_hash": h,
            }
            for d, v, verdict, h in rows
        ],
        columns=list(EVAL_COLUMNS),
    )


def _old(rows: list[tuple[int, str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["pk", "declaration_id", "version_id", "old_verdict", "old_hash"]
    )


def _stale(rows: list[tuple[int, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["pk", "declaration_id", "version_id", "old_verdict"])


class TestEvaluationsDiff:
    def test_unchanged_changed_new_reactivated_and_departed(self):
        new = _new(
            [
                ("d1", "v1", "compliant", "h0"),  # as stored
                ("d2", "v1", "breach", "h2"),  # verdict changed
                ("d3", "v1", "compliant", "h0"),  # never stored
                ("d5", "v1", "warning", "h5"),  # stored non-current, screened again
                ("d6", "v1", "warning", "h6b"),  # same verdict, findings changed
            ]
        )
        old = _old(
            [
                (1, "d1", "v1", "compliant", "h0"),
                (2, "d2", "v1", "compliant", "h0"),
                (4, "d4", "v1", "breach", "h4"),  # no longer screened
                (6, "d6", "v1", "warning", "h6a"),
            ]
        )
        stale = _stale([(9, "d5", "v1", "warning")])
        diff = evaluations_diff(new=new, old=old, stale=stale)
        assert list(diff.insert["declaration_id"]) == ["d2", "d3", "d5", "d6"]
        assert diff.replace_pks == [2, 6, 9]
        assert diff.changes.to_dict("records") == [
            {
                "declaration_id": "d2",
                "participant_id": P1,
                "version_id": "v1",
                "before": "compliant",
                "after": "breach",
                "reason": "re-screening",
            }
        ]
        assert diff.departed.to_dict("records") == [
            {
                "pk": 4,
                "declaration_id": "d4",
                "version_id": "v1",
                "old_verdict": "breach",
                "old_hash": "h4",
            }
        ]

    def test_same_inputs_twice_write_nothing(self):
        new = _new([("d1", "v1", "compliant", "h0"), ("d1", "v2", "breach", "h1")])
        old = _old([(1, "d1", "v1", "compliant", "h0"), (2, "d1", "v2", "breach", "h1")])
        diff = evaluations_diff(new=new, old=old, stale=_stale([]))
        assert diff.insert.empty
        assert diff.replace_pks == []
        assert diff.changes.empty
        assert diff.departed.empty

    def test_versions_are_separate_keys(self):
        new = _new([("d1", "v2", "breach", "h1")])
        old = _old([(1, "d1", "v1", "compliant", "h0")])
        diff = evaluations_diff(new=new, old=old, stale=_stale([]))
        assert list(diff.insert["version_id"]) == ["v2"]
        assert diff.replace_pks == []
        assert diff.changes.empty
        assert list(diff.departed["pk"]) == [1]


def _screened(rows: list[tuple[str, str, str, bool]]) -> pd.DataFrame:
    """Plan evaluations (participant, version, value date, governing), all compliant."""
    return pd.DataFrame(
        [
            {
                "declaration_id": f"d{n}",
                "participant_id": p,
                "version_id": v,
                "value_date": pd.Timestamp(day),
                "verdict": "compliant",
                "governing": governing,
                "flag_raising": True,
                "findings_hash": "h0",
            }
            for n, (p, v, day, governing) in enumerate(rows)
        ],
        columns=list(EVAL_COLUMNS),
    )


class TestCoverageRuns:
    def test_one_run_per_participant_version_governing_flag_and_year(self):
        runs = coverage_runs(
            _screened(
                [
                    (P1, "v1", "2026-03-01", True),
                    (P1, "v1", "2026-06-01", True),
                    # the cohort's window starts: the rules in force stop governing
                    (P1, "v1", "2026-07-01", False),
                    (P1, "v1", "2026-12-31", False),
                    # a new year is a new period: a new run
                    (P1, "v1", "2027-01-01", False),
                    (P2, "v1", "2026-03-01", True),
                    (P1, "v2", "2026-07-01", True),
                    (P1, "v2", "2026-12-31", True),
                ]
            )
        )
        assert [
            (p, v, str(f), str(t), g, n)
            for p, v, f, t, g, n in runs.itertuples(index=False, name=None)
        ] == [
            (P1, "v1", "2026-03-01", "2026-06-01", True, 2),
            (P1, "v1", "2026-07-01", "2026-12-31", False, 2),
            (P1, "v1", "2027-01-01", "2027-01-01", False, 1),
            (P2, "v1", "2026-03-01", "2026-03-01", True, 1),
            (P1, "v2", "2026-07-01", "2026-12-31", True, 2),
        ]

    def test_nothing_screened_no_run(self):
        assert coverage_runs(_screened([])).empty


class TestCsvCells:
    def test_formula_prefixes_are_quoted(self):
        assert [_safe(v) for v in ["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\rx"]] == [
            "'=1+1",
            "'+33",
            "'-2",
            "'@SUM(A1)",
            "'\tx",
            "'\rx",
        ]

    def test_plain_values_are_left_alone(self):
        assert [_safe(v) for v in ["ACME", "", "a=b", -2, Decimal("-1.50"), None]] == [
            "ACME",
            "",
            "a=b",
            -2,
            Decimal("-1.50"),
            None,
        ]

    def test_csv_bytes(self):
        data = _csv(["reference", "amount"], [['=HYPERLINK("x")', Decimal("12.50")], ["R-1", 3]])
        assert (
            data == ('\ufeffreference,amount\r\n"\'=HYPERLINK(""x"")",12.50\r\nR-1,3\r\n').encode()
        )


class TestColumns:
    def test_typed_reads(self):
        frame = pd.DataFrame(
            {
                "s": ["a", "b"],
                "n": pd.array([1, pd.NA], dtype="Int64"),
                "f": [np.int64(3), np.int64(4)],
                "b": np.array([True, False]),
                "d": pd.to_datetime(["2026-12-31", None]),
                "m": [Decimal("1.10"), None],
                "c": [("x", "y"), np.array(["z"], dtype=object)],
                "t": [None, "cite"],
            }
        )
        assert texts(frame, "s") == ["a", "b"]
        assert optional_ints(frame, "n") == [1, None]
        assert ints(frame, "f") == [3, 4]
        assert bools(frame, "b") == [True, False]
        assert optional_dates(frame, "d") == [date(2026, 12, 31), None]
        assert dates(frame.iloc[:1], "d") == [date(2026, 12, 31)]
        assert optional_decimals(frame, "m") == [Decimal("1.10"), None]
        assert string_lists(frame, "c") == [["x", "y"], ["z"]]
        assert texts_or_empty(frame, "t") == ["", "cite"]
        assert key_pairs(pd.concat([frame, frame]), "s", "f") == {("a", "3"), ("b", "4")}
