from psn_shared.gunicorn_conf import *  # noqa: F403
