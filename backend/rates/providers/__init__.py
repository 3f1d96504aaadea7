"""Rate sources: one parser per format and one small HTTP adapter per provider."""

from collections.abc import Callable

from backend.rates.providers.bam import parse_bam
from backend.rates.providers.base import ParsedPayload
from backend.rates.providers.ecb import parse_ecb_csv, parse_ecb_xml

# The `--source` names of `import_rates` and the rate-file upload, each with its parser.
PARSERS: dict[str, Callable[[bytes], ParsedPayload]] = {
    "bam": parse_bam,
    "ecb-xml": parse_ecb_xml,
    "ecb-csv": parse_ecb_csv,
}
