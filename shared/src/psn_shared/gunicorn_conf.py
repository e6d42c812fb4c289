"""gunicorn settings every service uses (each service's gunicorn.conf.py imports these).

`sync` workers, 3 by default: on these 2-core machines that beat more workers and every
gthread variant measured (FIELD-NOTES.md).
"""

import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
# With several workers the app is imported once, in the master, and the workers are forked from it:
# they share the imported code's memory pages instead of each holding its own copy. A single worker
# imports it itself: a master holding the app too would only keep the originals of the pages the
# worker writes to (bench/README.md, "Memory").
preload_app = workers > 1
timeout = 30
graceful_timeout = 20
accesslog = None
errorlog = "-"
# gunicorn's control socket (for `gunicornc`) defaults to one path a user, so every app on a machine would
# take it from the one before; processes are managed by signals here, by Kubernetes in a cluster.
control_socket_disable = True

# Every worker writes its metrics to files in one directory, so /metrics (answered by whichever
# worker) reports the whole service; set before the workers import prometheus_client.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    import tempfile

    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="psn-metrics-")


def child_exit(_server: object, worker: object) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


# Asked to stop (SIGTERM), the app first says it is not ready (503 on /health/ready, see
# psn_shared.http) for SHUTDOWN_DRAIN_S while still serving, so load balancers take it out of
# rotation; then gunicorn stops as usual, finishing requests in hand (graceful_timeout).
shutdown_drain_s = float(os.environ.get("SHUTDOWN_DRAIN_S", "5"))


def on_starting(_server: object) -> None:
    """Wait a bounded time for the database and the broker it is given; exit non-zero without them.

    An app given no DATABASE_URL or AMQP_URL (the web front end, which has neither) waits for nothing.
    The checks run in a child process: they load PostgreSQL's driver and kombu (some 5 MiB), which the
    master, serving nothing itself, would otherwise hold for its whole life (bench/README.md, "Memory").
    """
    import logging
    import sys

    from psn_shared.logs import configure_logging

    configure_logging("gunicorn")
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            from psn_shared.dependencies import await_dependencies, checks_from_env

            await_dependencies(checks_from_env(broker=bool(os.environ.get("AMQP_URL"))))
            status = 0
        except SystemExit as exc:  # DependencyUnavailable, already logged
            status = exc.code if isinstance(exc.code, int) else 1
        except Exception:
            logging.getLogger("gunicorn.error").exception("waiting for the dependencies failed")
        finally:
            os._exit(status)
    status = _wait_passing_stops_on(pid)
    if status:
        sys.exit(status if status > 0 else 128 - status)


def _wait_passing_stops_on(pid: int) -> int:
    """The child's exit status; SIGTERM or SIGINT meanwhile is passed on to it, so asked to stop while
    it waits, the master stops at once and leaves no child behind to run out its wait."""
    import signal

    def pass_on(signum: int, _frame: object) -> None:
        os.kill(pid, signum)

    stops = (signal.SIGTERM, signal.SIGINT)
    before = {signum: signal.signal(signum, pass_on) for signum in stops}
    try:
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def pre_fork(_server: object, _worker: object) -> None:
    """Objects imported so far are never collected: the collector then leaves their pages shared."""
    import gc

    gc.freeze()


def post_worker_init(worker: object) -> None:
    """Each worker opens its own database connections, and publishes the events it commits right
    after the commit (the relay is the safety net)."""
    extensions = getattr(worker.wsgi, "extensions", {})
    if (engine := extensions.get("psn.engine")) is not None:
        engine.dispose(close=False)  # a connection the master opened must not be shared by two processes
    publish_own_events = extensions.get("psn.publish_own_events")
    if publish_own_events is not None:
        publish_own_events()


def when_ready(server: object) -> None:
    import signal
    import threading

    from psn_shared.process import draining_marker

    marker = draining_marker()
    if marker is None:  # set at the top of this file; only an odd override gets here
        return
    marker.unlink(missing_ok=True)
    stop_now = signal.getsignal(signal.SIGTERM)  # gunicorn's own: queue a graceful stop

    def drain_then_stop(signum: int, frame: object) -> None:
        marker.touch()
        server.log.info("not ready any more; stopping in %.1fs", shutdown_drain_s)
        threading.Timer(shutdown_drain_s, stop_now, args=(signum, frame)).start()

    signal.signal(signal.SIGTERM, drain_then_stop)
