"""Impact evidence: measures from stored verdicts, disclosure control, exports and packs."""
