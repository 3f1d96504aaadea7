"""Facts for the engine's headroom alone: declaration rows plus one probe row per participant."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from backend.screening.facts.read import DECLARATION_FIELDS, _probe
from backend.screening.facts.traits import _trait_positions, _traits


def _with_probes(values: pd.Series, probes: Any, count: int) -> pd.Categorical:
    """A text column as categorical codes (fast for the engine to factorise), followed by
    `count` probe rows holding `probes` (one value, or one per probe row; None: null)."""
    column = values.astype("category")
    added = [probes] * count if isinstance(probes, str) or probes is None else list(probes)
    categories = pd.Index(sorted(set(column.cat.categories) | {p for p in added if p}))
    codes = np.concatenate(
        [
            column.cat.set_categories(categories).cat.codes.to_numpy(dtype=np.int64),
            categories.get_indexer(pd.Index(added, dtype=object)).astype(np.int64),
        ]
    )
    return pd.Categorical.from_codes(codes, categories=categories)


def usage_facts(rows: pd.DataFrame, participant_ids: Sequence[str], on: date) -> pd.DataFrame:
    """Facts for the engine's headroom alone, from declaration rows (participant_id,
    value_date as datetime64, direction, category, channel, counterparty_country or null,
    amount_minor: MAD centimes, or null without a rate; text plain or categorical): the
    participants' traits, one probe row each on `on` (see `_probe`), and in the columns headroom
    does not read (`rule_engine.HEADROOM_READS`) neutral values: row numbers for ids, no
    counterparty, documents or deadlines. Not for verdicts."""
    ids = sorted(str(p) for p in participant_ids)
    probe = dict(zip(DECLARATION_FIELDS, _probe("", on), strict=True))
    count, n = len(ids), len(rows) + len(ids)
    amount = pd.concat(
        [rows["amount_minor"].astype("Int64"), pd.Series(np.zeros(count), dtype="Int64")],
        ignore_index=True,
    )
    value_date = np.concatenate(
        [
            rows["value_date"].to_numpy(dtype="datetime64[ns]"),
            np.full(count, np.datetime64(on), dtype="datetime64[ns]"),
        ]
    )
    no_date = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    participant = _with_probes(rows["participant_id"], ids, count)
    # In the engine's canonical order already (participant, value date, then arrival: the row
    # numbers below), so that preparing the facts moves no column.
    day = value_date.astype("datetime64[D]").astype(np.int64)
    low = int(day.min()) if n else 0
    span = int(day.max()) - low + 1 if n else 1
    order = np.argsort(participant.codes.astype(np.int64) * span + (day - low), kind="stable")
    participant = participant[order]
    texts = {
        column: _with_probes(rows[column], probe[column] or None, count)[order]
        for column in ("direction", "category", "channel", "counterparty_country")
    }
    amount = amount.iloc[order]
    out = pd.DataFrame(
        {
            "declaration_id": np.arange(n, dtype=np.int64),
            "participant_id": participant,
            "value_date": value_date[order],
            "created_seq": np.arange(n, dtype=np.int64),
            **texts,
            "counterparty_key": np.full(n, None, dtype=object),
            "amount_mad_minor": amount.fillna(0).to_numpy(dtype=np.int64),
            "has_rate": amount.notna().to_numpy(dtype=bool),
            "document_kinds": np.full(n, None, dtype=object),
            "service_performance_date": no_date,
            "expected_repatriation_date": no_date,
            "received_date": no_date,
            "advance_share_bp": pd.arrays.IntegerArray(
                np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)
            ),
        }
    )
    # Traits per participant, spread to the rows by code (text traits stay categorical).
    traits, at = _trait_positions(_traits(ids), participant.categories)
    for column in traits.columns:
        array = traits[column].array
        if isinstance(array.dtype, pd.BooleanDtype | pd.Int64Dtype):
            # A fact that may be unknown keeps its nulls.
            out[column] = array.take(at).take(participant.codes)
            continue
        values = traits[column].to_numpy()[at]
        if values.dtype == object:
            codes, uniques = pd.factorize(values)
            out[column] = pd.Categorical.from_codes(
                codes[participant.codes], categories=pd.Index(uniques, dtype=object)
            )
        else:
            out[column] = values[participant.codes]
    return out
