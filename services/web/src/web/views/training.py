"""My training record and my certificates to download; Level 1 reported with evidence (a coordinator checks
it), a Level 2 nomination of myself for an open course or its next date (my line manager, then my senior
manager, are asked to support it), and an open nomination withdrawn."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, session, url_for

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, day_entered, day_said, idempotency_key, submitted_key, uuid_or_404

blp = Blueprint("training", __name__)
LEVELS = {1: "Level 1: An Introduction to Psychological Wellbeing", 2: "Level 2: Peer Supporter",
          3: "Level 3: Train the Trainer"}
OPEN_NOMINATIONS = {"awaiting_line_manager", "awaiting_senior_manager", "approved", "waiting_list", "booked"}
NEXT_DATE = "next"  # a nomination for Level 2 with no course date yet
COURSES_READ = 500  # the open Level 2 courses (a board runs a handful at a time), shown soonest first


@blp.get("/training")
def record() -> Any:
    return _record_page()


def _record_page(errors: FormErrors | None = None, answers: dict[str, str] | None = None, status: int = 200) -> Any:
    try:
        person = api().get("training", f"/api/v1/people/{session['me']['id']}")
    except ApiProblem as problem:
        if problem.status != 404:
            raise
        person = None  # training has not heard of this person yet (identity's event is on its way)
    done = {c["level"] for c in person["completions"]} if person else set()
    nominations = person["nominations"] if person else []
    nominated = {n["level"] for n in nominations if n["status"] in OPEN_NOMINATIONS}
    may_nominate = person is not None and 1 in done and not {2} & (done | nominated)
    courses = _open_courses(2) if may_nominate else []
    # An approved nomination with no course yet (the general list) is booked onto an open course of its level.
    bookable = {n["id"]: _open_courses(n["level"]) for n in nominations
                if n["status"] == "approved" and not n.get("cohort_id")}
    return render_template("training.html", person=person, levels=LEVELS, done=done, may_nominate=may_nominate,
                           courses=courses, bookable=bookable, course_items=course_items,
                           open_nominations=OPEN_NOMINATIONS, next_date=NEXT_DATE, errors=errors or FormErrors(),
                           answers=answers or {}, key=idempotency_key()), status


def course_items(courses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Courses as the design system's radio items: the name and first day, the days and the places left."""
    items = []
    for course in courses:
        first = min((d["date"] for d in course["days"]), default=None)
        days, left = len(course["days"]), course["capacity"] - course["booked_count"]
        items.append({"value": course["id"], "text": course["name"] + (f", from {day_said(first)}" if first else ""),
                      "hint": {"text": f"{days} day{'' if days == 1 else 's'}, "
                                       + (f"{left} of {course['capacity']} places left" if left > 0 else
                                          "full: you would join its waiting list")}})
    return items


def _open_courses(level: int) -> list[dict[str, Any]]:
    """A level's courses taking nominations, soonest first; without them a nomination can wait for the next date."""
    try:
        courses = api().get("training", "/api/v1/cohorts", level=level, state="open", limit=COURSES_READ)["items"]
    except ApiProblem:
        return []
    return sorted(courses, key=lambda c: min((d["date"] for d in c["days"]), default="9999"))


@blp.post("/training/level-1-claim")
def claim_level_1() -> Any:
    answers, errors = dict(request.form), FormErrors()
    evidence = answers.get("evidence", "").strip()
    try:
        completed_on = day_entered(answers, "claim-day")
    except ValueError:
        completed_on = None
        errors.add("claim-day", "Enter a real date, for example 27 3 2026")
    else:
        if completed_on is None:
            errors.add("claim-day", "Enter the date you completed Level 1")
    if not evidence:
        errors.add("evidence", "Enter your certificate's reference, a link to it, or where you took the course")
    if not errors:
        try:
            api().post("training", "/api/v1/level1-claims",
                       {"completed_on": completed_on.isoformat(), "evidence": evidence},
                       idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"completed_on": "claim-day", "evidence": "evidence"})
    if errors:
        return _record_page(errors, answers, 422)
    flash("Thank you: a coordinator will check your evidence and record your Level 1")
    return redirect(url_for("training.record"))


@blp.post("/training/nominations")
def nominate() -> Any:
    answers = dict(request.form)
    course = answers.get("course", "")
    errors = FormErrors()
    if not course:
        errors.add("course", "Choose a course date, or the next one to be arranged")
    else:
        body: dict[str, Any] = {"nominee_id": session["me"]["id"]}
        body.update({"level": 2} if course == NEXT_DATE else {"cohort_id": uuid_or_404(course)})
        try:
            api().post("training", "/api/v1/nominations", body, idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"cohort_id": "course", "level": "course"})
    if errors:
        return _record_page(errors, answers, 422)
    flash("Your nomination is sent: your line manager, then your senior manager, are asked to support it")
    return redirect(url_for("training.record"))


@blp.post("/training/nominations/<nomination_id>/book")
def book(nomination_id: str) -> Any:
    """Both managers agreed and no course was chosen: the nominee books one, or its waiting list when full."""
    nomination_id, answers = uuid_or_404(nomination_id), dict(request.form)
    course = answers.get("cohort_id", "")
    if not course:
        errors = FormErrors()
        errors.add(f"book-{nomination_id}", "Choose a course")
        return _record_page(errors, answers, 422)
    try:
        booked = api().post("training", f"/api/v1/nominations/{nomination_id}/booking",
                            {"cohort_id": uuid_or_404(course)}, idempotency_key=submitted_key())
    except ApiProblem as problem:
        return _record_page(FormErrors.from_problem(problem, {"cohort_id": f"book-{nomination_id}"}), answers, 422)
    flash("You have a place on the course" if booked.get("status") == "booked" else
          "The course is full: you are on its waiting list, and told if a place comes free")
    return redirect(url_for("training.record"))


@blp.post("/training/nominations/<nomination_id>/withdraw")
def withdraw(nomination_id: str) -> Any:
    try:
        api().post("training", f"/api/v1/nominations/{uuid_or_404(nomination_id)}/withdrawal",
                   idempotency_key=submitted_key())
    except ApiProblem as problem:
        return _record_page(FormErrors.from_problem(problem, {}), status=422)
    flash("Your nomination is withdrawn")
    return redirect(url_for("training.record"))


@blp.get("/training/certificates/<certificate_id>.pdf")
def certificate(certificate_id: str) -> Any:
    answer = api().raw("training", f"/api/v1/certificates/{uuid_or_404(certificate_id)}/pdf")
    return Response(answer.content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="certificate-{certificate_id}.pdf"'})
