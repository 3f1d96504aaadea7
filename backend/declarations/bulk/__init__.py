"""Bulk import of declarations from CSV and XLSX: reading, vectorised row checks, reports."""
