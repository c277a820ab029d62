"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocreate.settings")
application = get_wsgi_application()
# Import every view now (they import the charts' and PDFs' libraries), not on the first request: with gunicorn's
# --preload, each worker, and each replacement of one, starts from this already-loaded process. Nothing here opens
# a database connection, so no connection is shared across the fork.
get_resolver().url_patterns  # noqa: B018
