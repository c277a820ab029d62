"""WSGI entry point."""

import os
from pathlib import Path

from django.apps import apps
from django.core.wsgi import get_wsgi_application
from django.template import Engine, TemplateDoesNotExist, TemplateSyntaxError
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocreate.settings")
application = get_wsgi_application()
# Import every view now (they import the charts' and PDFs' libraries), not on the first request: with gunicorn's
# --preload, each worker, and each replacement of one, starts from this already-loaded process. Nothing here opens
# a database connection, so no connection is shared across the fork.
get_resolver().url_patterns  # noqa: B018


def _compile_templates() -> None:
    """Compile every template of our apps into the cached loader now, so a new worker does not compile them on its
    first requests (that was the slow tail after each worker's replacement)."""
    engine = Engine.get_default()
    for app in apps.get_app_configs():
        root = Path(app.path) / "templates"
        if not app.name.startswith("cocreate.") or not root.is_dir():
            continue
        for path in root.rglob("*.html"):
            try:
                engine.get_template(path.relative_to(root).as_posix())
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue


_compile_templates()
