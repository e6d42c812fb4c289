"""gunicorn 'sessions.entrypoints.wsgi:app'"""

from sessions.app import create_app

app = create_app()
