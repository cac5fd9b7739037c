from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.db.models import QuerySet
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Notification, Program, Role, User
from accounts.services import password_changed, privileges_raised, user_deactivate
from core.languages import SUPPORTED_LANGUAGES


class RevokingPasswordChangeForm(AdminPasswordChangeForm):
    """Staff setting someone's password: the person's tokens and sessions end too."""

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=commit)
        if commit:
            password_changed(user=user)
        return user


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password", "full_name", "preferred_language")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "full_name", "password1", "password2")}),)
    change_password_form = RevokingPasswordChangeForm

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        """Switching an account off or making it staff goes through the services: what the
        person had open before ends."""
        before = User.objects.filter(pk=obj.pk).values("is_active", "is_staff").first()
        super().save_model(request, obj, form, change)
        if before is None:
            return
        if before["is_active"] and not obj.is_active:
            user_deactivate(user=obj)
        elif obj.is_staff and not before["is_staff"]:
            privileges_raised(user=obj)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseFormSet, change: bool
    ) -> None:
        coordinating = set(
            Membership.objects.filter(user=form.instance, role=Role.COORDINATOR).values_list(
                "pk", flat=True
            )
        )
        super().save_formset(request, form, formset, change)
        now_coordinating = Membership.objects.filter(user=form.instance, role=Role.COORDINATOR)
        if now_coordinating.exclude(pk__in=coordinating).exists():
            privileges_raised(user=form.instance)


def _translation_field(label: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=200, required=False)


class ProgramForm(forms.ModelForm):  # type: ignore[type-arg]
    """The programme's name and city as typed (its own language) and in the others, kept in
    `translations` (core.models.Translated); an empty one falls back to the typed text."""

    translated = ("name", "city")

    name_pl = _translation_field(_("Name in Polish"))
    name_uk = _translation_field(_("Name in Ukrainian"))
    name_en = _translation_field(_("Name in English"))
    city_pl = _translation_field(_("City in Polish"))
    city_uk = _translation_field(_("City in Ukrainian"))
    city_en = _translation_field(_("City in English"))

    class Meta:
        model = Program
        fields = [
            "slug", "name", "city", "commitment_months", "max_distance_km", "matching_weights",
            "reminder_after_days", "at_risk_after_days", "tolerated_gap_months",
            "retention_months", "still_needed_after_days", "data_controller", "contact_email",
            "contact_phone",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for language in SUPPORTED_LANGUAGES:
            for name in self.translated:
                texts = self.instance.translations.get(language, {})
                self.initial[f"{name}_{language}"] = texts.get(name, "")

    def save(self, commit: bool = True) -> Program:
        translations: dict[str, dict[str, str]] = {}
        for language in SUPPORTED_LANGUAGES:
            for name in self.translated:
                value = self.cleaned_data.get(f"{name}_{language}", "").strip()
                if value:
                    translations.setdefault(language, {})[name] = value
        self.instance.translations = translations
        return super().save(commit)  # type: ignore[no-any-return]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    form = ProgramForm
    list_display = ["slug", "name", "city", "commitment_months"]
    search_fields = ["slug", "name", "city"]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return Program.directory.all()


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["key", "kind", "status", "created_at", "sent_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [
        "key", "user", "address", "kind", "subject", "body", "status", "sent_at", "attempts",
        "failure",
    ]  # fmt: skip


# allauth's own admin marks addresses verified around our adapter: the person would not join
# their programme's matching pool. Staff confirm through the same path as the e-mailed link.
admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class ConfirmingEmailAddressAdmin(EmailAddressAdmin):
    readonly_fields = ["verified"]

    @admin.action(description=_("Mark as confirmed (the person becomes visible)"))
    def make_verified(self, request: HttpRequest, queryset: QuerySet[EmailAddress]) -> None:
        adapter = get_adapter(request)
        for address in queryset.filter(verified=False).select_related("user"):
            if adapter.confirm_email(request, address):
                self.message_user(request, address.email, level=messages.SUCCESS)
