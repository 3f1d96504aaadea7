from django.contrib import admin

from backend.evidence.models import DisclosurePolicy, EvidenceExport, EvidencePack


@admin.register(DisclosurePolicy)
class DisclosurePolicyAdmin(admin.ModelAdmin):
    """Admins raise the suppression threshold here (the model refuses anything below 3)."""

    list_display = ("min_participants", "updated_by", "updated_at")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(EvidencePack)
class EvidencePackAdmin(admin.ModelAdmin):
    """Read-only view of stored manifests."""

    list_display = ("manifest_hash", "audience", "organisation", "created_at", "last_verified_ok")
    readonly_fields = [f.name for f in EvidencePack._meta.fields]


@admin.register(EvidenceExport)
class EvidenceExportAdmin(admin.ModelAdmin):
    """Read-only view of export jobs."""

    list_display = ("format", "status", "progress", "organisation", "created_at")
    readonly_fields = [f.name for f in EvidenceExport._meta.fields]
