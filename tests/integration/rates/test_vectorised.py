"""The vectorised path (`merge_asof`) gives exactly the per-row answers, in any order or chunk."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
import pytest

from backend.rates.batch import convert_frame, rate_frames_for
from backend.rates.lookup import confirmed_non_publication, rate_of_date
from backend.rates.money import mad_amount
from tests.integration.rates.helpers import BAM_25, BAM_26, ECB_RECENT, bam_redated, ingest, read

pytestmark = pytest.mark.django_db

CURRENCIES = ["EUR", "USD", "JPY", "KWD", "PLN", "SGD", "MAD", "XOF", "THB", "ISK"]
FIRST, LAST = date(2026, 2, 20), date(2026, 4, 10)


@pytest.fixture
def rates():
    # Given BAM answers on scattered days (gaps longer than the look-back included) and the ECB's.
    for day in (date(2026, 2, 23), date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 11)):
        ingest("bam", bam_redated(BAM_25, day))
    for day in (date(2026, 3, 13), date(2026, 3, 18)):
        ingest("bam", bam_redated(BAM_26, day))
    ingest("bam", read(BAM_25))
    ingest("bam", read(BAM_26))
    ingest("ecb-csv", read(ECB_RECENT))


def generated(seed: int, count: int) -> pd.DataFrame:
    rng = random.Random(seed)
    span = (LAST - FIRST).days
    return pd.DataFrame(
        {
            "id": list(range(count)),
            "currency": [rng.choice(CURRENCIES) for _ in range(count)],
            "value_date": [FIRST + timedelta(days=rng.randrange(span)) for _ in range(count)],
            "amount": [Decimal(rng.randrange(1, 10**9)).scaleb(-2) for _ in range(count)],
        }
    )


def vectorised(frame: pd.DataFrame, allow_estimate: bool = False) -> dict:
    bam, ecb = rate_frames_for(currencies=set(CURRENCIES), start=date(2026, 1, 1), end=LAST)
    confirmed = confirmed_non_publication(start=date(2026, 1, 1), end=LAST)
    out = convert_frame(
        frame,
        bam=bam,
        ecb=ecb,
        lookback_days=5,
        confirmed=confirmed,
        allow_estimate=allow_estimate,
    )
    return {
        row["id"]: (row["mad_per_unit"], row["rate_date"], row["source"], row["method"],
                    None if row["row_ids"] is None else tuple(row["row_ids"]), row["amount_mad"])
        for row in out.to_dict("records")
    }  # fmt: skip


def per_row(frame: pd.DataFrame, allow_estimate: bool = False) -> dict:
    answers = {}
    for row in frame.to_dict("records"):
        answer = rate_of_date(
            currency=row["currency"], on=row["value_date"], allow_estimate=allow_estimate
        )
        answers[row["id"]] = (
            (None, None, None, None, None, None)
            if answer is None
            else (answer.mad_per_unit, answer.rate_date, answer.source, answer.method,
                  answer.row_ids, mad_amount(row["amount"], answer.mad_per_unit))
        )  # fmt: skip
    return answers


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vectorised_equals_per_row(rates, seed):
    frame = generated(seed, 400)
    expected = per_row(frame)
    assert vectorised(frame) == expected
    methods = {value[3] for value in expected.values()}
    # The data exercises every rule, so equality is meaningful.
    assert {"official", "carried_forward", "derived", None} <= methods


def test_vectorised_equals_per_row_with_estimates(rates):
    frame = generated(7, 300)
    expected = per_row(frame, allow_estimate=True)
    assert vectorised(frame, allow_estimate=True) == expected
    assert "estimate" in {value[3] for value in expected.values()}


def test_order_and_chunks_do_not_change_answers(rates):
    frame = generated(11, 300)
    whole = vectorised(frame)
    shuffled = vectorised(frame.sample(frac=1, random_state=5).reset_index(drop=True))
    chunked: dict = {}
    for start in range(0, len(frame), 70):
        chunked.update(vectorised(frame.iloc[start : start + 70].reset_index(drop=True)))
    assert shuffled == whole == chunked
    assert all(isinstance(v[5], Decimal) for v in whole.values() if v[5] is not None)
