"""The pure rule engine: rulebook schema, parsing and the one vectorised evaluator.

Imports pandas/numpy only; no Django, no I/O beyond the packaged JSON schema, no clock: the
caller passes the rulebook, the facts and ``as_of``.
"""

from backend.rule_engine.citations import citation_errors, proposal_tag_errors
from backend.rule_engine.evaluator import (
    CUMULATIVE_RULE_KINDS,
    ENGINE_VERSION,
    FINDING_COLUMNS,
    Findings,
    contributing_ids,
    evaluate,
    evaluate_many,
    verdicts,
)
from backend.rule_engine.facts import REQUIRED_COLUMNS, FactsError, FactsInvalid
from backend.rule_engine.headroom import (
    HEADROOM_COLUMNS,
    HEADROOM_READS,
    headroom,
    headroom_many,
)
from backend.rule_engine.model import Rule, Rulebook
from backend.rule_engine.result import CONTRIBUTING_SAMPLE
from backend.rule_engine.schema import (
    RulebookInvalid,
    SchemaError,
    load_rulebook_yaml,
    parse_rulebook,
    rulebook_schema,
    validate_rulebook,
)

__all__ = [
    "CONTRIBUTING_SAMPLE",
    "CUMULATIVE_RULE_KINDS",
    "ENGINE_VERSION",
    "FINDING_COLUMNS",
    "HEADROOM_COLUMNS",
    "HEADROOM_READS",
    "REQUIRED_COLUMNS",
    "FactsError",
    "FactsInvalid",
    "Findings",
    "Rule",
    "Rulebook",
    "RulebookInvalid",
    "SchemaError",
    "citation_errors",
    "contributing_ids",
    "evaluate",
    "evaluate_many",
    "headroom",
    "headroom_many",
    "load_rulebook_yaml",
    "parse_rulebook",
    "proposal_tag_errors",
    "rulebook_schema",
    "validate_rulebook",
    "verdicts",
]
