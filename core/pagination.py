from __future__ import annotations

from django.http import HttpRequest
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (at most 200), as the public API promises."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def query_without_page(request: HttpRequest) -> str:
    """The list page's filters as a query string, for its page links to add `page=` to."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
