"""The training demo: a case library and a year of classes, made once however often it runs."""

import datetime

from django.utils import timezone

from training import demo
from training.models import AccidentCase, Attendance, WarningClass

from .factories import EnterpriseFactory


def test_the_demo_makes_the_case_library_and_a_year_of_classes_once(cast):
    EnterpriseFactory.create_batch(3, region=cast.township_a, industry="industrial_trade")
    today = timezone.localdate()
    assert demo.seed_cases(cast.city) == len(demo.CASES)
    assert demo.seed_classes(cast.city, today) == 5 + 4 * 11
    signed = demo.seed_attendance(today)
    assert (demo.seed_cases(cast.city), demo.seed_classes(cast.city, today), demo.seed_attendance(today)) == (0, 0, 0)
    assert AccidentCase.objects.filter(name="贵州毕节“1·4”在建工地滑坡重大事故", level="major").exists()
    assert WarningClass.objects.filter(level="city", year=today.year).count() == 5
    assert Attendance.objects.count() == signed
    held = WarningClass.objects.filter(ends_at__lt=timezone.now())
    assert not Attendance.objects.exclude(warning_class__in=held).exists()
    construction = WarningClass.objects.filter(industries__includes="construction")
    assert construction.exists() and all(k.cases.exists() for k in construction)
    assert datetime.date(today.year, 1, 1) <= min(k.starts_at.date() for k in WarningClass.objects.all())
