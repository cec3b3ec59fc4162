import os

from django.core.wsgi import get_wsgi_application

from base.process import freeze_loaded_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanming_safety.settings")
application = get_wsgi_application()
freeze_loaded_objects()
