from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from knox import views as knox_views
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.authentication import ScopedTokenAuthentication
from accounts.models import ApiToken, Language, Program, User, normalize_email
from accounts.security import client_address, sign_in_blocked, sign_in_failed
from accounts.services import SELF_REGISTERING_ROLES
from accounts.verification import is_email_confirmed
from core.api_views import as_drf_error
from core.languages import reader_language
from core.text import one_line


class RegisterInput(serializers.Serializer[dict[str, Any]]):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    role = serializers.ChoiceField(
        choices=[(role.value, role.label) for role in SELF_REGISTERING_ROLES]
    )
    program = serializers.SlugField(max_length=50)
    full_name = serializers.CharField(max_length=150, validators=[one_line])
    preferred_language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text="Defaults to the request's language (Accept-Language), else the programme's.",
    )

    def validate_program(self, slug: str) -> Program:
        program = selectors.program_by_slug(slug)
        if program is None:
            raise ValidationError("There is no programme with this identifier.")
        return program


class RegisterOutput(serializers.Serializer[Any]):
    # Always null: the answer is the same whether or not the address already had an account
    # (the owner is e-mailed instead), so it cannot carry the new account's id. GET
    # /api/v1/auth/me/ gives it once signed in.
    id = serializers.IntegerField(allow_null=True)
    email = serializers.EmailField()
    role = serializers.CharField()
    program = serializers.CharField()


class RegisterView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=RegisterInput, responses={201: RegisterOutput})
    def post(self, request: Request) -> Response:
        data = RegisterInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            services.user_register(
                email=values["email"],
                password=values["password"],
                full_name=values["full_name"],
                role=values["role"],
                program=values["program"],
                preferred_language=values.get("preferred_language") or reader_language(),
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        body = {
            "id": None,
            "email": normalize_email(values["email"]),
            "role": values["role"],
            "program": values["program"].slug,
        }
        return Response(RegisterOutput(body).data, status=status.HTTP_201_CREATED)


class TokenInput(serializers.Serializer[Any]):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False)
    # Coordinators' and staff's second factor: a TOTP or recovery code.
    code = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")


class TokenOutput(serializers.Serializer[Any]):
    token = serializers.CharField()


class TokenView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(request=TokenInput, responses={200: TokenOutput, 429: None})
    def post(self, request: Request) -> Response:
        """A token for valid credentials; after five failures in five minutes for the same
        e-mail and address, 429 until the window passes (the attempt is not even checked)."""
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        email, address = data.validated_data["email"], client_address(request)
        if sign_in_blocked(email, address):
            raise Throttled(wait=settings.SIGN_IN_FAILURE_WINDOW)
        try:
            token = services.token_issue(**data.validated_data)
        except DjangoValidationError as error:
            sign_in_failed(email, address)
            raise as_drf_error(error) from None
        return Response({"token": token})


class MeOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    preferred_language = serializers.CharField()
    role = serializers.CharField(allow_null=True)
    programs = serializers.ListField(child=serializers.CharField())
    # Until true, coordinators do not see the person (the link is in the welcome e-mail).
    email_confirmed = serializers.BooleanField()


class MeView(APIView):
    @extend_schema(responses=MeOutput)
    def get(self, request: Request) -> Response:
        user = cast(User, request.user)
        body = {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "preferred_language": user.preferred_language,
            "role": selectors.primary_role(user),
            "programs": selectors.program_slugs_of(user),
            "email_confirmed": is_email_confirmed(user),
        }
        return Response(MeOutput(body).data)


class ProgramOutput(serializers.ModelSerializer[Program]):
    class Meta:
        model = Program
        fields = ["slug", "name", "city", "commitment_months"]


class ProgramViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Program]
):
    """The programmes the caller belongs to (staff: all); others' are 404."""

    serializer_class = ProgramOutput
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Program]:
        return selectors.programs_visible()


# API tokens: the caller's own, listed and revoked ------------------------------------------


class LogoutView(knox_views.LogoutView):
    """POST: the token making the request stops working (204). Allowed without a second
    factor: anyone may give up a token."""

    authentication_classes = (ScopedTokenAuthentication,)
    allowed_without_second_factor = True

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, format: str | None = None) -> Response:
        return super().post(request, format)


class LogoutAllView(knox_views.LogoutAllView):
    """POST: every token of the caller stops working, this one included (204)."""

    authentication_classes = (ScopedTokenAuthentication,)
    allowed_without_second_factor = True

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, format: str | None = None) -> Response:
        return super().post(request, format)


class ApiTokenOutput(serializers.ModelSerializer[ApiToken]):
    """A token as its holder sees it: never the secret (nor its hash or key)."""

    second_factor = serializers.BooleanField(
        read_only=True, help_text="Issued after a second-factor check."
    )
    last_used = serializers.DateTimeField(read_only=True, allow_null=True)
    current = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["created", "expiry", "last_used", "second_factor", "current"]
        read_only_fields = fields

    def get_current(self, token: ApiToken) -> bool:
        """Whether this is the token the request was made with."""
        request = self.context.get("request")
        return getattr(getattr(request, "auth", None), "pk", None) == token.pk


class TokenListView(generics.ListAPIView):  # type: ignore[type-arg]
    """The caller's API tokens that have not expired, newest first."""

    serializer_class = ApiTokenOutput

    def get_queryset(self) -> QuerySet[ApiToken]:
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return selectors.api_tokens_of(cast(User, self.request.user))
