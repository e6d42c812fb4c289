"""A stream of headline workflows and the count of each one's effects, for the tests that break
things underneath it (a cluster node stopped, copies of processes killed)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import create_engine, text

from psn_shared.testing.workflow import Cast, Network, Person, prepare


@dataclass
class Workflow:
    cast: Cast
    request_id: str

    @classmethod
    def begun(cls, network: Network) -> Workflow:
        """A new cast (a cohort, its Level 2 candidate, a colleague) whose colleague has asked for support."""
        cast = prepare(network)
        return cls(cast, network.ask_for_support(cast.requester)["id"])

    def allocated(self, network: Network) -> bool:
        request = network.support_request(self.cast.requester, self.request_id)
        return request["status"] == "allocated" and request["supporter_id"] == self.cast.candidate.id


def count_outbox(database_url: str, event_type: str, *needles: str) -> int:
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    clauses = " ".join(f"AND body LIKE :n{i}" for i in range(len(needles)))
    with engine.connect() as conn:
        count = conn.execute(text(f"SELECT count(*) FROM outbox WHERE routing_key = :t {clauses}"),
                             {"t": event_type, **{f"n{i}": f"%{n}%" for i, n in enumerate(needles)}}).scalar()
    engine.dispose()
    return count


# Each workflow's effects and how many times each must happen: the supporter is told twice (made
# a peer supporter, then allocated a colleague), in the inbox and by email.
EXPECTED = {"peer_supporter granted": 1, "supporter activated": 1, "request allocated": 1,
            "supporter's inbox entries": 2, "supporter's emails": 2}
# The headline's two emails to the supporter; training's own news (their Level 1, the nomination, the place)
# comes beside them and is not the headline's.
HEADLINE_SUBJECTS = ("You are now a peer supporter", "A colleague has been matched with you")


def headline_emails(mailbox, person: Person) -> list:
    return [m for m in mailbox.to(person.email) if str(m["Subject"] or "") in HEADLINE_SUBJECTS]


def effects(network: Network, mailbox, databases: dict[str, str], workflow: Workflow) -> dict[str, int]:
    """How many times each effect of one workflow has happened."""
    candidate = workflow.cast.candidate
    return {
        "peer_supporter granted": count_outbox(databases["identity"], "identity.role.granted", candidate.id,
                                               "peer_supporter"),
        "supporter activated": count_outbox(databases["sessions"], "sessions.supporter.activated", candidate.id),
        "request allocated": count_outbox(databases["sessions"], "sessions.request.allocated", workflow.request_id),
        "supporter's inbox entries": len([e for e in network.inbox(candidate)
                                          if not e["kind"].startswith("training_")]),
        "supporter's emails": len(headline_emails(mailbox, candidate)),
    }


def complete(counts: dict[str, int]) -> bool:
    return all(counts[effect] >= times for effect, times in EXPECTED.items())


def lost_and_doubled(counted: list[dict[str, int]]) -> tuple[int, int]:
    """Effects that did not happen as often as they must, and those that happened more often."""
    lost = sum(max(0, times - c[effect]) for c in counted for effect, times in EXPECTED.items())
    doubled = sum(max(0, c[effect] - times) for c in counted for effect, times in EXPECTED.items())
    return lost, doubled
