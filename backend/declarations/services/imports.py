"""Bulk imports: accept a file (limits first), then check and load it in a background job."""

import csv
import hashlib
import io
import logging
import secrets
from typing import Any

import pandas as pd
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.accounts.models import ApiToken, Organisation, User
from backend.audit.services import audit_record
from backend.common.domain_errors import DomainError, TooLarge
from backend.common.queue import enqueue_on_commit
from backend.declarations import validation as v
from backend.declarations.bulk.insert import insert_declarations
from backend.declarations.bulk.reader import read_frame, sniff
from backend.declarations.bulk.rows import check_duplicates, check_rows
from backend.declarations.models import Declaration, DeclarationImport, ImportStatus
from backend.declarations.services.hand_off import declarations_request_processing

logger = logging.getLogger(__name__)

RUN_TASK = "declarations.run_import"
STORAGE_DIR = "declarations/imports"
# Rows per insert transaction: five progress steps for the largest file, few commits.
CHUNK_ROWS = 20_000
# The first errors are what a person reads; the counts stay exact beyond this.
MAX_REPORT_ENTRIES = 10_000
# Progress while checking rows; loading them takes the rest of the bar.
CHECKED_PROGRESS = 20
REFERENCE_LOOKUP_CHUNK = 900  # below SQLite's historic 999-parameter limit
WHOLE_ORGANISATION_LOOKUP = 5_000


def import_max_bytes() -> int:
    """Largest upload accepted, in bytes."""
    return int(getattr(settings, "DECLARATION_IMPORT_MAX_BYTES", 25 * 1024 * 1024))


def import_max_rows() -> int:
    """Most data rows one file may hold."""
    return int(getattr(settings, "DECLARATION_IMPORT_MAX_ROWS", 100_000))


def import_size_check(*, size: int | None) -> None:
    """Refused (TooLarge) when a declared or actual size exceeds the limit (checked before
    reading the body)."""
    limit = import_max_bytes()
    if size is not None and size > limit:
        raise TooLarge(
            code="file_too_large",
            detail=f"A file may be at most {limit // (1024 * 1024)} MB.",
        )


def _read_upload(upload: UploadedFile) -> bytes:
    import_size_check(size=upload.size)
    data: bytes = upload.read(import_max_bytes() + 1)
    import_size_check(size=len(data))
    return data


@transaction.atomic
def declaration_import_start(
    *,
    actor: User,
    organisation: Organisation,
    upload: UploadedFile,
    dry_run: bool,
    api_token: ApiToken | None = None,
) -> DeclarationImport:
    """Check the file's limits and header, store it under a random name and queue the job."""
    data = _read_upload(upload)
    sniffed = sniff(data, max_rows=import_max_rows())
    storage_name = default_storage.save(
        f"{STORAGE_DIR}/{secrets.token_hex(16)}.{sniffed.file_format}", ContentFile(data)
    )
    job = DeclarationImport.objects.create(
        organisation=organisation,
        created_by=actor,
        api_token=api_token,
        dry_run=dry_run,
        original_name=(upload.name or "upload")[:255],
        file_format=sniffed.file_format,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_name=storage_name,
        rows=sniffed.rows,
    )
    audit_record(
        actor=actor,
        action="declaration_import.create",
        obj=job,
        organisation=organisation,
        after={"file": job.original_name, "sha256": job.sha256, "dry_run": dry_run},
    )
    if not dry_run:
        enqueue_on_commit(RUN_TASK, kwargs={"import_id": str(job.pk)})
    return job


def _progress(job_id: Any, progress: int, **fields: Any) -> None:
    DeclarationImport.objects.filter(pk=job_id).update(progress=progress, **fields)


def _existing_references(
    organisation_id: Any, references: list[str], job_id: Any
) -> tuple[set[str], set[str]]:
    """(references already declared by someone else, references this job already created)."""
    taken: set[str] = set()
    mine: set[str] = set()
    current = Declaration.objects.filter(organisation_id=organisation_id, is_current=True)
    if len(references) > WHOLE_ORGANISATION_LOOKUP:
        # One pass over the organisation's references beats hundreds of IN (...) queries.
        wanted = set(references)
        found = (
            (ref, job)
            for ref, job in current.values_list("reference", "import_job_id").iterator(10_000)
            if ref in wanted
        )
    else:
        found = (
            pair
            for start in range(0, len(references), REFERENCE_LOOKUP_CHUNK)
            for pair in current.filter(
                reference__in=references[start : start + REFERENCE_LOOKUP_CHUNK]
            ).values_list("reference", "import_job_id")
        )
    for reference, import_job_id in found:
        (mine if import_job_id == job_id else taken).add(reference)
    return taken, mine


