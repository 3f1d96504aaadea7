"""Case services: every write to a case goes through one of these, in a transaction, with its
audit event (see backend/reviews/services/*.py)."""
