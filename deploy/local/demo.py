"""Walk the headline workflow over HTTP against a running system, printing each step.

    make run      # in one terminal
    make demo     # in another (PSN_*_URL and the administrator's login can be overridden)
"""

from __future__ import annotations

import os
import time

from psn_local import DEFAULT_PORTS, SystemConfig
from psn_shared.testing.workflow import Network, prepare


def main() -> None:
    urls = {s: os.environ.get(f"PSN_{s.upper()}_URL", f"http://127.0.0.1:{p}") for s, p in DEFAULT_PORTS.items()}
    defaults = SystemConfig()
    network = Network(urls, os.environ.get("PSN_ADMIN_EMAIL", defaults.admin_email),
                      os.environ.get("PSN_ADMIN_PASSWORD", defaults.admin_password))
    step = iter(range(1, 100))

    def say(text: str) -> None:
        print(f"{next(step):2}. {text}")

    cast = prepare(network, say)
    request = network.ask_for_support(cast.requester)
    say(f"a colleague on the ward asked for support by video: request {request['status']} (no supporter yet)")
    started = time.perf_counter()
    network.complete_level_2(cast.cohort_id, cast.candidate)
    say("the trainer recorded the candidate's Level 2 completion")
    supporter = network.wait_allocatable(cast.candidate)
    elapsed = (time.perf_counter() - started) * 1000
    say(f"through events alone the candidate is now an allocatable peer supporter "
        f"({supporter['monthly_capacity']} hours a month), {elapsed:.0f} ms after the completion")
    allocated = network.support_request(cast.requester, request["id"])
    say(f"the waiting request is now {allocated['status']}, to the new supporter: "
        f"{allocated['supporter_id'] == cast.candidate.id}")
    for who, person in (("supporter", cast.candidate), ("line manager", cast.line_manager),
                        ("colleague", cast.requester)):
        for entry in network.inbox(person):
            say(f"{who}'s inbox: {entry['subject']}")
    print("Done: emails went to the SMTP server the system was started with.")


if __name__ == "__main__":
    main()
