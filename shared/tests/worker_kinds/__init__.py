"""Stand-in worker kinds for test_workers: each writes its pid to $WORKER_KINDS_DIR/<name>.pid,
then runs until SIGTERM (writing <name>.stopped on the way out), or exits with $<NAME>_EXIT."""
