"""Stand-in worker kinds for test_workers: each appends its pid to $WORKER_KINDS_DIR/<name>.starts, then
runs until told to stop (writing <name>.stopped on the way out), raises once <name>.fail appears, or
exits with $<NAME>_EXIT."""
