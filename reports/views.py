"""Reports' pages: the coordinators' dashboard and import, and the public impact report.

Coordinators reach only their own programmes (another programme's slug is a 404); the
impact report's pages are public once a coordinator has published the report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import Program, User
from accounts.permissions import coordinated_programs, coordinator_page
from core import clock
from core.languages import reader_language
from core.links import site_url
from core.views import confirmation_page
from reports import selectors, services
from reports.exports import EXPORTS
from reports.forms import ConfirmImportForm, DashboardForm, ImportForm, PublishForm
from reports.gaps import LANGUAGE, gap_sentence, supply_and_demand
from reports.impact import (
    FIGURE_LABELS,
    HEADLINE,
    MONTHLY_LABELS,
    concern_figures,
    labelled,
    public_figures,
    shown,
)
from reports.imports import decode, import_check
from reports.pdf import impact_report_pdf, month_start
from reports.statistics import program_statistics
from reports.suppression import FEWER_THAN_FIVE, is_suppressed

View = Callable[..., HttpResponse]
CHARTED_GAPS = 12
COORDINATOR_FIGURES = {
    **FIGURE_LABELS,
    "requests_received": gettext_lazy("support requests received"),
    "requests_open": gettext_lazy("requests waiting now"),
    "matches_active": gettext_lazy("matches running (at the year's end or today)"),
}


def _program(request: HttpRequest, slug: str | None) -> Program:
    """The coordinated programme named `slug` (404 otherwise), or the first one by name."""
    programs = coordinated_programs(request.user).order_by("name")
    program = programs.filter(slug=slug).first() if slug else programs.first()
    if program is None:
        raise Http404
    return program


# A hidden count (1 to 4) is drawn as a hatched bar this long, with "fewer than 5" beside it.
SUPPRESSED_BAR = 4


def _number(value: Any) -> int | float | None:
    """A chart value: a hidden count is drawn as a hatched bar of SUPPRESSED_BAR."""
    return SUPPRESSED_BAR if is_suppressed(value) else value


def has_charts(charts: dict[str, dict[str, Any]]) -> bool:
    """Whether any chart has something to draw: the chart library loads only then."""
    return any(chart["rows"] for chart in charts.values())


def _chart(
    title: str, labels: list[str], series: list[tuple[str, list[Any]]], *, horizontal: bool = False
) -> dict[str, Any]:
    """What a chart draws (`data`, for json_script) and the same figures as a table."""
    return {
        "title": title,
        "data": {
            "horizontal": horizontal,
            "labels": labels,
            "datasets": [
                {
                    "label": label,
                    "data": [_number(value) for value in values],
                    "suppressed": [is_suppressed(value) for value in values],
                }
                for label, values in series
            ],
            "suppressed_label": shown(FEWER_THAN_FIVE),
        },
        "headers": [label for label, _values in series],
        "rows": [
            [label, *[shown(values[index]) for _label, values in series]]
            for index, label in enumerate(labels)
        ],
    }


def _month_labels(rows: list[dict[str, Any]]) -> list[str]:
    return [formats.date_format(month_start(row["month"]), "YEAR_MONTH_FORMAT") for row in rows]


def _breakdown_rows(breakdown: dict[str, Any], dimension: str) -> list[dict[str, Any]]:
    return labelled(breakdown, dimension, reader_language())


def _embed_snippet(program: Program, year: int) -> str:
    url = site_url("impact-report-embed", program.slug, year)
    title = _("Impact report %(year)s of %(program)s") % {
        "year": year,
        "program": program.local_name,
    }
    return f'<iframe src="{url}" title="{title}" width="360" height="200" loading="lazy"></iframe>'


@coordinator_page
def dashboard(request: HttpRequest) -> HttpResponse:
    """This year's (or a chosen year's) figures of a programme, the gaps, exports, report."""
    user = cast(User, request.user)
    program = _program(request, request.GET.get("program"))
    this_year = clock.today().year
    form = DashboardForm(
        {"program": program.slug, "year": str(this_year), **request.GET.dict()},
        programs=coordinated_programs(user).order_by("name"),
        program=program,
    )
    year = form.cleaned_data["year"] if form.is_valid() else this_year
    statistics = program_statistics(program=program, year=year)
    gaps = supply_and_demand(program=program)
    language = reader_language()
    months = statistics.by_month
    month_labels = _month_labels(months)
    charted = [gap for gap in gaps if gap.dimension == LANGUAGE][:CHARTED_GAPS]
    needs = _breakdown_rows(statistics.by_need, "need")
    languages = _breakdown_rows(statistics.by_language, "language")
    charts = {
        "months": _chart(
            _("Matches by month"),
            month_labels,
            [
                (str(MONTHLY_LABELS["matches_started"]), [m["matches_started"] for m in months]),
                (
                    str(MONTHLY_LABELS["commitments_completed"]),
                    [m["commitments_completed"] for m in months],
                ),
            ],
        ),
        "waits": _chart(
            _("Waiting times of open requests by language (days)"),
            [gap.label(language) for gap in charted],
            [
                (_("Median wait"), [gap.median_wait_days for gap in charted]),
                (_("Longest wait"), [gap.longest_wait_days for gap in charted]),
            ],
            horizontal=True,
        ),
        "needs": _chart(
            _("Needs of the matches running this year"),
            [row["label"] for row in needs],
            [(_("Matches"), [row["value"] for row in needs])],
            horizontal=True,
        ),
        "languages": _chart(
            _("First languages of the newcomers supported"),
            [row["label"] for row in languages],
            [(_("Newcomers"), [row["value"] for row in languages])],
            horizontal=True,
        ),
    }
    published = selectors.published_reports_of(program).get(year)
    query = urlencode({"program": program.slug})
    return render(
        request,
        "coordinators/dashboard.html",
        {
            "form": form,
            "program": program,
            "year": year,
            "statistics": statistics,
            "figures": [
                {"label": label, "value": getattr(statistics, name)}
                for name, label in COORDINATOR_FIGURES.items()
            ],
            # As the report publishes them, for every coordinator: only leads read more.
            "concerns": concern_figures(public_figures(statistics)),
            "months": list(zip(month_labels, months, strict=True)),
            "needs": needs,
            "languages": languages,
            "districts": _breakdown_rows(statistics.by_district, "district"),
            "gaps": [{"gap": gap, "sentence": gap_sentence(gap, language)} for gap in gaps],
            "charts": charts,
            "has_charts": has_charts(charts),
            "exports": [
                {"kind": kind, "url": reverse("export", args=[kind]) + "?" + query}
                for kind in EXPORTS
            ],
            "published": published,
            "embed_snippet": _embed_snippet(program, year) if published else "",
        },
    )


@coordinator_page
@require_http_methods(["GET", "POST"])
def report_publish(request: HttpRequest) -> HttpResponse:
    """Publish, refresh or take down a year's impact report (GET: the confirmation first)."""
    user = cast(User, request.user)
    data = request.POST if request.method == "POST" else request.GET
    program = _program(request, data.get("program"))
    form = PublishForm(data, programs=coordinated_programs(user), program=program)
    dashboard = reverse("coordinator-dashboard-page") + "?" + urlencode({"program": program.slug})
    if not form.is_valid():
        messages.error(request, _("Choose a programme and a year."))
        return redirect(dashboard)
    year = form.cleaned_data["year"]
    action = form.cleaned_data["action"]
    if request.method == "GET":
        return _publish_confirmation(request, program=program, year=year, action=action)
    if action == "unpublish":
        services.report_unpublish(program=program, year=year)
        messages.success(request, _("The impact report is no longer public."))
    else:
        services.report_publish(program=program, year=year, by=user)
        messages.success(request, _("The impact report is published with today's figures."))
    return redirect(dashboard + "&" + urlencode({"year": year}))


