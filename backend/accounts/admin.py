"""Django admin for provisioning organisations, participants and users; every change is audited."""

from typing import Any

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest

from backend.accounts.models import ApiToken, Membership, Organisation, ParticipantProfile, User
from backend.accounts.services import membership_role_problem, membership_set
from backend.audit.services import audit_record

SECRET_FIELDS = {"password", "digest"}


def _snapshot(obj: models.Model) -> dict[str, Any]:
    data = model_to_dict(obj)
    return {
        key: (str(value) if value is not None else None)
        for key, value in data.items()
        if key not in SECRET_FIELDS
    }


class AuditedAdmin(admin.ModelAdmin):
    """Writes an audit event with before/after in the same transaction as each admin change."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = _snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action=f"{obj._meta.model_name}.{'change' if change else 'create'}",
                obj=obj,
                before=before,
                after=_snapshot(obj),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=f"{obj._meta.model_name}.delete",
                obj=obj,
                before=_snapshot(obj),
            )
            super().delete_model(request, obj)


class ParticipantInline(admin.StackedInline):
    model = ParticipantProfile
    can_delete = False


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "is_active", "created_at")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    inlines = [ParticipantInline]


@admin.register(ParticipantProfile)
class ParticipantProfileAdmin(AuditedAdmin):
    list_display = ("organisation", "labelled", "cluster", "sector", "region", "has_fx_account")
    list_filter = ("labelled", "cluster", "has_fx_account", "categorised_operator")


class MembershipForm(forms.ModelForm):
    """Refuses, as a form error, a role the organisation's kind does not grant."""

    class Meta:
        model = Membership
        fields = ("user", "organisation", "role", "created_at")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation, role = data.get("organisation"), data.get("role")
        if organisation is not None and role:
            problem = membership_role_problem(organisation=organisation, role=role)
            if problem is not None:
                self.add_error("role", problem)
        return data


class MembershipInline(admin.StackedInline):
    model = Membership
    form = MembershipForm
    can_delete = False


@admin.register(User)
class UserAdmin(BaseUserAdmin, AuditedAdmin):
    list_display = ("username", "email", "is_active", "is_staff", "membership")
    inlines = [MembershipInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        # Role and membership changes go through the audited service, never a bare save; the
        # admin's change message reads these lists, and the audit event already says what changed.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() or not inline_form.cleaned_data:
                continue
            data = inline_form.cleaned_data
            membership_set(
                actor=request.user,
                user=form.instance,
                organisation=data["organisation"],
                role=data["role"],
            )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    readonly_fields = ("prefix", "digest", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are issued by their owner, so the raw value is shown to them alone


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AxesAccessAttemptAdmin):
    """Failed sign-ins counted by the lock-out policy; deleting them unlocks (audited)."""

    def _unlock(self, request: HttpRequest, attempts: Any) -> None:
        for attempt in attempts:
            audit_record(
                actor=request.user,
                action="auth.unlocked",
                after={
                    "username": attempt.username or "",
                    "ip": attempt.ip_address or "",
                    "failures": attempt.failures_since_start,
                },
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            self._unlock(request, [obj])
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            self._unlock(request, list(queryset))
            super().delete_queryset(request, queryset)
