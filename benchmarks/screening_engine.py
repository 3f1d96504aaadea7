"""Benchmark: screen 1,000,000 declarations against both shipped rulebooks with the engine.

Run from the repository root:  .venv/bin/python -m benchmarks.screening_engine
(``--declarations 100000`` for a smaller run on a shared machine).

It generates one year of declarations for 5,000 participants that comply with both rulebooks,
plants breaches whose findings are known in advance, checks the engine finds exactly those, then
times a per-declaration baseline (the plain reference implementation, screening each declaration
of a sample of participants against its participant's declarations) and prints rows/s for both,
the ratio and the peak memory. Targets: engine <= 15 s for both rulebooks, >= 50x the baseline,
peak <= 1.5 GB.

The population is meant to look like real data: rates follow Bank Al-Maghrib's publication
calendar (a value date on a publication day gets that day's rate, a weekend or holiday carries
the previous publication day's, and a few isolated days the source missed carry one publication
day: all within RATE_STALENESS' one-day limit); about 2 % of outgoing service payments are
advances of at most 30 % of their contract, some on subscriptions; receipts state their
performance date and most were received, a few are still expected and open on the screening
date; some participants' certified accounts, pre-revenue status or tax paid are unknown.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from backend.rates.calendar import is_publication_day
from backend.rule_engine import Rulebook, evaluate_many, load_rulebook_yaml, parse_rulebook
from tests.unit.rule_engine.reference import reference_evaluate

RULEBOOKS = Path(__file__).resolve().parents[1] / "fixtures" / "rulebooks"
AS_OF = date(2027, 1, 31)
YEAR_START = np.datetime64("2026-01-01")
N_DECLARATIONS = 1_000_000
N_PARTICIPANTS = 5_000
SEED = 20260101
MAD = 100  # centimes per dirham
ALL_DOCS = ("contract", "invoice", "proof_of_performance", "organiser_invoice")
SERVICE_CATEGORIES = ["SAAS_CLOUD", "DIGITAL_ADS", "TELECOM", "DATA_INFO", "RND", "FREELANCE_DEV"]
SAFE_COUNTRIES = ["IE", "FR", "US", "DE"]
# Participants below this index carry the participant-level plants; declaration-level plants
# are drawn from the others so that no two plants interact.
RESERVED_PARTICIPANTS = 300
# Participants after the N_PARTICIPANTS ordinary ones, each with a single planted declaration:
# their traits (not labelled, no FX account) would otherwise put all their payments in scope of
# rules the ordinary population never meets.
SOLO_UNKNOWN_TAX = 20
SOLO_UNKNOWN_CERTIFIED = 15
# Shares of the ordinary population (realistic orders of magnitude, not measured).
INCOMING_SHARE = 0.1
ADVANCE_SHARE = 0.02  # of outgoing service payments; at most 30 % of the contract
SUBSCRIPTION_SHARE = 0.4  # of advances: on a subscription of 12 or 24 months
EXPECTED_RECEIPT_EVERY = 200  # one declaration in 200: a receipt still expected, open
UNKNOWN_CERTIFIED_SHARE = 0.3  # participants whose certified accounts are unknown
UNKNOWN_TAX_SHARE = 0.1
UNKNOWN_PRE_REVENUE_SHARE = 0.1
# Isolated publication days the source missed: rates valued on them carry the day before (one
# publication day, within the limit).
MISSED_PUBLICATIONS = (date(2026, 3, 12), date(2026, 6, 18), date(2026, 10, 8))

# Participant-level plants: (first participant, count).
JEI_OVER_CAP = (0, 50)
SPLIT_7_DAYS = (50, 40)
SPLIT_11_DAYS = (90, 30)
LATE_136_DAYS = (120, 60)
LATE_228_DAYS = (180, 20)
YOUNG_UNLABELLED = (200, 30)
OVERDUE_UNRECEIVED = (230, 25)
# Declaration-level plants: counts.
NO_RATE = 100
HIGH_RISK = 25
ADVANCE_SUBSCRIPTION = 45
ADVANCE_LONG = 15
MISSING_PROOF = 35
STALE_RATE = 50


def expected(n: int) -> dict[str, dict[tuple[str, str], int]]:
    """The findings other than compliant that the planted declarations make, per rulebook."""
    open_receipts = n // EXPECTED_RECEIPT_EVERY
    overdue = OVERDUE_UNRECEIVED[1]
    return {
        "in_force": {
            ("ECOM_JEI_ANNUAL_CAP", "breach"): 50,
            ("ECOM_COMPANY_ANNUAL_CAP", "needs_review"): SOLO_UNKNOWN_TAX,
            ("STRUCTURING_NEAR_CAP", "needs_review"): 40 * 3,
            ("STRUCTURING_NEAR_CAP", "pending_rate"): NO_RATE,
            ("SVC_EXPORT_REPATRIATION_DAYS", "breach"): 60 + 20 + overdue,
            ("SVC_EXPORT_REPATRIATION_DAYS", "open"): open_receipts,
            ("HIGH_RISK_JURISDICTION", "needs_review"): HIGH_RISK,
            ("INVEST_ABROAD_CONDITIONS", "breach"): 30,
            ("INVEST_ABROAD_CONDITIONS", "needs_review"): SOLO_UNKNOWN_CERTIFIED,
            ("SVC_ADVANCE_MAX_PCT", "breach"): ADVANCE_SUBSCRIPTION + ADVANCE_LONG,
            ("SVC_DOC_THRESHOLD", "breach"): MISSING_PROOF,
            ("RATE_STALENESS", "needs_review"): STALE_RATE,
            ("RATE_STALENESS", "pending_rate"): NO_RATE,
        },
        "proposed": {
            ("STRUCTURING_NEAR_CAP", "needs_review"): 40 * 3 + 30 * 3,
            ("STRUCTURING_NEAR_CAP", "pending_rate"): NO_RATE,
            ("SVC_EXPORT_REPATRIATION_DAYS", "breach"): 20,
            ("SVC_EXPORT_REPATRIATION_DAYS", "open"): open_receipts + overdue,
            ("HIGH_RISK_JURISDICTION", "needs_review"): HIGH_RISK,
            ("SVC_ADVANCE_MAX_PCT", "breach"): ADVANCE_LONG,
            ("RATE_STALENESS", "needs_review"): STALE_RATE,
            ("RATE_STALENESS", "pending_rate"): NO_RATE,
        },
    }


def _participants(rng: np.random.Generator) -> pd.DataFrame:
    n = N_PARTICIPANTS + SOLO_UNKNOWN_TAX + SOLO_UNKNOWN_CERTIFIED
    solo_tax = slice(N_PARTICIPANTS, N_PARTICIPANTS + SOLO_UNKNOWN_TAX)
    solo_certified = slice(solo_tax.stop, n)
    labelled = np.ones(n, dtype=bool)
    incorporated = np.full(n, np.datetime64("2018-05-01"), dtype="datetime64[ns]")
    lo, count = YOUNG_UNLABELLED
    young = slice(lo, lo + count)
    labelled[young] = False
    incorporated[young] = np.datetime64("2025-01-01")
    labelled[N_PARTICIPANTS:] = False
    has_fx = np.ones(n, dtype=bool)
    has_fx[solo_tax] = False
    # Unknown facts: certified accounts, tax paid and pre-revenue status of some participants.
    # For the ordinary participants (labelled, with a foreign-currency account) no shipped rule's
    # outcome hangs on them; the solo participants make one rule each hang on one of them.
    certified = pd.array(np.ones(n, dtype=bool), dtype="boolean")
    certified[rng.random(n) < UNKNOWN_CERTIFIED_SHARE] = pd.NA
    certified[young] = False
    certified[solo_tax] = True
    certified[solo_certified] = pd.NA
    tax = pd.array(rng.integers(0, 5_000_000, n).astype(np.int64) * MAD, dtype="Int64")
    tax[rng.random(n) < UNKNOWN_TAX_SHARE] = pd.NA
    tax[solo_tax] = pd.NA
    pre_revenue = pd.array(rng.random(n) < 0.2, dtype="boolean")
    pre_revenue[rng.random(n) < UNKNOWN_PRE_REVENUE_SHARE] = pd.NA
    return pd.DataFrame(
        {
            "labelled": labelled,
            "labelled_since": pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]"),
            "incorporated_on": incorporated,
            "has_fx_account": has_fx,
            "categorised_operator": rng.random(n) < 0.1,
            "tax_paid_last_fy_minor": tax,
            "cluster": np.array(["MNC", "CE3M", "Cluster Solaire", "C2TM", "MDC"], dtype=object)[
                rng.integers(0, 5, n)
            ],
            "sector": np.array(["software", "energy", "textile"], dtype=object)[
                rng.integers(0, 3, n)
            ],
            "region": np.array(
                ["Casablanca-Settat", "Rabat-Salé-Kénitra", "Oriental"], dtype=object
            )[rng.integers(0, 3, n)],
            "is_cluster_member": np.ones(n, dtype=bool),
            "pre_revenue": pre_revenue,
            "certified_accounts": certified,
        }
    )


def _extra_rows() -> list[dict[str, object]]:
    """Participant-level plants, as explicit rows."""
    rows: list[dict[str, object]] = []

    def add(p: int, day: str, **kw: object) -> None:
        rows.append(
            {
                "participant": p,
                "value_date": np.datetime64(day),
                "direction": "outgoing",
                "category": "SAAS_CLOUD",
                "channel": "transfer",
                "amount": 1_000 * MAD,
                "counterparty_key": "payee-0",
                **kw,
            }
        )

    lo, count = JEI_OVER_CAP
    for p in range(lo, lo + count):  # last card payment of the year, alone above 2,000,000
        add(p, "2026-12-31", channel="card", amount=2_000_000 * MAD + 1, seq_last=True)
    for (lo, count), days in ((SPLIT_7_DAYS, (4, 6, 8)), (SPLIT_11_DAYS, (4, 9, 14))):
        for p in range(lo, lo + count):
            for d in days:
                add(p, f"2026-05-{d:02d}", amount=95_000 * MAD, counterparty_key="split-co")
    for (lo, count), received in ((LATE_136_DAYS, "2026-07-15"), (LATE_228_DAYS, "2026-10-15")):
        for p in range(lo, lo + count):
            add(
                p,
                received,
                direction="incoming",
                category="SERVICE_EXPORT_RECEIPT",
                service_performance_date=np.datetime64("2026-03-01"),
                received_date=np.datetime64(received),
                amount=40_000 * MAD,
            )
    # Performed 1 September, expected 15 October and still not received on the screening date:
    # past the 90-day due date (30 November), before the proposal's 180 days (28 February).
    lo, count = OVERDUE_UNRECEIVED
    for p in range(lo, lo + count):
        add(
            p,
            "2026-10-15",
            direction="incoming",
            category="SERVICE_EXPORT_RECEIPT",
            service_performance_date=np.datetime64("2026-09-01"),
            expected_repatriation_date=np.datetime64("2026-10-15"),
            amount=40_000 * MAD,
        )
    lo, count = YOUNG_UNLABELLED
    for p in range(lo, lo + count):
        add(p, "2026-06-10", category="INVEST_ABROAD", amount=1_000_000 * MAD)
    # Not labelled, no FX account, tax paid unknown: the company card cap cannot be computed.
    for i in range(SOLO_UNKNOWN_TAX):
        add(N_PARTICIPANTS + i, "2026-06-10", channel="card", amount=50_000 * MAD)
    # Not labelled, incorporated 2018, certified accounts unknown: investing abroad in force.
    for i in range(SOLO_UNKNOWN_CERTIFIED):
        p = N_PARTICIPANTS + SOLO_UNKNOWN_TAX + i
        add(p, "2026-06-10", category="INVEST_ABROAD", amount=1_000_000 * MAD)
    return rows


def rate_lags(first: date, last: date) -> np.ndarray:
    """Publication days between the rate a value date gets and the value date, for each day
    from ``first`` to ``last``, as the facts builder counts them: the latest rate published on
    or before the day, Bank Al-Maghrib publishing on its calendar's days except the few
    MISSED_PUBLICATIONS. 0 on a publication day and over a weekend or holiday; 1 on a missed
    day (and the non-publication days right after it)."""
    lags = []
    since_published = 0  # publication days since the last rate published
    day = first
    while day <= last:
        if is_publication_day(day):
            since_published = 0 if day not in MISSED_PUBLICATIONS else since_published + 1
        lags.append(since_published)
        day += timedelta(days=1)
    return np.array(lags, dtype=np.int64)


def generate(seed: int = SEED, n: int = N_DECLARATIONS) -> pd.DataFrame:
    """One year of compliant declarations plus the planted ones, with the documented dtypes."""
    rng = np.random.default_rng(seed)
    extras = _extra_rows()
    base = n - len(extras)
    ordinary = np.arange(n) < base
    participant = np.concatenate(
        [np.arange(base) % N_PARTICIPANTS, np.array([r["participant"] for r in extras])]
    )
    incoming = np.zeros(n, dtype=bool)
    incoming[:base] = rng.random(base) < INCOMING_SHARE
    day = rng.integers(0, 365, n)
    value_date = YEAR_START + day.astype("timedelta64[D]")
    category = np.array(SERVICE_CATEGORIES, dtype=object)[rng.integers(0, 6, n)]
    category[incoming] = "SERVICE_EXPORT_RECEIPT"
    channel = np.where(rng.random(n) < 0.5, "card", "transfer").astype(object)
    amount = rng.integers(100 * MAD, 9_000 * MAD, n).astype(np.int64)
    nat = np.datetime64("NaT")
    performed = np.full(n, nat, dtype="datetime64[D]")
    received = np.full(n, nat, dtype="datetime64[D]")
    expected_on = np.full(n, nat, dtype="datetime64[D]")
    performed[incoming] = value_date[incoming] - rng.integers(0, 60, int(incoming.sum())).astype(
        "timedelta64[D]"
    )
    received[incoming] = value_date[incoming]
    # Receipts still expected: declared ahead, valued on their expected date in January 2027,
    # performed 20 to 50 days before it, so open (due after the screening date) in both books.
    candidates = np.flatnonzero(incoming & ordinary & (participant >= RESERVED_PARTICIPANTS))
    waiting = rng.choice(candidates, size=n // EXPECTED_RECEIPT_EVERY, replace=False)
    expected_on[waiting] = np.datetime64("2027-01-01") + rng.integers(0, 31, len(waiting))
    value_date[waiting] = expected_on[waiting]
    performed[waiting] = expected_on[waiting] - rng.integers(20, 51, len(waiting)).astype(
        "timedelta64[D]"
    )
    received[waiting] = nat
    # Advances: a share of the contract rounded up to a basis point, at most 30 %; some on a
    # subscription. Settlements carry neither.
    advance = (
        ~incoming
        & ordinary
        & (participant >= RESERVED_PARTICIPANTS)
        & (rng.random(n) < ADVANCE_SHARE)
    )
    target_bp = rng.integers(500, 3_001, n)
    contract = -(-amount * 10_000 // target_bp)  # at least amount / 30 %: the share stays within
    share = -(-amount * 10_000 // contract)
    subscription = advance & (rng.random(n) < SUBSCRIPTION_SHARE)
    months = np.where(rng.random(n) < 0.5, 12, 24)
    payee = np.array([f"payee-{i}" for i in range(50)], dtype=object)[rng.integers(0, 50, n)]
    direction = np.where(incoming, "incoming", "outgoing").astype(object)
    seq = np.arange(n, dtype=np.int64)
    tail = slice(base, n)
    value_date[tail] = [r["value_date"] for r in extras]
    direction[tail] = [r["direction"] for r in extras]
    category[tail] = [r["category"] for r in extras]
    channel[tail] = [r["channel"] for r in extras]
    amount[tail] = np.array([r["amount"] for r in extras], dtype=np.int64)
    payee[tail] = [r["counterparty_key"] for r in extras]
    performed[tail] = [r.get("service_performance_date", nat) for r in extras]
    received[tail] = [r.get("received_date", nat) for r in extras]
    expected_on[tail] = [r.get("expected_repatriation_date", nat) for r in extras]
    # The over-cap card payment arrives last of the year, so it is the one in breach.
    seq[tail] = [n + i if r.get("seq_last") else base + i for i, r in enumerate(extras)]
    first = date(2025, 12, 1)
    lags = rate_lags(first, date(2027, 2, 28))
    lag = lags[(value_date - np.datetime64(first)).astype(np.int64)]
    total_participants = N_PARTICIPANTS + SOLO_UNKNOWN_TAX + SOLO_UNKNOWN_CERTIFIED
    facts = pd.DataFrame(
        {
            "declaration_id": np.array([f"D{i:07d}" for i in range(n)], dtype=object),
            "participant_id": np.array(
                [f"P{p:05d}" for p in range(total_participants)], dtype=object
            )[participant],
            "value_date": value_date.astype("datetime64[ns]"),
            "created_seq": seq,
            "direction": direction,
            "category": category,
            "channel": channel,
            "counterparty_country": np.array(SAFE_COUNTRIES, dtype=object)[rng.integers(0, 4, n)],
            "counterparty_key": payee,
            "amount_mad_minor": amount,
            "has_rate": np.ones(n, dtype=bool),
            "document_kinds": np.full(n, None, dtype=object),
            "service_performance_date": performed.astype("datetime64[ns]"),
            "expected_repatriation_date": expected_on.astype("datetime64[ns]"),
            "received_date": received.astype("datetime64[ns]"),
            "advance_share_bp": pd.arrays.IntegerArray(share.astype(np.int64), ~advance),
            "subscription_months": pd.arrays.IntegerArray(months.astype(np.int64), ~subscription),
            "rate_lag_days": pd.array(lag, dtype="Int64"),
            "rate_is_estimate": pd.array(np.zeros(n, dtype=bool), dtype="boolean"),
        }
    )
    facts["document_kinds"] = pd.Series([ALL_DOCS] * n, dtype=object)
    traits = _participants(rng).iloc[participant].reset_index(drop=True)
    facts = pd.concat([facts, traits], axis=1)
    _plant_declarations(facts, rng, participant, base)
    return facts


def _plant_declarations(
    facts: pd.DataFrame, rng: np.random.Generator, participant: np.ndarray, base: int
) -> None:
    """Declaration-level plants on distinct ordinary outgoing transfers (settlements)."""
    ok = (
        (participant[:base] >= RESERVED_PARTICIPANTS)
        & (facts["direction"].to_numpy()[:base] == "outgoing")
        & (facts["channel"].to_numpy()[:base] == "transfer")
        & facts["advance_share_bp"].isna().to_numpy()[:base]
    )
    sizes = [NO_RATE, HIGH_RISK, ADVANCE_SUBSCRIPTION, ADVANCE_LONG, MISSING_PROOF, STALE_RATE]
    picked = rng.choice(np.flatnonzero(ok), size=sum(sizes), replace=False)
    groups = np.split(picked, np.cumsum(sizes)[:-1])
    no_rate, high_risk, adv_sub, adv_long, missing, stale = groups

    def plant(column: str, rows: np.ndarray, value: object) -> None:
        values = facts[column].array.copy()  # keeps nullable columns nullable
        values[rows] = value
        facts[column] = values

    plant("has_rate", no_rate, False)
    plant("rate_lag_days", no_rate, pd.NA)  # no rate: no lag either
    plant("counterparty_country", high_risk, "IR")
    plant("advance_share_bp", np.concatenate([adv_sub, adv_long]), 10_000)
    plant("advance_share_bp", adv_long, 5_000)
    plant("subscription_months", adv_sub, 12)
    plant("subscription_months", adv_long, 24)
    plant("amount_mad_minor", missing, 150_000 * MAD)
    docs = facts["document_kinds"].to_numpy(copy=True)
    for i in missing:  # a handful of rows: each cell holds a tuple
        docs[i] = ("contract", "invoice")
    facts["document_kinds"] = docs
    plant("rate_lag_days", stale, 7)


def _load(name: str) -> Rulebook:
    return parse_rulebook(load_rulebook_yaml((RULEBOOKS / name).read_text("utf-8")))


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-participants", type=int, default=10)
    parser.add_argument("--declarations", type=int, default=N_DECLARATIONS)
    args = parser.parse_args()

    t0 = time.perf_counter()
    facts = generate(n=args.declarations)
    print(
        f"generated {len(facts):,} declarations for {facts['participant_id'].nunique():,} "
        f"participants in {time.perf_counter() - t0:.1f} s"
    )
    lag_counts = facts["rate_lag_days"].value_counts(dropna=False).sort_index()
    lags = {str(k): int(v) for k, v in lag_counts.items()}
    advances = int(facts["advance_share_bp"].notna().sum())
    waiting = int((facts["direction"].eq("incoming") & facts["received_date"].isna()).sum())
    print(
        f"  rate lags (publication days): {lags}; advances: {advances:,}; receipts still "
        f"expected: {waiting:,}"
    )
    rulebooks = {
        "in_force": _load("igoc-2026-in-force.yaml"),
        "proposed": _load("sandbox-proposal-2026.yaml"),
    }

    # One validation of the facts, then each rulebook: what the screening task does. As in
    # production, one rulebook's findings are stored (here: checked) and dropped before the next.
    want = expected(len(facts))
    ok = True
    engine_seconds = 0.0
    t = time.perf_counter()
    # Plain next(): the result tuple that zip()/enumerate() reuse would keep the previous
    # findings alive while the next ones are computed.
    evaluations = evaluate_many(list(rulebooks.values()), facts, as_of=AS_OF)
    for kind in rulebooks:
        found = next(evaluations)
        engine_seconds += time.perf_counter() - t
        frame = found.frame
        bad = frame[frame["outcome"] != "compliant"]
        got = Counter(zip(bad["rule_id"].astype(str), bad["outcome"].astype(str), strict=True))
        match = dict(got) == want[kind]
        ok &= match
        print(
            f"{kind:9s}: {len(frame):,} findings, {len(bad):,} not compliant, "
            f"planted expectations {'MATCH' if match else 'DIFFER'}"
        )
        if not match:
            print(f"  expected {want[kind]}\n  got      {dict(got)}")
        print(f"  verdicts: {found.verdicts().value_counts().to_dict()}")
        del found, frame, bad
        t = time.perf_counter()
    engine_rate = len(facts) / engine_seconds

    sample_ids = (
        facts["participant_id"]
        .drop_duplicates()
        .iloc[RESERVED_PARTICIPANTS : RESERVED_PARTICIPANTS + args.baseline_participants]
    )
    t = time.perf_counter()
    screened = 0
    for pid in sample_ids:
        window = facts[facts["participant_id"] == pid]
        for rulebook in rulebooks.values():
            reference_evaluate(rulebook, window, as_of=AS_OF)
        screened += len(window)
    baseline_seconds = time.perf_counter() - t
    baseline_rate = screened / baseline_seconds

    print(f"engine   : {engine_seconds:6.2f} s for both rulebooks, {engine_rate:12,.0f} rows/s")
    print(
        f"baseline : {baseline_seconds:6.2f} s for {screened:,} rows (both rulebooks), "
        f"{baseline_rate:12,.0f} rows/s"
    )
    print(f"ratio    : {engine_rate / baseline_rate:,.0f}x")
    print(f"peak RSS : {_peak_mb():,.0f} MB")
    print("targets  : engine <= 15 s, ratio >= 50x, peak <= 1,536 MB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