def _publish_confirmation(
    request: HttpRequest, *, program: Program, year: int, action: str
) -> HttpResponse:
    back = (
        reverse("coordinator-dashboard-page")
        + "?"
        + urlencode({"program": program.slug, "year": str(year)})
    )
    public = reverse("impact-report-page", args=[program.slug, year])
    hidden: dict[str, Any] = {"program": program.slug, "year": year, "action": action}
    if action == "unpublish":
        return confirmation_page(
            request,
            title=_("Take the impact report down?"),
            subject=_("%(program)s, %(year)s") % {"program": program.name, "year": year},
            happens=[
                _("The public page and the PDF answer “not found” until you publish again."),
                _("Websites that show the headline figure show nothing."),
            ],
            told=[],
            action=reverse("coordinator-report-publish-page"),
            hidden=hidden,
            button=_("Take it down"),
            destructive=True,
            back=back,
        )
    return confirmation_page(
        request,
        title=_("Publish the impact report?"),
        subject=_("%(program)s, %(year)s") % {"program": program.name, "year": year},
        happens=[
            _(
                "Today's figures become public at once, at %(address)s and as a PDF; publishing "
                "again later replaces them."
            )
            % {"address": public},
            _(
                "Counts from 1 to 4 are shown as “fewer than 5”; no person is named except "
                "ambassadors who agreed to be shown."
            ),
        ],
        told=[_("Anyone: the page is public and may be shared; nobody is e-mailed.")],
        action=reverse("coordinator-report-publish-page"),
        hidden=hidden,
        button=_("Publish"),
        back=back,
    )


