"""Reports API: a programme's statistics and supply-and-demand gaps, CSV import and export.

Coordinators only: volunteers and newcomers get 403, and a programme the caller does not
coordinate is 404 (its existence does not leak).
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponseBase, StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.permissions import IsCoordinator
from core import clock
from core.api_views import JSONErrorsMixin, as_drf_error
from core.languages import reader_language
from reports import services
from reports.exports import EXPORTS, csv_lines
from reports.gaps import supply_and_demand
from reports.imports import MAX_BYTES, ImportReport, decode, import_check
from reports.models import ImportKind
from reports.selectors import program_of_coordinator
from reports.statistics import program_statistics

# Statistics -----------------------------------------------------------------------------------


class YearInput(serializers.Serializer[Any]):
    year = serializers.IntegerField(required=False)


class MonthOutput(serializers.Serializer[Any]):
    month = serializers.CharField(help_text="YYYY-MM")
    matches_started = serializers.IntegerField()
    commitments_completed = serializers.IntegerField()
    requests_received = serializers.IntegerField()
    check_in_hours = serializers.FloatField()


class StatsOutput(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    volunteers_registered = serializers.IntegerField()
    volunteers_trained = serializers.IntegerField()
    volunteers_mentoring = serializers.IntegerField()
    newcomers_supported = serializers.IntegerField()
    requests_open = serializers.IntegerField()
    requests_received = serializers.IntegerField()
    matches_active = serializers.IntegerField()
    matches_started = serializers.IntegerField()
    commitments_completed = serializers.IntegerField()
    certificates_issued = serializers.IntegerField()
    check_in_hours = serializers.FloatField()
    by_need = serializers.DictField(child=serializers.IntegerField())
    by_language = serializers.DictField(child=serializers.IntegerField())
    by_district = serializers.DictField(child=serializers.IntegerField())
    by_month = MonthOutput(many=True)


def _year(request: Request) -> int | None:
    data = YearInput(data=request.query_params)
    data.is_valid(raise_exception=True)
    return cast(int | None, data.validated_data.get("year"))


class StatsView(APIView):
    """The programme's exact figures for a year (definitions: `reports.statistics`)."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="Defaults to the current year.")],
        responses={200: StatsOutput},
    )
    def get(self, request: Request, slug: str) -> Response:
        program = program_of_coordinator(request.user, slug)
        year = _year(request)
        try:
            statistics = program_statistics(
                program=program, year=year if year is not None else _this_year()
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        return Response(StatsOutput(statistics.as_dict()).data)


def _this_year() -> int:
    return clock.today().year


class GapOutput(serializers.Serializer[Any]):
    dimension = serializers.ChoiceField(choices=["language", "need"])
    code = serializers.CharField()
    # Serializer fields named like attributes of DRF's base classes: the metaclass collects
    # them as fields, which the stubs cannot see.
    label = serializers.CharField()  # type: ignore[assignment]
    requests_waiting = serializers.IntegerField()
    median_wait_days = serializers.FloatField()
    longest_wait_days = serializers.IntegerField()
    ready_volunteers = serializers.IntegerField()
    free_places = serializers.IntegerField()
    shortfall = serializers.IntegerField()
    is_gap = serializers.BooleanField()


class GapsView(APIView):
    """Open requests against ready volunteers, per language and need; the gaps first."""

    permission_classes = [IsCoordinator]

    @extend_schema(responses={200: GapOutput(many=True)})
    def get(self, request: Request, slug: str) -> Response:
        program = program_of_coordinator(request.user, slug)
        language = reader_language()
        gaps = [gap.as_dict(language) for gap in supply_and_demand(program=program)]
        return Response(GapOutput(gaps, many=True).data)


# Import -----------------------------------------------------------------------------------------


class ImportInput(serializers.Serializer[Any]):
    file = serializers.FileField()
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    program = serializers.SlugField(required=False, allow_blank=True)
    dry_run = serializers.BooleanField(default=True)

    def validate_file(self, file: Any) -> Any:
        if file.size > MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": MAX_BYTES // (1024 * 1024)}
            )
        return file


