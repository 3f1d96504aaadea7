"""Supporting documents: type checked by content, size bounded, stored under random names."""

import hashlib
import secrets
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from backend.accounts.models import User
from backend.audit.services import audit_record
from backend.common.domain_errors import TooLarge, UnsupportedType
from backend.declarations.models import Declaration, DeclarationDocument
from backend.declarations.services.declarations import lock_current_version

STORAGE_DIR = "declarations/documents"
# Magic bytes of the accepted types: what the file is, whatever its name says.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
SNIFF_BYTES = 16
# The extension a download gets for each detected type (a name's own extension is kept only when
# it already says the same thing).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}


def document_max_bytes() -> int:
    """Largest document accepted, in bytes."""
    return int(getattr(settings, "DECLARATION_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))


def document_size_check(*, size: int | None) -> None:
    """Refused (TooLarge) when a declared or actual size exceeds the limit."""
    limit = document_max_bytes()
    if size is not None and size > limit:
        raise TooLarge(
            code="file_too_large",
            detail=f"A document may be at most {limit // (1024 * 1024)} MB.",
        )


def sniff_document_type(head: bytes) -> str:
    """The content type the first bytes prove; refused (UnsupportedType) otherwise."""
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    raise UnsupportedType(
        code="unsupported_document_type",
        detail="Attach a PDF, PNG or JPEG file (the content is checked, not the name).",
    )


def safe_display_name(raw: str) -> str:
    """The uploader's file name without any path or control character (shown, never used)."""
    name = PureWindowsPath(PurePosixPath(raw or "").name).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return (name or "document")[:255]


def download_name(*, original_name: str, content_type: str) -> str:
    """The name a download is saved under: the uploader's stem with the extension of the type
    the content was detected as, so a PDF named `facture.exe` is saved as `facture.pdf`."""
    path = PurePosixPath(original_name or "document")
    allowed = EXTENSIONS.get(content_type, ())
    if path.suffix.lower() in allowed:
        return path.name
    stem = path.stem if path.suffix else path.name
    return f"{stem or 'document'}{allowed[0] if allowed else ''}"


@transaction.atomic
def declaration_document_attach(
    *, actor: User, declaration: Declaration, upload: UploadedFile, kind: str
) -> DeclarationDocument:
    """Attach a supporting document to the current version of a declaration."""
    locked = lock_current_version(declaration)
    document_size_check(size=upload.size)
    data: bytes = upload.read(document_max_bytes() + 1)
    document_size_check(size=len(data))
    content_type = sniff_document_type(data[:SNIFF_BYTES])
    storage_name = default_storage.save(f"{STORAGE_DIR}/{secrets.token_hex(20)}", ContentFile(data))
    # The file is written before the row commits; should the transaction roll back, the orphan
    # file (a random name no row points to) is harmless and never served.
    document = DeclarationDocument.objects.create(
        declaration=locked,
        organisation_id=locked.organisation_id,
        kind=kind,
        original_name=safe_display_name(upload.name or ""),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_name=storage_name,
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        action="declaration_document.attach",
        obj=document,
        organisation=locked.organisation,
        after={
            "declaration": str(locked.pk),
            "kind": kind,
            "name": document.original_name,
            "content_type": content_type,
            "size": len(data),
            "sha256": document.sha256,
        },
    )
    return document
