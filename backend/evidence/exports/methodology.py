"""The methodology text every export carries (English; the dashboard shows it in FR and EN)."""

from typing import Any

PAIR_LABELS = {
    "unlocked": "Blocked now, allowed under the proposal",
    "breach_both": "Breach under both rulebooks",
    "compliant_both": "Compliant under both rulebooks",
    "newly_blocked": "Allowed now, blocked under the proposal",
    "review_or_pending": "Needs review or pending a rate under either rulebook",
    "not_trialled": "Not screened by a proposal (participant in no cohort on that date)",
    "TOTAL": "All declarations",
}
ILLUSTRATIVE_NOTE = "ILLUSTRATIVE: not a regulatory fact"


def methodology_lines(manifest: dict[str, Any]) -> list[str]:
    """Paragraphs of the methodology, including how and why small cells are hidden."""
    filters = manifest["filters"]
    lines = [
        "Source: the verdicts stored when each declaration was screened, one per rulebook "
        "version (the rules in force and the sandbox proposal of the participant's cohort).",
        f"Period: value dates from {filters['date_from']} to {filters['date_to']}; declarations "
        f"recorded by {manifest['cutoff']}; withdrawn and superseded declarations excluded.",
        "Each declaration is counted once in one verdict pair (in force x proposed). "
        "Amounts are in MAD at the official rate of the value date.",
        "Allowance usage: each participant's total in scope of each annual allowance for the "
        f"year of {filters['date_to']}, as a share of the cap, under each rulebook.",
    ]
    disclosure = manifest.get("disclosure")
    if disclosure:
        lines += [
            f"Disclosure control: a cell built from fewer than {disclosure['min_participants']} "
            "participants is suppressed (primary suppression). Because row and column totals "
            "are published, a second cell of any row or column holding a single suppressed cell "
            "is suppressed too (complementary suppression), so no suppressed value can be "
            "recovered by subtraction. Suppressed cells are marked 'suppressed'.",
            f"MAD volumes are rounded to the nearest {disclosure['rounding_mad']:,} MAD, so "
            "rounded cells need not add up to the rounded totals. No participant name, id or "
            "single declaration appears.",
        ]
    else:
        lines.append("Regulator edition: exact figures, no suppression; not for publication.")
    lines.append(
        "Rules marked illustrative carry values that are not regulatory facts and must be "
        "read as such."
    )
    return lines