class ImportRowOutput(serializers.Serializer[Any]):
    row = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["create", "update", "reject"])
    full_name = serializers.CharField()
    email = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]  # a field, see GapOutput
        child=serializers.ListField(child=serializers.CharField())
    )


class ImportSummaryOutput(serializers.Serializer[Any]):
    create = serializers.IntegerField()  # type: ignore[assignment]  # a field, see GapOutput
    update = serializers.IntegerField()  # type: ignore[assignment]
    reject = serializers.IntegerField()
    total = serializers.IntegerField()


class ImportOutput(serializers.Serializer[Any]):
    dry_run = serializers.BooleanField()
    kind = serializers.CharField()
    program = serializers.CharField()
    encoding = serializers.CharField()
    delimiter = serializers.CharField()
    columns = serializers.DictField(child=serializers.CharField())
    ignored_columns = serializers.ListField(child=serializers.CharField())
    summary = ImportSummaryOutput()
    rows = ImportRowOutput(many=True)


def import_body(report: ImportReport, *, dry_run: bool, program: str) -> dict[str, Any]:
    return {
        "dry_run": dry_run,
        "kind": report.kind,
        "program": program,
        "encoding": report.encoding,
        "delimiter": report.delimiter,
        "columns": report.columns,
        "ignored_columns": report.ignored_columns,
        "summary": report.summary,
        "rows": [
            {
                "row": row.row,
                "action": row.action,
                "full_name": row.full_name,
                "email": row.email,
                "errors": row.errors,
            }
            for row in report.rows
        ],
    }


class ImportView(APIView):
    """Upload a CSV of volunteers or newcomers: a dry run by default, or the import itself.

    A confirmed import (`dry_run: false`) writes every row or, if any row is rejected, none
    (400 with the same per-row report under `rows`).
    """

    permission_classes = [IsCoordinator]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportInput},
        responses={200: ImportOutput, 400: OpenApiResponse(description="Invalid file or rows")},
    )
    def post(self, request: Request) -> Response:
        data = ImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        program = program_of_coordinator(request.user, values.get("program"))
        try:
            text, encoding = decode(values["file"].read())
            if values["dry_run"]:
                report = import_check(
                    program=program, kind=values["kind"], text=text, encoding=encoding
                )
            else:
                report = services.import_commit(
                    program=program, kind=values["kind"], text=text, by=cast(User, request.user)
                )
                report.encoding = encoding
        except DjangoValidationError as error:
            raise as_drf_error(error) from None
        except services.ImportRejected as rejected:
            body = import_body(rejected.report, dry_run=False, program=program.slug)
            return Response(
                {**body, "file": [rejected.message]}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(import_body(report, dry_run=values["dry_run"], program=program.slug))


# Export -----------------------------------------------------------------------------------------


class CSVRenderer(BaseRenderer):
    """Lets a client ask for text/csv; the body itself is streamed by the view."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        return str(data).encode()


class ExportView(JSONErrorsMixin, APIView):
    """The programme's volunteers, requests, matches (with check-in totals) or certificates
    as CSV (UTF-8 with BOM, comma-separated; formula-like cells neutralised)."""

    permission_classes = [IsCoordinator]
    renderer_classes = [JSONRenderer, CSVRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "kind",
                str,
                OpenApiParameter.PATH,
                enum=sorted(EXPORTS),
                description="What to export",
            ),
            OpenApiParameter("program", str, description="Slug; optional with one programme"),
        ],
        operation_id="exports_retrieve",
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request: Request, kind: str) -> HttpResponseBase:
        program = program_of_coordinator(request.user, request.query_params.get("program"))
        export = EXPORTS[kind]
        response = StreamingHttpResponse(
            csv_lines(export.rows(program)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{program.slug}-{kind}.csv"'
        return response
