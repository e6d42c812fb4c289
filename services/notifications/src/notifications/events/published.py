"""The events notifications publishes, built from its domain objects: none yet.

Notifications only listens today. Its relay runs all the same (see `entrypoints/relay.py`), so
the first event it does publish is built here, as a function returning a `NewEvent`, and needs
no new process.
"""
