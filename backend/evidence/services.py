"""Evidence writes: create a pack, freeze and build it, start and build exports, verify a pack
(rebuilt from its frozen inputs on the server, or a downloaded file checked offline)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backend.audit.services import audit_record
from backend.common.domain_errors import Conflict, Unprocessable
from backend.common.queue import enqueue_on_commit
from backend.evidence.frames import EvidenceFilters
from backend.evidence.models import (
    Audience,
    EvidenceExport,
    EvidencePack,
    ExportFormat,
    ExportStatus,
    PackStatus,
)
from backend.evidence.packs import build
from backend.evidence.packs.files import EXTENSIONS, format_file
from backend.evidence.packs.frozen import frames_from_bytes
from backend.evidence.packs.manifest import MANIFEST_NAME, sha256
from backend.evidence.packs.offline import PackCheck, pack_check
from backend.evidence.selectors import published_filter, viewer_disclosure

BUILD_TASK = "evidence.build_export"
STORAGE_DIR = "evidence"
INPUTS_DIR = "inputs"
RANDOM_NAME_BYTES = 16
DONE_PROGRESS = 100


def storage_root(sub: str = "") -> Path:
    """MEDIA_ROOT/evidence (or a folder of it), created on first use."""
    root = Path(settings.MEDIA_ROOT) / STORAGE_DIR / sub
    root.mkdir(parents=True, exist_ok=True)
    return root


def _random_name(extension: str) -> str:
    return f"{secrets.token_hex(RANDOM_NAME_BYTES)}.{extension}"


def evidence_pack_create(*, actor: Any, filters: EvidenceFilters) -> EvidencePack:
    """Record what a pack is for, as the actor may see it (its inputs are frozen when built)."""
    params = viewer_disclosure(actor)
    if params is not None:
        published_filter(filters)  # the advocates' published shape, refused otherwise
    audience = Audience.ADVOCATE if params is not None else Audience.REGULATOR
    with transaction.atomic():
        pack = EvidencePack.objects.create(
            organisation_id=actor.membership.organisation_id,
            created_by=actor,
            audience=audience,
            filters=filters.as_dict(),
            disclosure=params.as_dict() if params else None,
        )
        audit_record(
            actor=actor,
            action="evidence.pack_created",
            obj=pack,
            organisation=actor.membership.organisation,
            after={"filters": pack.filters, "audience": audience},
        )
    return pack


def _filters(pack: EvidencePack) -> EvidenceFilters:
    return EvidenceFilters.from_dict(pack.filters)


def evidence_pack_build(*, pack_id: Any) -> tuple[EvidencePack, dict[str, bytes]]:
    """Freeze the pack's inputs now and build its files (a built pack is rebuilt from its
    frozen inputs instead: the same bytes); returns the pack and its files."""
    with transaction.atomic():
        pack = EvidencePack.objects.select_for_update().get(pk=pack_id)
        if pack.status == PackStatus.BUILT:
            return pack, pack_rebuild(pack)
        cutoff = timezone.now()
        frozen = build.inputs_read(
            _filters(pack), cutoff, advocate=pack.audience == Audience.ADVOCATE
        )
        files, manifest = build.pack_build_files(
            pack_id=str(pack.pk),
            audience=pack.audience,
            filters=_filters(pack),
            disclosure=pack.disclosure,
            cutoff=cutoff,
            frozen=frozen,
        )
        name = _random_name("zip")
        (storage_root(INPUTS_DIR) / name).write_bytes(frozen.data)
        pack.cutoff = cutoff
        pack.inputs_name = name
        pack.inputs_sha256 = sha256(frozen.data)
        pack.manifest = manifest
        pack.manifest_hash = sha256(files[MANIFEST_NAME])
        pack.file_hashes = {n: sha256(d) for n, d in sorted(files.items())}
        pack.status = PackStatus.BUILT
        pack.built_at = timezone.now()
        pack.save()
        audit_record(
            actor=None,
            actor_username="worker",
            action="evidence.pack_built",
            obj=pack,
            organisation=pack.organisation,
            after={"manifest_hash": pack.manifest_hash, "inputs_sha256": pack.inputs_sha256},
        )
    return pack, files


def _frozen_coverage(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    report = manifest.get("coverage_report")
    return report if isinstance(report, list) else []


def pack_rebuild(pack: EvidencePack) -> dict[str, bytes]:
    """The pack's files rebuilt from its frozen inputs alone."""
    if pack.status != PackStatus.BUILT or pack.cutoff is None:
        raise Conflict(
            code="pack_not_built",
            detail="This pack was never built: there is nothing to verify yet.",
        )
    data = (storage_root(INPUTS_DIR) / pack.inputs_name).read_bytes()
    if sha256(data) != pack.inputs_sha256:
        raise Conflict(
            code="pack_inputs_altered",
            detail="The pack's frozen inputs no longer match their recorded hash.",
        )
    frozen = build.Frozen(
        frames=frames_from_bytes(data),
        data=data,
        versions=pack.manifest["rulebook_versions"],
        rate_set=pack.manifest["rate_set"],
        # The coverage report frozen at the cut-off (a pack built before it was, none).
        coverage=_frozen_coverage(pack.manifest),
    )
    files, _ = build.pack_build_files(
        pack_id=str(pack.pk),
        audience=pack.audience,
        filters=_filters(pack),
        disclosure=pack.disclosure,
        cutoff=pack.cutoff,
        frozen=frozen,
        built_with=pack.manifest,
    )
    return files


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
    """What a caller asks for: new filters, or an existing pack rebuilt."""

    fmt: str
    filters: EvidenceFilters | None = None
    pack: EvidencePack | None = None


