# ruff: noqa: E501  (exact expectations read best on one line)
"""Supporting documents: content-checked types, size limit, random storage, who may download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backend.audit.models import AuditEvent
from backend.declarations.models import DeclarationDocument
from tests.conftest import client_for
from tests.integration.declarations.helpers import make_declaration

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64
HTML = b"<html><script>alert(1)</script></html>"


def attach(user, declaration_id, content, name, kind="invoice"):
    url = reverse("api:declaration-documents", kwargs={"declaration_id": declaration_id})
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client_for(user).post(url, {"file": file, "kind": kind}, format="multipart")


def download(user, document_id):
    url = reverse("api:declaration-document-download", kwargs={"document_id": document_id})
    return client_for(user).get(url)


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (PDF, "facture.pdf", "application/pdf"),
        (PNG, "scan.png", "image/png"),
        (JPEG, "photo.jpg", "image/jpeg"),
    ],
)
def test_accepted_types_are_stored_under_a_random_name(
    startup_user, media_root, content, name, content_type
):
    declaration = make_declaration(startup_user)
    response = attach(startup_user, declaration.id, content, name)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["original_name"], data["content_type"], data["size"], data["kind"]) == (
        name,
        content_type,
        len(content),
        "invoice",
    )
    document = DeclarationDocument.objects.get()
    stored = media_root / document.storage_name
    assert stored.read_bytes() == content
    assert name not in document.storage_name
    assert "." not in stored.name  # no extension: the name says nothing about the content
    assert AuditEvent.objects.filter(
        action="declaration_document.attach", object_id=str(document.id)
    ).exists()


def test_a_lying_extension_is_refused(startup_user, media_root):
    declaration = make_declaration(startup_user)
    for content in (EXE, HTML):
        response = attach(startup_user, declaration.id, content, "invoice.pdf")
        assert response.status_code == 415
        assert response.json()["code"] == "unsupported_document_type"
    assert not DeclarationDocument.objects.exists()
    assert not (media_root / "declarations" / "documents").exists()


def test_the_type_comes_from_the_content_not_the_name(startup_user):
    declaration = make_declaration(startup_user)
    response = attach(startup_user, declaration.id, PNG, "contract.pdf")
    assert response.status_code == 201
    assert response.json()["content_type"] == "image/png"


def test_oversized_document_is_413(startup_user, settings):
    settings.DECLARATION_DOCUMENT_MAX_BYTES = 32
    declaration = make_declaration(startup_user)
    response = attach(startup_user, declaration.id, PDF + b"x" * 64, "big.pdf")
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"
    assert not DeclarationDocument.objects.exists()


def test_path_in_the_name_is_dropped(startup_user):
    declaration = make_declaration(startup_user)
    response = attach(startup_user, declaration.id, PDF, "..\\..\\etc\\facture.pdf")
    assert response.json()["original_name"] == "facture.pdf"


def test_owner_and_regulators_download_with_the_sniffed_type(startup_user, regulator_user):
    declaration = make_declaration(startup_user)
    document_id = attach(startup_user, declaration.id, PDF, "facture été.pdf").json()["id"]
    for user in (startup_user, regulator_user):
        response = download(user, document_id)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert (
            response["Content-Disposition"]
            == "attachment; filename=\"facture ?t?.pdf\"; filename*=UTF-8''facture%20%C3%A9t%C3%A9.pdf"
        )


@pytest.mark.parametrize(
    ("uploaded_as", "content", "saved_as"),
    [
        ("facture.exe", PDF, "facture.pdf"),
        ("poly.html", PDF, "poly.pdf"),
        ("scan.PDF", PDF, "scan.PDF"),
        ("receipt", PDF, "receipt.pdf"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0rest", "photo.jpeg"),
        ("photo.png", b"\xff\xd8\xff\xe0rest", "photo.jpg"),
        ("chart.pdf", b"\x89PNG\r\n\x1a\nrest", "chart.png"),
    ],
)
def test_a_download_gets_the_extension_of_its_detected_type(
    startup_user, uploaded_as, content, saved_as
):
    declaration = make_declaration(startup_user)
    document_id = attach(startup_user, declaration.id, content, uploaded_as).json()["id"]
    response = download(startup_user, document_id)
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"{saved_as}\"; filename*=UTF-8''{saved_as}"
    )


def test_other_startups_get_404_and_advocates_403(startup_user, other_startup_user, advocate_user):
    declaration = make_declaration(startup_user)
    document_id = attach(startup_user, declaration.id, PDF, "facture.pdf").json()["id"]
    assert download(other_startup_user, document_id).status_code == 404
    assert download(advocate_user, document_id).status_code == 403
    assert attach(other_startup_user, declaration.id, PDF, "x.pdf").status_code == 404


def test_regulators_cannot_attach(startup_user, regulator_user):
    declaration = make_declaration(startup_user)
    assert attach(regulator_user, declaration.id, PDF, "x.pdf").status_code == 403


def test_documents_of_every_version_are_listed(startup_user):
    from tests.integration.declarations.test_history import amend, changes

    declaration = make_declaration(startup_user)
    attach(startup_user, declaration.id, PDF, "v1.pdf")
    new_id = amend(startup_user, declaration.id, changes(description="v2")).json()["id"]
    # A superseded version takes no new document
    assert attach(startup_user, declaration.id, PDF, "late.pdf").status_code == 409
    attach(startup_user, new_id, PNG, "v2.png")
    url = reverse("api:declaration-documents", kwargs={"declaration_id": new_id})
    listed = client_for(startup_user).get(url).json()
    assert sorted((d["original_name"], d["version"]) for d in listed) == [
        ("v1.pdf", 1),
        ("v2.png", 2),
    ]
