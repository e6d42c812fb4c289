"""gunicorn's entry: `gunicorn -c python:psn_shared.gunicorn_conf psn_reports.wsgi:app`."""

from psn_reports.app import create_app

app = create_app()
