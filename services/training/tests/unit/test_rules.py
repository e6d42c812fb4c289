from datetime import UTC, date, datetime, timedelta

import pytest

from psn_shared.errors import InvalidInput
from training.domain import imports
from training.domain.eligibility import level_3_eligibility
from training.domain.grading import AGENDA_FOR_CHANGE_LADDER, GradeLadder, grading_for
from training.domain.policy import Policy
from training.domain.staff import StaffCopy

NOW = datetime(2026, 11, 1, 10, tzinfo=UTC)


def supporter(grade: str | None = "Band 7", days: int | None = 365) -> StaffCopy:
    since = NOW - timedelta(days=days) if days is not None else None
    return StaffCopy(staff_id="ann", name="Ann", as_of=NOW, grade=grade, supporter_since=since)


@pytest.mark.parametrize(("grade", "rank"), [
    ("Band 7", 6), ("band 8a", 7), (" Band 8C ", 9), ("Band 9", 11), ("Grade 3", None), (None, None),
])
def test_grades_on_the_agenda_for_change_scale_compare(grade, rank):
    assert AGENDA_FOR_CHANGE_LADDER.rank(grade) == rank


def test_a_local_authority_s_own_scale_counts_for_level_3():
    council = GradeLadder(("Scale 1", "Scale 2", "SO1", "SO2", "PO1", "PO2"))
    grading = grading_for(None, "Band 7")
    assert level_3_eligibility(supporter("PO1"), level_2_done=True, level_2_lapsed=False, policy=Policy(),
                               now=NOW, grading=grading).reasons == ["grade PO1 cannot be compared with Band 7"]
    on_its_ladder = type(grading)(council, None, "SO2", 2)
    assert level_3_eligibility(supporter("po 1"), level_2_done=True, level_2_lapsed=False, policy=Policy(),
                               now=NOW, grading=on_its_ladder).eligible
    assert level_3_eligibility(supporter("SO1"), level_2_done=True, level_2_lapsed=False, policy=Policy(),
                               now=NOW, grading=on_its_ladder).reasons == ["grade SO1 is below SO2"]


def test_an_experienced_senior_supporter_is_eligible_for_level_3():
    result = level_3_eligibility(supporter("Band 8a"), level_2_done=True, level_2_lapsed=False, policy=Policy(),
                                 now=NOW)
    assert (result.eligible, result.reasons, result.refusal) == (True, [], None)


def test_every_unmet_condition_is_given_as_a_reason():
    result = level_3_eligibility(supporter("Band 5", days=30), level_2_done=False, level_2_lapsed=False,
                                 policy=Policy(), now=NOW)
    assert result.reasons == ["Level 2 is not complete", "a peer supporter for 30 days; 180 are needed",
                              "grade Band 5 is below Band 7"]
    lapsed = level_3_eligibility(supporter(days=None, grade="Officer"), level_2_done=True, level_2_lapsed=True,
                                 policy=Policy(), now=NOW)
    assert lapsed.reasons == ["the Level 2 certificate has lapsed; a refresher is due",
                              "not an active peer supporter", "grade Officer cannot be compared with Band 7"]


def test_the_thresholds_are_configurable():
    policy = Policy(level_3_min_supporter_period=timedelta(0), level_3_min_grade="Band 5")
    assert level_3_eligibility(supporter("Band 5", days=0), level_2_done=True, level_2_lapsed=False, policy=policy,
                               now=NOW).eligible


def test_an_import_file_is_parsed_with_its_header_in_any_case_and_order():
    rows = imports.parse("\ufeffCompletion_Date,Employee_Number,Course_Code\n2026-10-01, E1 ,GCC 277\n")
    assert rows == [imports.ImportRow(line=2, employee_number="E1", course_code="GCC 277",
                                      completion_date="2026-10-01")]


@pytest.mark.parametrize("content", ["", "employee_number,course_code\nE1,GCC 277\n", "employee_number,course_code,"
                                     "completion_date\n"])
def test_a_file_without_the_columns_or_rows_is_refused_whole(content):
    with pytest.raises(InvalidInput) as raised:
        imports.parse(content)
    assert raised.value.field == "file"


@pytest.mark.parametrize(("row", "outcome"), [
    (("E1", "GCC277", "2026-10-01"), None),
    (("E1", "gcc-277", "2026-10-01"), None),
    (("", "GCC 277", "2026-10-01"), imports.Outcome.INVALID_ROW),
    (("E1", "GCC 278", "2026-10-01"), imports.Outcome.WRONG_COURSE_CODE),
    (("E1", "GCC 277", "01/10/2026"), None),
    (("E1", "GCC 277", "2027-01-01"), imports.Outcome.INVALID_ROW),
])
def test_each_row_is_checked_on_its_own(row, outcome):
    completed_on, rejected = imports.check_row(imports.ImportRow(5, *row), ("GCC 277",), date(2026, 11, 1))
    assert (rejected.outcome if rejected else None) == outcome
    assert (completed_on is None) == (outcome is not None)


@pytest.mark.parametrize(("text", "day"), [
    ("2026-10-01", date(2026, 10, 1)),
    ("01/10/2026", date(2026, 10, 1)),  # a UK export: 1 October, never 10 January
    ("1/9/2026", date(2026, 9, 1)),
    ("10/31/2026", None),  # US order is not read: there is no 31st month
    ("31/02/2026", None),
    ("20261001", None),
    ("2026-W40-4", None),
    ("2026/10/01", None),
    ("01-10-2026", None),
    ("", None),
])
def test_a_completion_date_is_iso_or_uk_day_first(text, day):
    assert imports.completion_date(text) == day


def test_a_file_saved_month_first_is_refused_whole_naming_the_row_that_shows_it():
    content = ("employee_number,course_code,completion_date\nE1,GCC 277,03/04/2026\n"
               "E2,GCC 277,2026-05-01\nE3,GCC 277,03/25/2026\nE4,GCC 277,02/30/2026\n")
    with pytest.raises(InvalidInput) as refused:
        imports.parse(content)
    assert refused.value.field == "file"
    assert "month first (line 4: 03/25/2026)" in str(refused.value)


def test_a_file_whose_slashed_dates_can_all_be_day_first_is_read_day_first():
    content = "employee_number,course_code,completion_date\nE1,GCC 277,03/04/2026\nE2,GCC 277,25/03/2026\n"
    rows = imports.parse(content)
    assert [imports.completion_date(row.completion_date) for row in rows] == [date(2026, 4, 3), date(2026, 3, 25)]


def test_a_date_in_neither_form_is_refused_naming_both():
    _, rejected = imports.check_row(imports.ImportRow(5, "E1", "GCC 277", "10/31/2026"), ("GCC 277",),
                                    date(2026, 11, 1))
    assert rejected.message == "completion date '10/31/2026' is not YYYY-MM-DD or DD/MM/YYYY"
