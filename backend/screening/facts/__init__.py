"""The facts builder: declarations, conversions, documents and participant traits from the
database into the rule engine's facts DataFrame (see backend/rule_engine/facts.py).

Everything is read in bulk and assembled with pandas, never one model instance per row, so a
chunk of thousands of participants costs a handful of queries. Split by what changes together:
`read` (the database reads), `values` (column conversions), `traits` (participant facts),
`build` (the frame and its hashes), `usage` (headroom facts) and `fingerprint` (what a
screening reads, hashed in the database). Public names are re-exported here.
"""

from backend.screening.facts.build import (
    HASHED_COLUMNS,
    ConversionThen,
    FactsBundle,
    _assemble,
    facts_build,
    facts_hashes,
    facts_rebuild,
    hypothetical_row,
)
from backend.screening.facts.read import (
    CHUNK_READ_SETTINGS,
    DECLARATION_FIELDS,
    IN_CHUNK,
    PROBE_PREFIX,
    _declaration_columns,
    chunk_read_plan,
    declaration_read,
    rate_rows_of,
)
from backend.screening.facts.traits import TRAIT_FIELDS, _traits_from_json, traits_json
from backend.screening.facts.usage import usage_facts
from backend.screening.facts.values import (
    day_column,
    mad_amounts,
    normalise_counterparty,
    publication_lag,
)

__all__ = [
    "CHUNK_READ_SETTINGS",
    "DECLARATION_FIELDS",
    "HASHED_COLUMNS",
    "IN_CHUNK",
    "PROBE_PREFIX",
    "TRAIT_FIELDS",
    "ConversionThen",
    "FactsBundle",
    "_assemble",
    "_declaration_columns",
    "_traits_from_json",
    "chunk_read_plan",
    "day_column",
    "declaration_read",
    "facts_build",
    "facts_hashes",
    "facts_rebuild",
    "hypothetical_row",
    "mad_amounts",
    "normalise_counterparty",
    "publication_lag",
    "rate_rows_of",
    "traits_json",
    "usage_facts",
]
