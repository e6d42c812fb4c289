"""gunicorn 'notifications.entrypoints.wsgi:app'"""

from notifications.app import create_app

app = create_app()