def _insert_chunk(job: DeclarationImport, rows: pd.DataFrame, first_row: int) -> int:
    """Insert one chunk with its audit event and hand-off; returns how many were created."""
    now = timezone.now()
    with transaction.atomic():
        ids = insert_declarations(
            rows,
            constants={
                "organisation_id": job.organisation_id,
                "created_by_id": job.created_by_id,
                "api_token_id": job.api_token_id,
                "import_job_id": job.pk,
                "created_at": now,
                "updated_at": now,
                "processing_requested_at": now,
            },
        )
        audit_record(
            actor=job.created_by,
            action="declaration.import",
            obj=job,
            organisation=job.organisation,
            after={
                "created": len(ids),
                "first_row": first_row,
                "references": rows["reference"].tolist(),
            },
        )
        declarations_request_processing(declaration_ids=ids)
    return len(ids)


def _load(job: DeclarationImport, rows: pd.DataFrame) -> tuple[int, int]:
    """Insert valid rows chunk by chunk; (created, raced): `raced` were taken meanwhile."""
    created = raced = 0
    total = max(1, len(rows))
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows.iloc[start : start + CHUNK_ROWS]
        try:
            created += _insert_chunk(job, chunk, int(chunk.index[0]) + 2)
        except IntegrityError:
            # A reference was declared through the API while we loaded: skip the taken ones.
            taken, _ = _existing_references(
                job.organisation_id, chunk["reference"].tolist(), job.pk
            )
            keep = chunk[~chunk["reference"].isin(taken)]
            raced += len(chunk) - len(keep)
            if len(keep):
                created += _insert_chunk(job, keep, int(keep.index[0]) + 2)
        done = min(len(rows), start + CHUNK_ROWS)
        _progress(job.pk, CHECKED_PROGRESS + (100 - CHECKED_PROGRESS) * done // total - 1)
    return created, raced


def _claim(import_id: Any) -> DeclarationImport | None:
    """Mark a queued (or interrupted) job running; None when it is already finished."""
    with transaction.atomic():
        job = (
            DeclarationImport.objects.select_for_update()
            .select_related("organisation", "created_by")
            .filter(pk=import_id)
            .first()
        )
        if job is None or job.status in (ImportStatus.DONE, ImportStatus.FAILED):
            return None
        job.status = ImportStatus.RUNNING
        job.started_at = job.started_at or timezone.now()
        job.save(update_fields=["status", "started_at"])
    return job


def _finish(job: DeclarationImport, **fields: Any) -> None:
    with transaction.atomic():
        DeclarationImport.objects.filter(pk=job.pk).update(
            finished_at=timezone.now(), progress=100, **fields
        )
        audit_record(
            actor=job.created_by,
            action="declaration_import.finish",
            obj=job,
            organisation=job.organisation,
            after={k: val for k, val in fields.items() if k != "report"},
        )


def declaration_import_run(*, import_id: Any) -> DeclarationImport | None:
    """Check every row, then (unless a dry run) create the valid, new ones; safe to re-run."""
    job = _claim(import_id)
    if job is None:
        return None
    try:
        with default_storage.open(job.storage_name, "rb") as handle:
            data = handle.read()
        sniffed = sniff(data, max_rows=import_max_rows())
        frame = read_frame(data, sniffed, max_rows=import_max_rows())
        table, errors = check_rows(
            frame, today=v.today_local(), decimal_comma=sniffed.delimiter == ";"
        )
        valid = ~errors.failed
        taken, mine = _existing_references(
            job.organisation_id, table.loc[valid, "reference"].unique().tolist(), job.pk
        )
        duplicate, duplicate_report = check_duplicates(
            table, valid & ~table["reference"].isin(mine), existing=taken
        )
        to_create = table[valid & ~duplicate & ~table["reference"].isin(mine)]
        _progress(job.pk, CHECKED_PROGRESS)
        created = len(mine)
        raced = 0
        if not job.dry_run:
            new, raced = _load(job, to_create)
            created += new
        report = sorted(errors.report() + duplicate_report, key=lambda r: (r[0], r[1]))
        _finish(
            job,
            status=ImportStatus.DONE,
            rows=len(table),
            valid=len(to_create) + len(mine),
            created=created,
            duplicates=int(duplicate.sum()) + raced,
            errors=int(errors.failed.sum()),
            report=[list(entry) for entry in report[:MAX_REPORT_ENTRIES]],
            report_truncated=len(report) > MAX_REPORT_ENTRIES,
        )
    except DomainError as refused:
        _finish(job, status=ImportStatus.FAILED, failure_detail=refused.detail)
    except Exception:
        logger.exception("import %s failed", job.pk)
        _finish(
            job,
            status=ImportStatus.FAILED,
            failure_detail="The file could not be processed; it has been logged.",
        )
    job.refresh_from_db()
    return job


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value: object) -> object:
    """Spreadsheets must show a cell that looks like a formula as text, never run it."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def import_report_csv(*, job: DeclarationImport) -> bytes:
    """The row-level report as CSV (UTF-8 with BOM, so spreadsheet programs read the accents)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "column", "code", "message"])
    for entry in job.report:
        writer.writerow([_safe_cell(cell) for cell in entry])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
