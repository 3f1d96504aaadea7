"""Evidence writes: create a pack from a manifest, start and build exports, verify a pack."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backend.audit.services import audit_record
from backend.common.queue import enqueue_on_commit
from backend.evidence import packs
from backend.evidence.frames import EvidenceFilters
from backend.evidence.models import (
    Audience,
    EvidenceExport,
    EvidencePack,
    ExportFormat,
    ExportStatus,
)
from backend.evidence.selectors import viewer_disclosure

BUILD_TASK = "evidence.build_export"
STORAGE_DIR = "evidence"
RANDOM_NAME_BYTES = 16
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "pdf": "pdf", "png": "zip", "pack": "zip"}
DONE_PROGRESS = 100


def storage_root() -> Path:
    """MEDIA_ROOT/evidence, created on first use."""
    root = Path(settings.MEDIA_ROOT) / STORAGE_DIR
    root.mkdir(parents=True, exist_ok=True)
    return root


def evidence_pack_create(*, actor: Any, filters: EvidenceFilters) -> EvidencePack:
    """Record a manifest for these filters as the actor may see them, with its content hash."""
    params = viewer_disclosure(actor)
    audience = Audience.ADVOCATE if params is not None else Audience.REGULATOR
    with transaction.atomic():
        manifest = packs.manifest_build(
            filters=filters, audience=audience, params=params, cutoff=timezone.now()
        )
        pack = EvidencePack.objects.create(
            organisation_id=actor.membership.organisation_id,
            created_by=actor,
            audience=audience,
            manifest=manifest,
            manifest_hash=packs.sha256(packs.canonical_json(manifest)),
        )
        audit_record(
            actor=actor,
            action="evidence.pack_created",
            obj=pack,
            organisation=actor.membership.organisation,
            after={"manifest_hash": pack.manifest_hash, "audience": audience},
        )
    return pack


def evidence_export_start(*, actor: Any, pack: EvidencePack, fmt: str) -> EvidenceExport:
    """Queue a background build of one format of the pack."""
    with transaction.atomic():
        export = EvidenceExport.objects.create(
            pack=pack,
            organisation_id=pack.organisation_id,
            created_by=actor,
            format=ExportFormat(fmt),
        )
        audit_record(
            actor=actor,
            action="evidence.export_started",
            obj=export,
            organisation=actor.membership.organisation,
            after={"pack": str(pack.pk), "format": fmt},
        )
        enqueue_on_commit(BUILD_TASK, kwargs={"export_id": str(export.pk)})
    return export


@dataclass(frozen=True)
class ExportRequest:
    """What a caller asks for: new filters, or an existing pack's manifest rerun."""

    fmt: str
    filters: EvidenceFilters | None = None
    pack: EvidencePack | None = None


def evidence_export_request(*, actor: Any, request: ExportRequest) -> EvidenceExport:
    """A pack (new from the filters, or the given one) and an export job of it."""
    pack = request.pack or evidence_pack_create(actor=actor, filters=request.filters)  # type: ignore[arg-type]
    return evidence_export_start(actor=actor, pack=pack, fmt=request.fmt)


def _set_progress(export_id: Any, value: int) -> None:
    EvidenceExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(progress=value)


def evidence_export_build(*, export_id: Any) -> EvidenceExport:
    """Build the export's file (idempotent: a finished export is left alone)."""
    claimed = EvidenceExport.objects.filter(
        pk=export_id, status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING)
    ).update(status=ExportStatus.RUNNING, progress=10)
    export = EvidenceExport.objects.select_related("pack").get(pk=export_id)
    if not claimed:
        return export
    try:
        files = packs.pack_files(export.pack.manifest, lambda p: _set_progress(export_id, p))
        data, _ = packs.format_file(files, export.format)
        name = f"{secrets.token_hex(RANDOM_NAME_BYTES)}.{EXTENSIONS[export.format]}"
        (storage_root() / name).write_bytes(data)
    except Exception as exc:
        EvidenceExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, failure_detail=str(exc)[:1000], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        pack = EvidencePack.objects.select_for_update().get(pk=export.pack_id)
        if not pack.file_hashes:
            pack.file_hashes = packs.file_hashes(files)
            pack.save(update_fields=["file_hashes"])
        export.status = ExportStatus.DONE
        export.progress = DONE_PROGRESS
        export.storage_name = name
        export.size = len(data)
        export.sha256 = packs.sha256(data)
        export.finished_at = timezone.now()
        export.save()
        audit_record(
            actor=None,
            action="evidence.export_built",
            obj=export,
            organisation=export.organisation,
            after={"sha256": export.sha256, "size": export.size},
            actor_username="worker",
        )
    return export


def evidence_pack_verify(*, actor: Any, pack: EvidencePack) -> dict[str, Any]:
    """Rebuild the pack's data files from its manifest and say whether they still match."""
    rebuilt = packs.file_hashes(packs.pack_files(pack.manifest))
    expected = pack.file_hashes
    names = sorted(set(expected) | set(rebuilt))
    files = [
        {
            "name": n,
            "expected": expected.get(n),
            "actual": rebuilt.get(n),
            "same": bool(expected) and expected.get(n) == rebuilt.get(n),
        }
        for n in names
    ]
    reproduces = bool(expected) and all(f["same"] for f in files)
    with transaction.atomic():
        if not expected:
            # Never built yet: this rebuild becomes the reference.
            pack.file_hashes = rebuilt
            reproduces = True
            files = [{**f, "expected": f["actual"], "same": True} for f in files]
        pack.last_verified_at = timezone.now()
        pack.last_verified_ok = reproduces
        pack.save(update_fields=["file_hashes", "last_verified_at", "last_verified_ok"])
        audit_record(
            actor=actor,
            action="evidence.pack_verified",
            obj=pack,
            organisation=actor.membership.organisation,
            after={"reproduces": reproduces},
        )
    return {"reproduces": reproduces, "verified_at": pack.last_verified_at, "files": files}
