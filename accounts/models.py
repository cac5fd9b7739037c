from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Manager
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from knox.models import AuthToken, AuthTokenManager

from core.models import Translated
from core.names import first_name_of


class Language(models.TextChoices):
    POLISH = "pl", _("Polish")
    UKRAINIAN = "uk", _("Ukrainian")
    ENGLISH = "en", _("English")


class Role(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer")
    NEWCOMER = "newcomer", _("Newcomer")
    COORDINATOR = "coordinator", _("Coordinator")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


def normalize_email(email: str) -> str:
    """E-mail addresses are compared without regard to case: one person, one account."""
    return email.strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.POLISH
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Whether one of the person's e-mail addresses (allauth's) is confirmed, mirrored here by
    # `accounts.verification` so that lists leave out the few unconfirmed from an index.
    email_confirmed = models.BooleanField(_("e-mail address confirmed"), default=False)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(email_confirmed=False),
                name="accounts_user_unconfirmed",
            )
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        # `email_confirmed` is the addresses' (accounts.verification): an object loaded before
        # an address changed (a password change, the admin) must not write its old value back.
        if kwargs.get("update_fields") is None and not self._state.adding and not args:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "email_confirmed"
            ]
        super().save(*args, **kwargs)

    @property
    def first_name(self) -> str:
        return first_name_of(self.full_name)


class Program(Translated):  # type: ignore[django-manager-missing]  # scoped managers
    """A city's or an NGO's welcome-ambassador programme: the unit every datum belongs to."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    commitment_months = models.PositiveSmallIntegerField(_("commitment in months"), default=6)
    max_distance_km = models.PositiveSmallIntegerField(_("maximum distance (km)"), default=30)
    # Per-programme matching weights by component name; empty means the engine's defaults.
    matching_weights = models.JSONField(_("matching weights"), default=dict, blank=True)
    reminder_after_days = models.PositiveSmallIntegerField(
        _("reminder after quiet days"), default=21
    )
    at_risk_after_days = models.PositiveSmallIntegerField(_("at risk after quiet days"), default=35)
    # A commitment is kept with a check-in in each of its months but this many.
    tolerated_gap_months = models.PositiveSmallIntegerField(
        _("months without a check-in tolerated"), default=1
    )
    retention_months = models.PositiveSmallIntegerField(_("retention in months"), default=24)
    # Safeguarding (see docs/safeguarding.md): where a concern goes when no lead is named,
    # and how long closed case records are kept (the law's, not the ordinary retention).
    safeguarding_email = models.EmailField(
        _("safeguarding contact address"), blank=True, db_default=""
    )
    concern_retention_months = models.PositiveSmallIntegerField(
        _("concern records kept for (months)"), default=120, db_default=120
    )
    # The current version of the programme's safeguarding policy (0: none published yet),
    # bumped by `safeguarding`; a volunteer confirms it before their first match.
    safeguarding_policy_version = models.PositiveIntegerField(
        default=0, db_default=0, editable=False
    )
    # Who holds the data and how to reach the programme: the privacy notice (GDPR Art. 13),
    # the accessibility statement and every page's footer show them.
    data_controller = models.TextField(
        _("data controller (name and address)"), blank=True, max_length=500
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    # An open request asks the newcomer "Do you still need help?" after this many days of
    # waiting (and again each period after a yes); no answer in 14 days pauses it.
    still_needed_after_days = models.PositiveSmallIntegerField(
        _("ask whether help is still needed after days"), default=30
    )
    # Bumped by lower floors when the matching pool changes, so matching's snapshots can tell
    # they are stale without signals or upward imports (see docs/architecture.md).
    pool_version = models.PositiveBigIntegerField(default=0, editable=False)
    # Bumped with every write of training completions, so reports can keep the programme's
    # trained-volunteer counts (a pass over every completion) until one changes.
    training_version = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # The programmes a request may see; `directory` is for public look-ups by slug
    # (registration) and operators' commands.
    objects: ClassVar[Manager[Program]] = ScopedManager(program="pk")
    directory: Manager[Program] = Manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(commitment_months__gte=1), name="program_commitment_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(at_risk_after_days__gt=models.F("reminder_after_days")),
                name="program_at_risk_after_reminder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"

    @property
    def local_name(self) -> str:
        """The name in the reader's language (or the programme's own)."""
        return self.in_language("name")

    @property
    def local_city(self) -> str:
        return self.in_language("city")

    def commitment_end(self, started_on: date) -> date:
        """The day a commitment started on `started_on` ends: calendar months later, clipped
        to the month's last day (31 August + 6 months is 28 or 29 February)."""
        return started_on + relativedelta(months=self.commitment_months)


class PoolChange(models.Model):
    """Which volunteers one `pool_version` of a programme changed, so matching's snapshots
    reload those alone instead of comparing every volunteer's stamp.

    `volunteer_ids` is None when the writer could not say (many rows, set-based): a snapshot
    then compares everything, as it does across a gap in this log (kept ~1,000 versions back).
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveBigIntegerField()
    volunteer_ids = models.JSONField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "version"], name="one_change_a_version")
        ]

    def __str__(self) -> str:
        return f"{self.program_id} v{self.version}"


class Membership(models.Model):
    """A person's role in one programme."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # A coordinator named to receive and handle safeguarding concerns of this programme.
    is_safeguarding_lead = models.BooleanField(
        _("safeguarding lead"), default=False, db_default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program"], name="membership_one_role_per_program"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.role} @ {self.program.slug}"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """An e-mail the platform owes someone, stored before it is sent.

    The unique `key` names the occasion (e.g. `welcome:42`, `reminder:match-7:2027-03`), so
    a task or sweep that runs twice finds the row already there and sends nothing twice.
    """

    key = models.CharField(max_length=200, unique=True)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    # The recipient without an account (a newcomer registered at an integration point);
    # empty when `user` is set.
    address = models.EmailField(blank=True)
    kind = models.CharField(max_length=50)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    # The language it was written in: the sender's name is given in it too.
    language = models.CharField(max_length=2, blank=True, default="")
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    # Set when a worker takes the row; a claim older than the task time limit is abandoned
    # (the worker died) and may be taken again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Why a message is `failed`: what no retry could fix (e.g. a header Django refuses).
    failure = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.key

    @property
    def recipient(self) -> str:
        return self.user.email if self.user is not None else self.address


class ApiTokenRecord(models.Model):
    """What knox does not keep about an API token: whether it was issued after a
    second-factor check (where two factors are required, a token without one opens nothing)
    and when it was last used (shown to its holder). Goes with its token."""

    token = models.OneToOneField(
        AuthToken, on_delete=models.CASCADE, primary_key=True, related_name="record"
    )
    second_factor = models.BooleanField(default=False)
    last_used = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"record of token {self.token_id}"


class ApiTokenManager(AuthTokenManager):  # type: ignore[misc]
    def get_queryset(self) -> models.QuerySet[ApiToken]:
        return super().get_queryset().select_related("record")


class ApiToken(AuthToken):  # type: ignore[misc]
    """knox's token as knox reads it here (REST_KNOX["TOKEN_MODEL"]): with its record, in
    the same query. A token issued before records existed has none: no second factor."""

    objects = ApiTokenManager()

    class Meta:
        proxy = True

    @property
    def token_record(self) -> ApiTokenRecord | None:
        return getattr(self, "record", None)

    @property
    def second_factor(self) -> bool:
        return bool(self.token_record and self.token_record.second_factor)

    @property
    def last_used(self) -> Any:
        return self.token_record.last_used if self.token_record else None
