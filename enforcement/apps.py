from django.apps import AppConfig
from django.db.models.signals import post_save

from base.choices import Role

GROUP = "一单 · 执法问责"
OFFICES = (Role.ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE, Role.DEPARTMENT, Role.TOWNSHIP)
COMMITTEES = (Role.ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE, Role.LEADER)


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = "执法与问责"
    navigation = [
        ("enforcement:prompt_list_version_list", "违法行为提示清单", None, GROUP),
        ("enforcement:prompt_list_receipt_list", "清单签收", OFFICES, GROUP),
        ("enforcement:coverage", "清单送达覆盖", OFFICES, GROUP),
        ("enforcement:penalty_list", "行政处罚", OFFICES, GROUP),
        ("enforcement:judicial_transfer_list", "移送司法", OFFICES, GROUP),
        ("enforcement:accident_list", "生产安全事故", None, GROUP),
        ("enforcement:accountability_case_list", "责任追究", COMMITTEES, GROUP),
        ("enforcement:unit_assessment_list", "评先评优挂钩", (*COMMITTEES, Role.DEPARTMENT), GROUP),
        ("enforcement:statistics", "执法统计", (*OFFICES, Role.LEADER), GROUP),
    ]

    def ready(self):
        # The delivery on grid's visit page, through the panel it renders.
        from grid.models import SupervisionVisit

        from . import panels  # noqa: F401
        from .models import Accident

        post_save.connect(_deliver_from_visit, sender=SupervisionVisit, dispatch_uid="enforcement.deliver_from_visit")
        post_save.connect(_report_accident, sender=Accident, dispatch_uid="enforcement.report_accident")


def _deliver_from_visit(sender, instance, created, raw=False, **kwargs):
    """However a visit is recorded (phone page, API), one that hands over the list reaches its enterprise."""
    from .services import delivery_from_visit

    if not raw and instance.prompt_list_delivered:
        delivery_from_visit(visit=instance)


def _report_accident(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """However an accident is recorded (page, API, demo), the committees hear of it and the assessment follows."""
    from .services import accident_report

    if not raw and (created or update_fields is None):
        accident_report(accident=instance)
