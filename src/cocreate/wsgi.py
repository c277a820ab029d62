"""WSGI entry point."""

import os
from pathlib import Path

from django.core.wsgi import get_wsgi_application
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
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
    engine = engines["django"].engine
    package = Path(__file__).resolve().parent
    for directory in engine.template_loaders[0].get_dirs() if engine.template_loaders else []:
        root = Path(directory).resolve()
        if package not in root.parents:
            continue
        for path in root.rglob("*.html"):
            try:
                engine.get_template(path.relative_to(root).as_posix())
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue


_compile_templates()
