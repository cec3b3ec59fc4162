"""The dashboard reads a county's and a township's own rows (the stored county, the open-hazard indexes),
and its numbers stay equal to a live count over the region tree after every step of a hazard's life."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from hazards import reports, services
from hazards.choices import AssignmentStatus, HazardColour, HazardGrade, HazardStatus
from hazards.models import Hazard, LeaderAssignment

from .factories import FIVE_IN_PLACE, HazardFactory

TODAY = timezone.localdate()


def live(region) -> dict:
    """The dashboard's hazard numbers counted the slow way: every hazard under the region's path."""
    hazards = Hazard.objects.filter(region__path__startswith=region.path).exclude(status=HazardStatus.CLOSED)
    late, major = Q(deadline__lt=TODAY), Q(grade=HazardGrade.MAJOR)
    led = Q(leader_assignments__status=AssignmentStatus.ACTIVE)
    colours = {
        HazardColour.RED: hazards.filter(major & late).count(),
        HazardColour.ORANGE: hazards.filter((major & ~late) | (~major & late)).count(),
        HazardColour.YELLOW: hazards.filter(~major & ~late).count(),
    }
    areas = []
    for area in reports.areas(region):
        mine = hazards.filter(region__path__startswith=area.path)
        areas.append(
            {
                HazardColour.RED: mine.filter(major & late).count(),
                HazardColour.ORANGE: mine.filter((major & ~late) | (~major & late)).count(),
                HazardColour.YELLOW: mine.filter(~major & ~late).count(),
            }
        )
    rounds = LeaderAssignment.objects.filter(hazard__region__path__startswith=region.path, round=TODAY.year)
    return {
        "open": hazards.count(),
        "overdue": hazards.filter(late).count(),
        "major": hazards.filter(major).count(),
        "major_no_leader": hazards.filter(major).exclude(led).count(),
        "colours": colours,
        "areas": areas,
        "round": rounds.aggregate(assigned=Count("pk"), completed=Count("pk", filter=Q(completed_on__isnull=False))),
    }


def shown(user) -> dict:
    data = reports.dashboard(user)
    return {
        "open": data["totals"]["open"],
        "overdue": data["totals"]["overdue"],
        "major": data["totals"]["major"],
        "major_no_leader": data["totals"]["major_no_leader"],
        "colours": {item["value"]: item["count"] for item in data["colours"]},
        "areas": [{c: row[c] for c in reports.OPEN_COLOURS} for row in data["areas"]],
        "round": {"assigned": data["round"]["assigned"], "completed": data["round"]["completed"]},
    }


def check(cast) -> None:
    """City, county and township dashboards against the live count; every hazard's stored county right."""
    for user, region in (
        (cast.user_city, cast.city),
        (cast.user_county, cast.county),
        (cast.user_a, cast.township_a),
        (cast.user_other_county, cast.other_county),
    ):
        assert shown(user) == live(region), region.name
    for hazard in Hazard.objects.select_related("region"):
        assert hazard.county_id == hazard.region.parent_id, hazard


def test_the_dashboard_equals_a_live_count_after_every_step(cast):
    check(cast)
    general = HazardFactory(region=cast.township_a)
    late = HazardFactory(region=cast.township_b, deadline=TODAY - datetime.timedelta(days=1))
    major = HazardFactory(region=cast.township_a, grade=HazardGrade.MAJOR, **FIVE_IN_PLACE)
    HazardFactory(region=cast.other_township, grade=HazardGrade.MAJOR)
    check(cast)  # found
    services.leader_assign(
        hazard=major,
        leader=cast.user_leader.official,
        by=cast.user_county,
        round=TODAY.year,
        target_date=TODAY + datetime.timedelta(days=30),
    )
    check(cast)  # assigned
    for hazard in (general, major, late):
        services.hazard_start_rectification(hazard=hazard, by=cast.user_a if hazard != late else cast.user_b)
    check(cast)  # rectifying
    extension = services.extension_request(
        hazard=late, by=cast.user_b, new_deadline=TODAY + datetime.timedelta(days=20), reason="设备到货延迟"
    )
    check(cast)  # extension asked: the deadline stays
    services.extension_decide(extension=extension, by=cast.user_county, approve=True)
    check(cast)  # extended: no longer overdue
    for hazard in (general, major):
        services.hazard_report_progress(hazard=hazard, by=cast.user_a, text="整改完毕", percent=100)
        services.hazard_submit_for_acceptance(hazard=hazard, by=cast.user_a)
    check(cast)  # awaiting acceptance
    services.hazard_accept(hazard=general, by=cast.user_county, note="已整改")
    check(cast)  # accepted and closed


def test_a_hazard_moved_to_another_county_is_counted_there(cast):
    hazard = HazardFactory(region=cast.township_a)
    check(cast)
    # Edited on its page (saved): the county follows the township.
    hazard.region = cast.other_township
    hazard.save()
    check(cast)
    # Moved in bulk (a queryset update): the county follows too.
    Hazard.objects.filter(pk=hazard.pk).update(region=cast.township_b)
    check(cast)
    # Created in bulk (imports, the demo): the county is filled in.
    Hazard.objects.bulk_create([HazardFactory.build(region=cast.other_township)])
    check(cast)


def test_a_county_dashboard_reads_its_own_hazards(cast, django_assert_max_num_queries):
    HazardFactory(region=cast.township_a)
    HazardFactory(region=cast.other_township)
    hazards = Hazard.objects.for_user(cast.user_county, "view").in_area(cast.county).open()
    assert "county_id" in str(hazards.query)
    assert hazards.count() == 1
