"""Wire shapes of the declaration endpoints (validation only: no business logic here): what is
sent (`inputs`), a declaration as answered (`outputs`), its timeline (`events`), its documents
and imports (`files`)."""

from backend.declarations.serializers.events import (
    RECONVERTED,
    AuditEventOutputSerializer,
    ReconversionSerializer,
    ReconversionSideSerializer,
    ReconvertedConversionSerializer,
    ReconvertedRulebookSerializer,
    ReconvertedVerdictSerializer,
)
from backend.declarations.serializers.files import (
    DeclarationDocumentInputSerializer,
    DeclarationDocumentOutputSerializer,
    DeclarationImportInputSerializer,
    DeclarationImportOutputSerializer,
    DeclarationImportReportEntrySerializer,
    ImportSummarySerializer,
)
from backend.declarations.serializers.inputs import (
    ORDERINGS,
    AmountField,
    CounterpartyInputSerializer,
    DeclarationChangesInputSerializer,
    DeclarationFilterSerializer,
    DeclarationInputSerializer,
    MoneyInputSerializer,
    ReceiveInputSerializer,
    WithdrawInputSerializer,
)
from backend.declarations.serializers.outputs import (
    CategoryOutputSerializer,
    ContractAmountOutputSerializer,
    CounterpartyOutputSerializer,
    CurrencyOutputSerializer,
    DeclarationFieldsOutputSerializer,
    DeclarationSummaryFieldsOutputSerializer,
    MoneyOutputSerializer,
    OrganisationRefSerializer,
    ReferenceDataOutputSerializer,
    VersionOutputSerializer,
)

__all__ = [
    "ORDERINGS",
    "RECONVERTED",
    "AmountField",
    "AuditEventOutputSerializer",
    "CategoryOutputSerializer",
    "ContractAmountOutputSerializer",
    "CounterpartyInputSerializer",
    "CounterpartyOutputSerializer",
    "CurrencyOutputSerializer",
    "DeclarationChangesInputSerializer",
    "DeclarationDocumentInputSerializer",
    "DeclarationDocumentOutputSerializer",
    "DeclarationFieldsOutputSerializer",
    "DeclarationFilterSerializer",
    "DeclarationImportInputSerializer",
    "DeclarationImportOutputSerializer",
    "DeclarationImportReportEntrySerializer",
    "DeclarationInputSerializer",
    "DeclarationSummaryFieldsOutputSerializer",
    "ImportSummarySerializer",
    "MoneyInputSerializer",
    "MoneyOutputSerializer",
    "OrganisationRefSerializer",
    "ReceiveInputSerializer",
    "ReconversionSerializer",
    "ReconversionSideSerializer",
    "ReconvertedConversionSerializer",
    "ReconvertedRulebookSerializer",
    "ReconvertedVerdictSerializer",
    "ReferenceDataOutputSerializer",
    "VersionOutputSerializer",
    "WithdrawInputSerializer",
]
