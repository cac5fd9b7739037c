from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Manager, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from accounts.models import Program
from core.models import Located


class VolunteerStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    READY = "ready", _("Ready to mentor")
    ACTIVE = "active", _("Mentoring")
    PAUSED = "paused", _("Paused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SupportRole(models.TextChoices):
    """Ways to help besides mentoring, from the integration strategies' recommendations."""

    LANGUAGE_PARTNER = "language_partner", _("Language partner (conversation tandem)")
    INTERPRETER = "interpreter", _("Interpreter at offices")
    HOUSING_HOST = "housing_host", _("Housing host or helper")


class VolunteerProfile(Located):  # type: ignore[django-manager-missing]
    """A resident who mentors newcomers. Lists hold vocabulary codes (see core.vocabulary)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profile"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="volunteers")
    # {"uk": "B2", "pl": "native"}: a mapping, so a language cannot appear twice.
    languages = models.JSONField(_("languages"), default=dict, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    support_roles = models.JSONField(_("support roles"), default=list, blank=True)
    max_distance_km = models.PositiveSmallIntegerField(_("maximum distance (km)"), default=10)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), default=2)
    days = models.JSONField(_("days"), default=list, blank=True)
    modes = models.JSONField(_("modes"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(_("newcomers at a time"), default=1)
    bio = models.TextField(_("about me"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VolunteerStatus.choices,
        default=VolunteerStatus.REGISTERED,
    )
    # Derived by the training rules, never typed in.
    is_trained = models.BooleanField(_("trained"), default=False)
    # The earlier expiry of the two safeguarding checks (criminal record and the register of
    # sexual offenders), derived from SafeguardingCheck; empty until both were seen. Work with
    # minors is allowed while it is today or later.
    minors_check_valid_until = models.DateField(
        _("cleared for work with minors until"), null=True, blank=True
    )
    # Maintained by matching when a match starts or ends.
    active_matches = models.PositiveSmallIntegerField(default=0)
    # Held out of new matches while a safeguarding concern about them awaits a lead's
    # decision, or for good after removal (set by `safeguarding`; no reason kept here).
    safeguarding_hold = models.BooleanField(
        _("held for a safeguarding review"), default=False, db_default=False
    )
    # The latest version of the programme's safeguarding policy they confirmed reading (the
    # dated record is `safeguarding.PolicyReading`); checked before a first match.
    policy_read_version = models.PositiveIntegerField(default=0, db_default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[Manager[VolunteerProfile]] = ScopedManager(program="program")

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["user__full_name", "pk"]
        indexes = [
            models.Index(fields=["program", "status"]),
            # The statistics' registered volunteers by a year's end: counted from the index.
            models.Index(fields=["program", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=5), name="volunteer_capacity_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(max_distance_km__gte=1, max_distance_km__lte=100),
                name="volunteer_distance_1_to_100",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=1, hours_per_week__lte=40),
                name="volunteer_hours_1_to_40",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.program.slug})"

    @property
    def has_capacity(self) -> bool:
        return self.active_matches < self.capacity


class AgreementTerms(models.Model):  # type: ignore[django-manager-missing]
    """A programme's volunteer agreement (porozumienie wolontariackie, art. 44 of the Act on
    public benefit activity and volunteering): who the organisation is, who signs for it, and
    the text, in Polish and optionally in Ukrainian and English.

    The texts may name the parts the platform fills in as `${name}` (see
    `volunteers.agreements.PLACEHOLDERS`). `version` grows with every change (the service
    bumps it), and each volunteer's agreement records the version it was made from.
    """

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="agreement_terms"
    )
    organisation_name = models.CharField(_("organisation's name"), max_length=250)
    organisation_address = models.CharField(_("organisation's address"), max_length=300)
    krs = models.CharField(_("KRS number"), max_length=10, blank=True)
    nip = models.CharField(_("NIP"), max_length=10, blank=True)
    regon = models.CharField(_("REGON"), max_length=14, blank=True)
    signatory = models.CharField(_("signs for the organisation"), max_length=200)
    text_pl = models.TextField(_("agreement text (Polish)"), max_length=20000)
    text_uk = models.TextField(_("agreement text (Ukrainian)"), max_length=20000, blank=True)
    text_en = models.TextField(_("agreement text (English)"), max_length=20000, blank=True)
    # When set, a match is approved only for a volunteer whose agreement is signed.
    is_required_before_matching = models.BooleanField(
        _("a signed agreement is required before a match is approved"), default=False
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"))

    objects: ClassVar[Manager[AgreementTerms]] = ScopedManager(program="program")

    class Meta:
        verbose_name = _("volunteer agreement terms")
        verbose_name_plural = _("volunteer agreement terms")
        constraints = [
            models.CheckConstraint(
                condition=~Q(text_pl=""), name="agreement_terms_polish_text_required"
            ),
            models.CheckConstraint(
                condition=~Q(nip="", regon=""), name="agreement_terms_nip_or_regon"
            ),
        ]

    def __str__(self) -> str:
        return f"agreement terms of programme {self.program_id} (v{self.version})"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_SIGNATURE = "awaiting_signature", _("Awaiting signature")
    SIGNED = "signed", _("Signed")


class SignedHow(models.TextChoices):
    PAPER = "paper", _("On paper")
    ELECTRONIC = "electronic", _("Electronically")


class VolunteerAgreement(models.Model):  # type: ignore[django-manager-missing]
    """A volunteer's agreement as it was produced: the filled text (`content`, frozen, so a
    later change of the terms or the profile changes no agreement already given) and the PDF
    made from it (`document`, its SHA-256 in `document_sha256`), which is what is signed.

    Signed on paper (the coordinator records the day and who signed for the programme) or
    electronically (the volunteer uploads the PDF signed with a trusted profile or a qualified
    signature; `signed_document` keeps it after the check in `volunteers.signatures`).
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="agreements"
    )
    version = models.PositiveIntegerField(_("version of the terms"))
    language = models.CharField(_("the volunteer's language"), max_length=2)
    # {"title", "parties": [...], "sections": {language: [paragraph, ...]}, "made_on"}
    content = models.JSONField(default=dict)
    made_at = models.DateTimeField(_("made at"))
    document = models.BinaryField(editable=False)
    document_sha256 = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AgreementStatus.choices,
        default=AgreementStatus.AWAITING_SIGNATURE,
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_how = models.CharField(
        _("signed how"), max_length=10, choices=SignedHow.choices, blank=True
    )
    # Paper: who signed for the programme. Electronic: the signer named by the certificate.
    signed_for_program_by = models.CharField(
        _("signed for the programme by"), max_length=200, blank=True
    )
    signer_name = models.CharField(_("signature's signer"), max_length=300, blank=True)
    signer_trusted = models.BooleanField(_("signer's certificate trusted"), default=False)
    signed_document = models.BinaryField(null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[Manager[VolunteerAgreement]] = ScopedManager(program="program")

    class Meta:
        verbose_name = _("volunteer agreement")
        verbose_name_plural = _("volunteer agreements")
        ordering = ["-version", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "version"], name="volunteer_agreement_once_per_version"
            ),
            models.CheckConstraint(
                condition=Q(status="signed", signed_on__isnull=False) & ~Q(signed_how="")
                | ~Q(status="signed") & Q(signed_on__isnull=True, signed_how=""),
                name="volunteer_agreement_signed_has_date_and_way",
            ),
        ]

    def __str__(self) -> str:
        return f"agreement v{self.version} of volunteer {self.volunteer_id}"
