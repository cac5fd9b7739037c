from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (at most 200), as the public API promises."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
