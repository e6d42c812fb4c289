"""Walk the headline workflow over HTTP against a running system, printing each step.

    make run      # in one terminal
    make demo     # in another (PSN_*_URL and the administrator's login can be overridden)
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from psn_local import DEFAULT_PORTS, SystemConfig
from psn_shared.testing.workflow import Network, prepare

# Who is told what once the waiting request is allocated: each person's inbox is printed when these have come.
NOTICES = (("supporter", "candidate", ("peer_supporter_granted", "request_allocated_supporter")),
           ("line manager", "line_manager", ("peer_supporter_granted_manager",)),
           ("colleague", "requester", ("request_allocated_requester",)))


def walk(network: Network, say: Callable[[str], None]) -> None:
    """The headline, each step said once it has happened (the event-driven ones waited for)."""
    cast = prepare(network, say)
    request = network.ask_for_support(cast.requester)
    say(f"a colleague on the ward asked for support by video: request {request['status']} (no supporter yet)")
    started = time.perf_counter()
    network.complete_level_2(cast.cohort_id, cast.candidate)
    say("the trainer recorded the candidate's Level 2 completion")
    supporter = network.wait_allocatable(cast.candidate)
    say(f"through events alone the candidate is now an allocatable peer supporter "
        f"({supporter['monthly_capacity']} hours a month), {_since(started)} after the completion")
    allocated = network.wait_allocated(cast.requester, request["id"])
    holder = "the new supporter" if allocated["supporter_id"] == cast.candidate.id else "another supporter"
    say(f"the waiting request is now allocated to {holder}, {_since(started)} after the completion")
    for who, role, kinds in NOTICES:
        person = getattr(cast, role)
        for kind in kinds:
            network.wait_notice(person, kind)
        for entry in network.inbox(person):
            say(f"{who}'s inbox: {entry['subject']}")


def _since(started: float) -> str:
    return f"{(time.perf_counter() - started) * 1000:.0f} ms"


def main() -> None:
    urls = {s: os.environ.get(f"PSN_{s.upper()}_URL", f"http://127.0.0.1:{p}") for s, p in DEFAULT_PORTS.items()}
    defaults = SystemConfig()
    network = Network(urls, os.environ.get("PSN_ADMIN_EMAIL", defaults.admin_email),
                      os.environ.get("PSN_ADMIN_PASSWORD", defaults.admin_password))
    step = iter(range(1, 100))
    walk(network, lambda text: print(f"{next(step):2}. {text}"))
    print("Done: emails went to the SMTP server the system was started with.")


if __name__ == "__main__":
    main()
