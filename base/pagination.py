from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

# How far a list is counted: past it, a list says "at least" instead of counting every row of its years.
COUNT_BOUND = 10_000
# A page number past any list's end, so that an absurd one is "no such page", not a LIMIT the database refuses.
PAGE_LIMIT = 10**9


class BoundedPaginator(Paginator):
    """Counts a list as far as it is read: ``COUNT_BOUND`` rows, or past the page asked for.

    A count of every row grows with the years a table holds (the city's hazards of ten years),
    and the rest of a page does not. Officials read the first pages and filter for the others,
    so beyond the bound the count says "at least" (``exact`` is false). Every page stays
    reachable: asking for a page counts just past it, so its next page is known.
    """

    def __init__(self, object_list, per_page, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.horizon = COUNT_BOUND

    def validate_number(self, number):
        try:
            asked = min(int(number), PAGE_LIMIT)
        except (TypeError, ValueError, OverflowError):
            asked = 1
        horizon = max(COUNT_BOUND, asked * int(self.per_page))
        if horizon > self.horizon:
            self.horizon = horizon
            self.__dict__.pop("count", None)
            self.__dict__.pop("num_pages", None)
        return super().validate_number(number)

    @cached_property
    def count(self) -> int:
        """The rows up to ``horizon``, plus one when there are more (then ``exact`` is false)."""
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return len(rows[: self.horizon + 1])
        if not rows.query.distinct_fields:
            # The order does not change how many rows there are, and sorting them all to count would.
            rows = rows.order_by()
        return rows[: self.horizon + 1].count()

    @property
    def exact(self) -> bool:
        return self.count <= self.horizon

    @property
    def counted(self) -> int:
        """The count to show: every row when ``exact``, else the rows counted (shown as "at least")."""
        return min(self.count, self.horizon)


class Pagination(PageNumberPagination):
    """Page-number pagination with ``count`` and ``results``; ``page_size`` up to 500.

    ``count`` is exact up to ``COUNT_BOUND`` rows (or past the page asked for); beyond,
    ``count_exact`` is false and ``count`` is how many were counted. ``next`` always leads on.
    """

    django_paginator_class = BoundedPaginator
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.counted,
                "count_exact": paginator.exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = f"行数；超过 {COUNT_BOUND:,} 行时为已数到的行数"
        response["properties"]["count_exact"] = {"type": "boolean", "description": "count 是否为全部行数"}
        response["required"].append("count_exact")
        return response
