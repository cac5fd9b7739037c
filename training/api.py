"""Training API: modules, sessions with sign-up and attendance, completions, lapses.

Coordinators write for the programmes they coordinate; volunteers read their programme's
modules and sessions and sign themselves up. Objects of other programmes are unknown ids.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role, User
from accounts.permissions import (
    IsCoordinator,
    IsVolunteer,
    coordinated_programs,
    has_role,
    is_coordinator,
    program_for_coordinator,
    within_coordinated_programs,
)
from core import clock
from core.api_views import as_drf_error
from core.languages import reader_language
from training import checks, lapses, services
from training.filters import SessionFilter
from training.models import (
    SafeguardingCheck,
    SessionSignup,
    TrainingCompletion,
    TrainingModule,
    TrainingSession,
)
from training.selectors import TrainingOverview, training_overview
from volunteers.models import VolunteerProfile
from volunteers.selectors import confirmed_volunteers, volunteer_for_coordinator
from volunteers.services import volunteer_profile_get_or_create

TRANSLATED_LANGUAGES = ("pl", "uk", "en")


class IsCoordinatorOrReadingVolunteer(BasePermission):
    """Coordinators do everything; volunteers may read (GET) and act on their own sign-up."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if is_coordinator(request.user):
            return True
        volunteer_actions = getattr(view, "volunteer_actions", ())
        reading = request.method in ("GET", "HEAD", "OPTIONS")
        return (reading or view.action in volunteer_actions) and has_role(
            request.user, Role.VOLUNTEER
        )


class TranslationsField(serializers.JSONField):
    """{"uk": {"title": ..., "description": ...}, "en": {...}}."""

    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Expected an object keyed by language code."))
        for language, texts in value.items():
            if language not in TRANSLATED_LANGUAGES:
                raise serializers.ValidationError(_("Unknown language: %s.") % language)
            if not isinstance(texts, dict) or set(texts) - {"title", "description"}:
                raise serializers.ValidationError(
                    _("Each language holds a title and a description.")
                )
            if any(not isinstance(text, str) or len(text) > 2000 for text in texts.values()):
                raise serializers.ValidationError(_("Titles and descriptions are short texts."))
        return value


class ModuleSerializer(serializers.ModelSerializer[TrainingModule]):
    program = serializers.SlugField(source="program.slug", required=False)
    required = serializers.BooleanField(source="is_required", default=True)  # type: ignore[assignment]
    active = serializers.BooleanField(source="is_active", default=True)
    validity_months = serializers.IntegerField(
        min_value=1, max_value=120, allow_null=True, required=False
    )
    translations = TranslationsField(required=False)
    localized = serializers.SerializerMethodField()

    class Meta:
        model = TrainingModule
        fields = [
            "id", "program", "title", "description", "translations", "required",
            "validity_months", "delivery", "position", "active", "localized",
        ]  # fmt: skip

    def get_localized(self, module: TrainingModule) -> dict[str, str]:
        language = reader_language()
        return {"title": module.title_in(language), "description": module.description_in(language)}


class DefaultModulesInput(serializers.Serializer[Any]):
    program = serializers.SlugField(required=False)


class ModuleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[TrainingModule],
):
    permission_classes = [IsAuthenticated, IsCoordinatorOrReadingVolunteer]
    serializer_class = ModuleSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[TrainingModule]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no caller
            return TrainingModule.objects.none()
        modules = TrainingModule.objects.select_related("program")
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return within_coordinated_programs(modules, self.request.user)
        return modules

    def perform_create(self, serializer: serializers.BaseSerializer[TrainingModule]) -> None:
        data = dict(serializer.validated_data)
        slug = data.pop("program", {}).get("slug")
        program = program_for_coordinator(self.request.user, slug)
        try:
            serializer.instance = services.module_create(program=program, data=data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    def perform_update(self, serializer: serializers.BaseSerializer[TrainingModule]) -> None:
        data = dict(serializer.validated_data)
        data.pop("program", None)  # a module stays in its programme
        try:
            serializer.instance = services.module_update(
                module=cast(TrainingModule, serializer.instance), data=data
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    @extend_schema(request=DefaultModulesInput, responses={201: ModuleSerializer(many=True)})
    @action(detail=False, methods=["post"], pagination_class=None)  # the list as it is
    def defaults(self, request: Request) -> Response:
        """Add the four typical modules to a programme (those already there are kept)."""
        if not is_coordinator(request.user):
            raise PermissionDenied
        data = DefaultModulesInput(data=request.data)
        data.is_valid(raise_exception=True)
        program = program_for_coordinator(request.user, data.validated_data.get("program"))
        created = services.modules_add_defaults(program=program)
        return Response(ModuleSerializer(created, many=True).data, status=status.HTTP_201_CREATED)


class ModuleInScopeField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A module of a programme the caller coordinates; others read as unknown ids."""

    def get_queryset(self) -> QuerySet[TrainingModule]:
        return within_coordinated_programs(
            TrainingModule.objects.all(), self.context["request"].user
        )


class VolunteerInScopeField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    def get_queryset(self) -> QuerySet[VolunteerProfile]:
        return within_coordinated_programs(confirmed_volunteers(), self.context["request"].user)


class SessionSerializer(serializers.ModelSerializer[TrainingSession]):
    program = serializers.SlugField(source="program.slug", read_only=True)
    module = ModuleInScopeField()
    module_title = serializers.SerializerMethodField()
    signed_up = serializers.IntegerField(read_only=True, source="signup_count", default=0)
    places_left = serializers.SerializerMethodField()
    is_signed_up = serializers.SerializerMethodField()
    capacity = serializers.IntegerField(min_value=1, max_value=500, default=20)
    duration_minutes = serializers.IntegerField(min_value=15, max_value=600, default=120)

    class Meta:
        model = TrainingSession
        fields = [
            "id", "program", "module", "module_title", "starts_at", "duration_minutes", "place",
            "online_link", "trainer", "capacity", "signed_up", "places_left", "is_signed_up",
            "attendance_marked_at",
        ]  # fmt: skip
        read_only_fields = ["attendance_marked_at"]

    def get_module_title(self, session: TrainingSession) -> str:
        return session.module.title_in(reader_language())

    def get_places_left(self, session: TrainingSession) -> int:
        return max(session.capacity - getattr(session, "signup_count", 0), 0)

    def get_is_signed_up(self, session: TrainingSession) -> bool:
        return session.pk in self.context.get("my_session_ids", ())

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        place = attrs.get("place", getattr(self.instance, "place", ""))
        link = attrs.get("online_link", getattr(self.instance, "online_link", ""))
        if not place and not link:
            raise serializers.ValidationError({"place": [_("Give a place or an online link.")]})
        return attrs


class SignupSerializer(serializers.Serializer[Any]):
    def to_representation(self, signup: SessionSignup) -> dict[str, Any]:
        return {
            "volunteer": {"id": signup.volunteer_id, "full_name": signup.volunteer.user.full_name},
            "attended": signup.attended,
            "signed_up_at": signup.created_at,
        }


class AttendanceInput(serializers.Serializer[Any]):
    attended = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)


class SessionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[TrainingSession],
):
    """Coordinators schedule sessions and mark attendance; volunteers sign up."""

    permission_classes = [IsAuthenticated, IsCoordinatorOrReadingVolunteer]
    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    volunteer_actions = ("signup",)

    def get_queryset(self) -> QuerySet[TrainingSession]:
        if getattr(self, "swagger_fake_view", False):
            return TrainingSession.objects.none()
        sessions = TrainingSession.objects.select_related("program", "module").annotate(
            signup_count=Count("signups")
        )
        if self.action in ("create", "attendance"):
            sessions = within_coordinated_programs(sessions, self.request.user)
        return sessions.order_by("starts_at", "pk")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        user = self.request.user
        if user.is_authenticated:
            context["my_session_ids"] = set(
                SessionSignup.objects.filter(volunteer__user=user).values_list(
                    "session_id", flat=True
                )
            )
        return context

    def perform_create(self, serializer: serializers.BaseSerializer[TrainingSession]) -> None:
        data = dict(serializer.validated_data)
        module = data.pop("module")
        try:
            serializer.instance = services.session_schedule(
                module=module, data=data, by=cast(User, self.request.user)
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None

    @extend_schema(request=None, responses={201: SignupSerializer, 204: None})
    @action(detail=True, methods=["post", "delete"])
    def signup(self, request: Request, pk: str) -> Response:
        """A volunteer takes (POST) or gives back (DELETE) a place in the session."""
        if not has_role(request.user, Role.VOLUNTEER):
            raise PermissionDenied
        session = self.get_object()
        try:
            volunteer = volunteer_profile_get_or_create(user=cast(User, request.user))
            if request.method == "DELETE":
                services.session_cancel_sign_up(session=session, volunteer=volunteer)
                return Response(status=status.HTTP_204_NO_CONTENT)
            signup = services.session_sign_up(session=session, volunteer=volunteer)
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(SignupSerializer(signup).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AttendanceInput, responses={200: SignupSerializer(many=True)})
    @action(detail=True, methods=["get", "post"])
    def attendance(self, request: Request, pk: str) -> Response:
        """The sign-up list (GET); POST `{attended: [volunteer ids]}` marks the whole list."""
        if not is_coordinator(request.user):
            raise PermissionDenied
        session = self.get_object()
        if request.method == "POST":
            data = AttendanceInput(data=request.data)
            data.is_valid(raise_exception=True)
            try:
                services.attendance_mark(
                    session=session,
                    attended_volunteer_ids=data.validated_data["attended"],
                    by=cast(User, request.user),
                )
            except DjangoValidationError as error:
                raise as_drf_error(error) from None
        signups = SessionSignup.objects.filter(session=session).select_related("volunteer__user")
        return Response(SignupSerializer(signups, many=True).data)


class CompletionSerializer(serializers.ModelSerializer[TrainingCompletion]):
    volunteer = VolunteerInScopeField()
    module = ModuleInScopeField()
    module_title = serializers.SerializerMethodField()
    is_expired = serializers.SerializerMethodField()

    class Meta:
        model = TrainingCompletion
        fields = [
            "id", "volunteer", "module", "module_title", "completed_on", "expires_on",
            "is_expired", "session",
        ]  # fmt: skip
        read_only_fields = ["expires_on", "session"]
        validators: list[Any] = []  # the same module on the same day is idempotent, not an error

    def get_module_title(self, completion: TrainingCompletion) -> str:
        return completion.module.title_in(reader_language())

    def get_is_expired(self, completion: TrainingCompletion) -> bool:
        return completion.expires_on is not None and completion.expires_on < clock.today()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["completed_on"] > clock.today():
            raise serializers.ValidationError(
                {"completed_on": [_("A completion cannot be in the future.")]}
            )
        if attrs["module"].program_id != attrs["volunteer"].program_id:
            raise serializers.ValidationError(
                {"module": [_("This module belongs to another programme.")]}
            )
        return attrs


class CompletionsView(APIView):
    """POST one completion or a list of them: all are recorded, or (400) none."""

    permission_classes = [IsAuthenticated, IsCoordinator]

    @extend_schema(request=CompletionSerializer, responses={201: CompletionSerializer})
    def post(self, request: Request) -> Response:
        many = isinstance(request.data, list)
        data = CompletionSerializer(data=request.data, many=many, context={"request": request})
        data.is_valid(raise_exception=True)
        rows = data.validated_data if many else [data.validated_data]
        entries = [
            services.CompletionEntry(
                volunteer_id=row["volunteer"].pk,
                module=row["module"],
                completed_on=row["completed_on"],
            )
            for row in rows
        ]
        stored = services.completions_record(entries=entries, by=cast(User, request.user))
        body = CompletionSerializer(stored if many else stored[0], many=many).data
        return Response(body, status=status.HTTP_201_CREATED)


class LapseSerializer(serializers.Serializer[Any]):
    def to_representation(self, lapse: lapses.Lapse) -> dict[str, Any]:
        today = clock.today()
        return {
            "volunteer": {
                "id": lapse.volunteer.pk,
                "full_name": lapse.volunteer.user.full_name,
                "email": lapse.volunteer.user.email,
            },
            "kind": "training" if lapse.module else "safeguarding",
            "module": lapse.module.pk if lapse.module else None,
            "check_kind": lapse.check_kind or None,
            "item": lapse.item_in(reader_language()),
            "expires_on": lapse.expires_on,
            "days_left": lapse.days_left(today),
        }


class LapsesView(APIView):
    """Who is about to lapse (within 30 days) or lapsed in the last 90 days, soonest first."""

    permission_classes = [IsAuthenticated, IsCoordinator]

    @extend_schema(responses={200: LapseSerializer(many=True)})
    def get(self, request: Request) -> Response:
        program_ids = coordinated_programs(request.user).values_list("pk", flat=True)
        found = lapses.lapses_for_coordinator(program_ids=program_ids)
        return Response(LapseSerializer(found, many=True).data)


class CheckSerializer(serializers.ModelSerializer[SafeguardingCheck]):
    expires_on = serializers.DateField(required=False, allow_null=True)
    verified_by = serializers.CharField(source="verified_by.full_name", read_only=True, default="")
    valid = serializers.SerializerMethodField()

    class Meta:
        model = SafeguardingCheck
        fields = ["id", "kind", "checked_on", "expires_on", "verified_by", "valid"]
        validators: list[Any] = []  # the same check on the same day is idempotent

    def get_valid(self, check: SafeguardingCheck) -> bool:
        return check.expires_on >= clock.today()


def training_overview_data(overview: TrainingOverview) -> dict[str, Any]:
    """The body of GET /volunteers/{id}/training/: a one-page list of completions plus status."""
    volunteer = overview.volunteer
    language = reader_language()
    today = clock.today()
    completions = CompletionSerializer(overview.completions, many=True).data
    valid_until = volunteer.minors_check_valid_until
    return {
        "count": len(completions),
        "next": None,
        "previous": None,
        "results": completions,
        "volunteer": {"id": volunteer.pk, "full_name": volunteer.user.full_name},
        "status": volunteer.status,
        "trained": volunteer.is_trained,
        "missing": [
            {"id": module.pk, "title": module.title_in(language)} for module in overview.missing
        ],
        "safeguarding": {
            "checks": CheckSerializer(overview.checks, many=True).data,
            "minors_check_valid_until": valid_until,
            "cleared_for_minors": valid_until is not None and valid_until >= today,
        },
        "next_sessions": SessionSerializer(
            overview.next_sessions,
            many=True,
            context={"my_session_ids": overview.signed_up_session_ids},
        ).data,
    }


TRAINING_OVERVIEW_SCHEMA = inline_serializer(
    "TrainingOverview",
    {
        "count": serializers.IntegerField(),
        "results": CompletionSerializer(many=True),
        "trained": serializers.BooleanField(),
        "status": serializers.CharField(),
        "missing": serializers.ListField(child=serializers.DictField()),
        "safeguarding": serializers.DictField(),
        "next_sessions": SessionSerializer(many=True),
    },
)


class MyTrainingView(APIView):
    """The volunteer's own training: completions, what is missing, the next sessions."""

    permission_classes = [IsAuthenticated, IsVolunteer]

    @extend_schema(responses={200: TRAINING_OVERVIEW_SCHEMA})
    def get(self, request: Request) -> Response:
        volunteer = volunteer_profile_get_or_create(user=cast(User, request.user))
        return Response(training_overview_data(training_overview(volunteer)))


class VolunteerTrainingView(APIView):
    """A volunteer's completions with expiry, missing modules and safeguarding checks."""

    permission_classes = [IsAuthenticated, IsCoordinator]

    @extend_schema(operation_id="volunteers_training_retrieve", responses=TRAINING_OVERVIEW_SCHEMA)
    def get(self, request: Request, pk: int) -> Response:
        volunteer = volunteer_for_coordinator(request.user, pk)
        return Response(training_overview_data(training_overview(volunteer)))


class VolunteerChecksView(APIView):
    """GET a volunteer's recorded checks; POST `{kind, checked_on, expires_on?}` records one
    seen."""

    permission_classes = [IsAuthenticated, IsCoordinator]

    @extend_schema(
        operation_id="volunteers_safeguarding_checks_retrieve",
        responses=CheckSerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        volunteer = volunteer_for_coordinator(request.user, pk)
        checks = volunteer.safeguarding_checks.select_related("verified_by")
        return Response(CheckSerializer(checks, many=True).data)

    @extend_schema(
        operation_id="volunteers_safeguarding_checks_create",
        request=CheckSerializer,
        responses={201: CheckSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        volunteer = volunteer_for_coordinator(request.user, pk)
        data = CheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            check = checks.safeguarding_check_record(
                volunteer=volunteer, by=cast(User, request.user), **data.validated_data
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(CheckSerializer(check).data, status=status.HTTP_201_CREATED)
