"""A line manager sees Level 1 coverage of their own teams only, small counts suppressed."""

from __future__ import annotations

import uuid

from psn_shared.events import Envelope


def test_a_manager_sees_their_own_teams_and_nobody_elses(client, auth, coordinator, deliver, register):
    ward, other = str(uuid.uuid4()), str(uuid.uuid4())
    for team_id, name in ((ward, "Ward 9"), (other, "Ward 10")):
        deliver(Envelope.new("identity.team.created", {"team_id": team_id, "name": name, "service": "Acute",
                                                       "organisation": "NHS GGC"}, source="identity"))
    manager = register(team_id=ward)
    people = [register(team_id=ward, line_manager_id=manager) for _ in range(9)]
    register(team_id=other)
    for staff_id in people[:5]:
        made = client.post("/api/v1/level1-completions", headers=coordinator,
                           json={"staff_id": staff_id, "completed_on": "2026-10-01", "source": "learnpro"})
        assert made.status_code == 201, made.json

    mine = client.get("/api/v1/reports/my-teams/level-1-coverage", headers=auth(manager, "line_manager"))
    assert mine.status_code == 200
    assert [t["team_id"] for t in mine.json["teams"]] == [ward]
    # Ten on the ward (the manager too), five with Level 1, five without: nothing small, so all shown.
    assert (mine.json["overall"]["staff"], mine.json["overall"]["with_level_1"]) == (10, 5)

    nobody = client.get("/api/v1/reports/my-teams/level-1-coverage", headers=auth(people[0]))
    assert nobody.status_code == 200 and nobody.json["teams"] == [] and nobody.json["overall"]["staff"] == "<5"
    assert client.get("/api/v1/reports/my-teams/level-1-coverage").status_code == 401
