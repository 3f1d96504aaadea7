"""Turn an uploaded file into a table of text cells, checking limits before parsing it.

Real-world files: UTF-8 with or without BOM, Windows-1252/Latin-1 French Excel exports, `;` or
`,` delimiters, XLSX workbooks. Every cell is read as text: nothing is evaluated (a formula is kept
as the text of the formula) and nothing is guessed by pandas.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from backend.common.domain_errors import InvalidInput, TooLarge, UnsupportedType
from backend.declarations.bulk.columns import REQUIRED_COLUMNS, column_for

ZIP_MAGIC = b"PK\x03\x04"
# A workbook inflating past this is a zip bomb, whatever its compressed size.
XLSX_MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
DELIMITERS = (";", ",", "\t")


@dataclass(frozen=True)
class Sniffed:
    """What the cheap first look at a file found."""

    file_format: str  # csv | xlsx
    encoding: str
    delimiter: str
    rows: int  # data rows, without the header


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with (UTF-8 first, then Windows-1252, Latin-1)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _header_line(text: str) -> str:
    return text.split("\n", 1)[0].rstrip("\r")


def sniff_delimiter(header: str) -> str:
    """The delimiter the header line uses most (French Excel writes `;`)."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _check_header(cells: Sequence[object]) -> None:
    found = {column_for(c) for c in cells}
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        raise InvalidInput(
            code="missing_columns",
            detail=(
                "The first row must name the columns; missing: "
                + ", ".join(missing)
                + ". Download the template to see the expected layout."
            ),
            extra={"missing_columns": missing},
        )


def _count_csv_rows(text: str) -> int:
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    return max(0, lines - 1)


def _sniff_csv(data: bytes, max_rows: int) -> Sniffed:
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnsupportedType(code="unsupported_file_type", detail="Upload a CSV or XLSX file.")
    text, encoding = decode(data)
    if not text.strip():
        raise InvalidInput(code="empty_file", detail="The file is empty.")
    rows = _count_csv_rows(text)
    if rows > max_rows:
        raise InvalidInput(
            code="too_many_rows",
            detail=f"A file may hold at most {max_rows:,} rows; this one has {rows:,}.",
        )
    header = _header_line(text)
    delimiter = sniff_delimiter(header)
    try:
        cells = next(csv.reader([header], delimiter=delimiter))
    except (csv.Error, StopIteration) as exc:
        raise InvalidInput(
            code="malformed_file", detail=f"The header row cannot be read: {exc}."
        ) from exc
    _check_header(cells)
    return Sniffed(file_format="csv", encoding=encoding, delimiter=delimiter, rows=rows)


def _open_workbook(data: bytes) -> Any:
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise InvalidInput(code="malformed_file", detail="The workbook is damaged.") from exc
    if inflated > XLSX_MAX_UNCOMPRESSED_BYTES:
        raise TooLarge(code="file_too_large", detail="The workbook is too large once uncompressed.")
    try:
        # data_only=False: a formula is read as its text and never evaluated.
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:
        raise InvalidInput(code="malformed_file", detail="The workbook cannot be read.") from exc


def _sniff_xlsx(data: bytes, max_rows: int) -> Sniffed:
    workbook = _open_workbook(data)
    try:
        sheet = workbook.worksheets[0]
        declared = sheet.max_row or 0
        if declared - 1 > max_rows:
            raise InvalidInput(
                code="too_many_rows",
                detail=f"A file may hold at most {max_rows:,} rows; this one has {declared - 1:,}.",
            )
        header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None)
        if header is None:
            raise InvalidInput(code="empty_file", detail="The workbook's first sheet is empty.")
        _check_header(list(header))
    finally:
        workbook.close()
    return Sniffed(file_format="xlsx", encoding="", delimiter="", rows=max(0, declared - 1))


def sniff(data: bytes, *, max_rows: int) -> Sniffed:
    """Format, encoding, delimiter and row count, without parsing the rows (limits first)."""
    if data.startswith(ZIP_MAGIC):
        return _sniff_xlsx(data, max_rows)
    if data.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"MZ", b"\x7fELF")):
        raise UnsupportedType(code="unsupported_file_type", detail="Upload a CSV or XLSX file.")
    return _sniff_csv(data, max_rows)


def _canonical_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep our columns under their canonical names; drop the ones we do not know."""
    names: dict[str, str] = {}
    for raw in frame.columns:
        column = column_for(raw)
        if column is not None and column not in names.values():
            names[raw] = column
    frame = frame[list(names)].rename(columns=names)
    return frame.reset_index(drop=True)


def _xlsx_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # The shortest text that reads back as the same float: what Excel displays.
        return repr(value)
    return str(value)


def read_frame(data: bytes, sniffed: Sniffed, *, max_rows: int) -> pd.DataFrame:
    """Every row as text cells under the canonical column names."""
    if sniffed.file_format == "xlsx":
        workbook = _open_workbook(data)
        try:
            rows = workbook.worksheets[0].iter_rows(values_only=True)
            header = [str(c) if c is not None else "" for c in next(rows)]
            body = []
            for index, row in enumerate(rows):
                if index >= max_rows:
                    raise InvalidInput(
                        code="too_many_rows", detail=f"A file may hold at most {max_rows:,} rows."
                    )
                cells = [_xlsx_cell(c) for c in row[: len(header)]]
                body.append(cells + [""] * (len(header) - len(cells)))
        finally:
            workbook.close()
        frame = pd.DataFrame(body, columns=header, dtype=object).fillna("")
    else:
        text, _ = decode(data)
        try:
            # header=None: a row with more cells than the header is an error, never a silent shift.
            raw = pd.read_csv(
                io.StringIO(text),
                sep=sniffed.delimiter,
                header=None,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=True,
                engine="c",
            )
        except (pd.errors.ParserError, ValueError) as exc:
            raise InvalidInput(
                code="malformed_file", detail=f"The file cannot be read as CSV: {exc}"
            ) from exc
        frame = raw.iloc[1:].set_axis([str(c) for c in raw.iloc[0]], axis=1)
        frame.index = frame.index - 1
    frame = _canonical_frame(frame)
    # Fully empty lines (trailing separators from Excel) are not rows.
    blank = (frame == "").all(axis=1)
    return frame.loc[~blank]
