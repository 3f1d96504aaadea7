"""Evidence files: CSV, XLSX, PDF and PNG charts, each a pure function of the measures and the
manifest (no clock, fixed metadata dates), so a pack's data files reproduce byte for byte."""
