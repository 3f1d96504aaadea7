from datetime import date

from backend.accounts.models import User
from backend.common.roles import Role
from tests.integration.declarations.helpers import make_declaration
from tests.tenancy import Owned, listed_in, owned_route


@owned_route("api:declaration-detail", "api:declaration-events", visible_to=(Role.REGULATOR,))
@owned_route("api:declaration-amend", "api:declaration-withdraw", methods=("post",))
@listed_in("api:declarations", visible_to=(Role.REGULATOR,))
def declaration(owner: User) -> Owned:
    made = make_declaration(owner, reference="TENANCY-1")
    return Owned(url_kwargs={"declaration_id": str(made.id)}, object_id=str(made.id))


@owned_route("api:declaration-receive", methods=("post",))
def expected_receipt(owner: User) -> Owned:
    made = make_declaration(
        owner,
        reference="TENANCY-RCV",
        direction="incoming",
        category="SERVICE_EXPORT_RECEIPT",
        channel="transfer",
        value_date=date(2026, 4, 15),
        expected_repatriation_date=date(2026, 4, 15),
        receipt_status="expected",
    )
    return Owned(url_kwargs={"declaration_id": str(made.id)}, object_id=str(made.id))


@owned_route("api:declaration-import-detail", "api:declaration-import-report")
@listed_in("api:declaration-imports")
def declaration_import(owner: User) -> Owned:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from backend.declarations.services.imports import declaration_import_start

    content = (
        b"reference,direction,category,channel,amount,currency,value_date,"
        b"counterparty_name,counterparty_country\n"
        b"T-1,outgoing,SAAS_CLOUD,card,1.00,EUR,2026-03-01,A,IE\n"
    )
    job = declaration_import_start(
        actor=owner,
        organisation=owner.membership.organisation,
        upload=SimpleUploadedFile("t.csv", content),
        dry_run=True,
    )
    return Owned(url_kwargs={"import_id": str(job.id)}, object_id=str(job.id))


@owned_route("api:declaration-documents", visible_to=(Role.REGULATOR,))
def declaration_with_document(owner: User) -> Owned:
    made = make_declaration(owner, reference="TENANCY-DOC")
    return Owned(url_kwargs={"declaration_id": str(made.id)}, object_id=str(made.id))


@owned_route("api:declaration-document-download", visible_to=(Role.REGULATOR,))
def declaration_document(owner: User) -> Owned:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from backend.declarations.services.documents import declaration_document_attach

    made = make_declaration(owner, reference="TENANCY-DOC-2")
    document = declaration_document_attach(
        actor=owner,
        declaration=made,
        upload=SimpleUploadedFile("owned.pdf", b"%PDF-1.7\n%%EOF\n"),
        kind="invoice",
    )
    return Owned(url_kwargs={"document_id": str(document.id)}, object_id=str(document.id))