def evidence_export_request(*, actor: Any, request: ExportRequest) -> EvidenceExport:
    """A pack (new from the filters, or the given one) and an export job of it."""
    pack = request.pack or evidence_pack_create(actor=actor, filters=request.filters)  # type: ignore[arg-type]
    return evidence_export_start(actor=actor, pack=pack, fmt=request.fmt)


def evidence_export_build(*, export_id: Any) -> EvidenceExport:
    """Build the export's file (idempotent: a finished export is left alone)."""
    claimed = EvidenceExport.objects.filter(
        pk=export_id, status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING)
    ).update(status=ExportStatus.RUNNING, progress=10)
    export = EvidenceExport.objects.select_related("pack").get(pk=export_id)
    if not claimed:
        return export
    try:
        pack, files = evidence_pack_build(pack_id=export.pack_id)
        data, download_name = format_file(files, export.format, pack.manifest)
        name = _random_name(EXTENSIONS[export.format])
        (storage_root() / name).write_bytes(data)
    except Exception as exc:
        EvidenceExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, failure_detail=str(exc)[:1000], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        export.status = ExportStatus.DONE
        export.progress = DONE_PROGRESS
        export.storage_name = name
        export.download_name = download_name
        export.size = len(data)
        export.sha256 = sha256(data)
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
    """Rebuild a built pack from its frozen inputs, say whether every file is the same, and,
    apart, what changed in the live data since its cut-off."""
    rebuilt = {n: sha256(d) for n, d in sorted(pack_rebuild(pack).items())}
    expected = pack.file_hashes
    files = [
        {
            "name": n,
            "expected": expected.get(n),
            "actual": rebuilt.get(n),
            "same": expected.get(n) == rebuilt.get(n),
        }
        for n in sorted(set(expected) | set(rebuilt))
    ]
    reproduces = all(f["same"] for f in files)
    frozen = frames_from_bytes((storage_root(INPUTS_DIR) / pack.inputs_name).read_bytes())
    current = build.inputs_read(
        _filters(pack), timezone.now(), advocate=pack.audience == Audience.ADVOCATE
    )
    changes = build.changes_since(frozen, current.frames)
    with transaction.atomic():
        pack.last_verified_at = timezone.now()
        pack.last_verified_ok = reproduces
        pack.last_current_data = changes
        pack.save(update_fields=["last_verified_at", "last_verified_ok", "last_current_data"])
        audit_record(
            actor=actor,
            action="evidence.pack_verified",
            obj=pack,
            organisation=actor.membership.organisation,
            after={"reproduces": reproduces, "current_data_differs": changes["differs"]},
        )
    return {
        "reproduces": reproduces,
        "verified_at": pack.last_verified_at,
        "files": files,
        "current_data": changes,
    }


def evidence_pack_file_check(*, actor: Any, data: bytes) -> dict[str, Any]:
    """Check an uploaded pack file: intact against its manifest, rebuilt from its own data, and
    built on this server by the actor's organisation (a file no pack of theirs matches is
    refused: it was never built here)."""
    check: PackCheck = pack_check(data)
    if check.unreadable is not None:
        raise Unprocessable(
            code=f"pack_{check.unreadable}",
            detail=f"This file cannot be read as an evidence pack: {check.problems[0]}.",
            extra={"problems": check.problems},
        )
    pack = (
        EvidencePack.objects.filter(
            organisation_id=actor.membership.organisation_id,
            manifest_hash=check.manifest_sha256,
            status=PackStatus.BUILT,
        ).first()
        if check.manifest_sha256
        else None
    )
    if pack is None:
        raise Unprocessable(
            code="pack_unknown",
            detail="This file is not a pack your organisation built here: its manifest matches "
            "no built pack.",
            extra={"problems": check.problems},
        )
    stored = pack.file_hashes
    return {
        "pack": pack.pk,
        "manifest_sha256": check.manifest_sha256,
        "intact": check.ok,
        "files": [
            {
                "name": f.name,
                "expected": f.expected,
                "actual": f.actual,
                "state": f.state,
                "rebuilt": f.rebuilt,
                "same_as_built": f.actual is not None and stored.get(f.name) == f.actual,
            }
            for f in check.files
        ],
        "problems": check.problems,
        "rebuild_skipped": check.rebuild_skipped,
    }
