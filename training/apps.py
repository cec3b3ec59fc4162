from django.apps import AppConfig

ORGANISERS = ("city_committee", "county_committee", "admin")
OFFICES = ("city_committee", "county_committee", "township", "department", "admin")


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "警示教育"
    navigation = [
        ("training:warning_class_list", "警示教育学习班", OFFICES, "一季一班"),
        ("training:attendance_list", "签到记录", OFFICES, "一季一班"),
        ("training:coverage", "企业负责人参训覆盖", OFFICES, "一季一班"),
        ("training:accident_case_list", "典型事故案例", OFFICES, "一季一班"),
    ]
