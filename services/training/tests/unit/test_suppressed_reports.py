"""Training's reports as shown: small counts suppressed, none recoverable from a total."""

from __future__ import annotations

from training.domain import suppressed_reports


def row(staff: int, done: int, **names: object) -> dict:
    return {**names, "staff": staff, "with_level_1": done, "share": round(done / staff, 3) if staff else None}


def test_a_small_team_is_hidden_and_so_is_what_would_give_it_away():
    counted = {
        "teams": [row(3, 1, team_id="a", service="Acute"), row(40, 20, team_id="b", service="Acute"),
                  row(30, 30, team_id="c", service="Mental Health")],
        "services": [row(43, 21, service="Acute"), row(30, 30, service="Mental Health")],
        "overall": row(73, 51),
    }
    shown = suppressed_reports.level_1_coverage(counted)
    small, big, whole = shown["teams"]
    assert (small["staff"], small["with_level_1"], small["share"]) == ("<5", "<5", None)
    # Acute's total is shown, so team b's counts would reveal team a's: they are withheld.
    assert big["staff"] == "withheld" and big["share"] is None
    assert (whole["staff"], whole["with_level_1"], whole["share"]) == (30, 30, 1.0)
    assert shown["overall"]["staff"] == 73


def test_each_pipeline_count_is_suppressed_alone():
    assert suppressed_reports.pipeline({"level": 2, "nominated": 3, "completed": 12}) == {
        "level": 2, "nominated": "<5", "completed": 12}
