from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "readingroom.staff"
    verbose_name = "Staff"
