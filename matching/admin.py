from django.contrib import admin

from matching.models import Match, MatchDecision, MatchingRun, PairExclusion


class MatchDecisionInline(admin.TabularInline[MatchDecision, Match]):
    model = MatchDecision
    extra = 0
    readonly_fields = ["action", "by", "at", "note"]
    can_delete = False


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin[Match]):
    """Read mostly: decisions go through the services, which keep capacities and requests
    in step."""

    list_display = ["pk", "program", "volunteer", "newcomer", "status", "score", "started_on"]
    list_filter = ["status", "health", "program"]
    list_select_related = ["program", "volunteer__user", "newcomer__user"]
    raw_id_fields = ["request", "volunteer", "newcomer", "run"]
    readonly_fields = ["status", "score", "breakdown", "reasons", "proposed_at", "decided_at"]
    inlines = [MatchDecisionInline]


@admin.register(PairExclusion)
class PairExclusionAdmin(admin.ModelAdmin[PairExclusion]):
    list_display = ["volunteer", "newcomer", "source", "created_at"]
    list_filter = ["source", "program"]
    raw_id_fields = ["volunteer", "newcomer"]


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin[MatchingRun]):
    list_display = ["pk", "program", "status", "proposals", "created_at", "finished_at"]
    list_filter = ["status", "program"]
    readonly_fields = [field.name for field in MatchingRun._meta.fields]
