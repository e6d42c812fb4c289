"""`python -m psn_local`: start the whole system on this machine (what `make run` does)."""

from psn_local import main

main()