@coordinator_page
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a spreadsheet, see what it would do row by row, then confirm."""
    user = cast(User, request.user)
    programs = coordinated_programs(user).order_by("name")
    action = request.POST.get("action")
    form = ImportForm(
        request.POST if action == "check" else None,
        request.FILES if action == "check" else None,
        programs=programs,
    )
    context: dict[str, Any] = {"form": form}
    if action == "check" and form.is_valid():
        program = form.cleaned_data["program"]
        kind = form.cleaned_data["kind"]
        upload = form.cleaned_data["file"]
        try:
            text, encoding = decode(upload.read())
            report = import_check(program=program, kind=kind, text=text, encoding=encoding)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            context["report"] = report
            context["program"] = program
            if not report.has_rejects:
                batch = services.import_batch_stage(
                    program=program, kind=kind, text=text, file_name=upload.name, by=user
                )
                context["confirm_form"] = ConfirmImportForm(initial={"batch": batch.pk})
    elif action == "confirm":
        confirm = ConfirmImportForm(request.POST)
        if not confirm.is_valid():
            raise Http404
        batch = selectors.import_batch_of_coordinator(user, confirm.cleaned_data["batch"])
        try:
            report = services.import_batch_commit(batch=batch, by=user)
        except services.ImportRejected as rejected:
            messages.error(request, rejected.message)
            context.update(report=rejected.report, program=batch.program)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            summary = report.summary
            messages.success(
                request,
                _("Imported: %(create)d added, %(update)d updated.")
                % {"create": summary["create"], "update": summary["update"]},
            )
            return redirect("coordinator-import-page")
    return render(request, "coordinators/import.html", context)


def _public_context(slug: str, year: int) -> dict[str, Any]:
    report = selectors.public_report(slug, year)
    figures = report.figures
    language = reader_language()
    months = figures.get("by_month", [])
    month_labels = _month_labels(months)
    needs = labelled(figures.get("by_need", {}), "need", language)
    languages = labelled(figures.get("by_language", {}), "language", language)
    headline = [
        {"name": name, "label": FIGURE_LABELS[name], "shown": shown(figures.get(name, 0))}
        for name in (*HEADLINE, "check_in_hours")
    ]
    return {
        "report": report,
        "program": report.program,
        "year": year,
        "headline": headline,
        "concerns": concern_figures(figures),
        "months": [
            {
                "label": label,
                **{name: shown(row[name]) for name in MONTHLY_LABELS},
            }
            for label, row in zip(month_labels, months, strict=True)
        ],
        "monthly_labels": MONTHLY_LABELS,
        "needs": needs,
        "languages": languages,
        "districts": labelled(figures.get("by_district", {}), "district", language),
        "charts": {
            "months": _chart(
                _("New pairs and completed commitments by month"),
                month_labels,
                [
                    (
                        str(MONTHLY_LABELS["matches_started"]),
                        [m["matches_started"] for m in months],
                    ),
                    (
                        str(MONTHLY_LABELS["commitments_completed"]),
                        [m["commitments_completed"] for m in months],
                    ),
                ],
            ),
            "languages": _chart(
                _("Languages of the newcomers supported"),
                [row["label"] for row in languages],
                [(_("Newcomers"), [row["value"] for row in languages])],
                horizontal=True,
            ),
            "needs": _chart(
                _("What newcomers needed help with"),
                [row["label"] for row in needs],
                [(_("Pairs"), [row["value"] for row in needs])],
                horizontal=True,
            ),
        },
        "embed_snippet": _embed_snippet(report.program, year),
        "published_on": clock.local_date(report.published_at),
    }


def public_report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The published impact report, for anyone."""
    context = _public_context(slug, year)
    context["has_charts"] = has_charts(context["charts"])
    return render(request, "reports/impact_report.html", context)


def public_report_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = selectors.public_report(slug, year)
    response = HttpResponse(
        impact_report_pdf(report, language=reader_language()), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{slug}-{year}-impact-report.pdf"'
    return response


@xframe_options_exempt
def public_report_embed(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The headline figure in a tiny page other sites may show in an iframe."""
    report = selectors.public_report(slug, year)
    figures = report.figures
    return render(
        request,
        "reports/impact_embed.html",
        {
            "report": report,
            "program": report.program,
            "year": year,
            "mentoring": shown(figures.get("volunteers_mentoring", 0)),
            "supported": shown(figures.get("newcomers_supported", 0)),
            "report_url": site_url("impact-report-page", slug, year),
        },
    )
