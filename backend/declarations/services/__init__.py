"""Declaration services: every write runs in a transaction and records its audit event."""
