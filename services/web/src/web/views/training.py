"""My training record and my certificates to download; Level 1 reported with evidence (a coordinator checks
it), a nomination of myself for Level 2, or for Level 3 once training finds me eligible (else why not yet), for
an open course or its next date (my line manager, then my senior manager, are asked to support it); a refresher
booked when a certificate is due or has lapsed; and an open nomination withdrawn."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext, ngettext

from web.adapters.api import ApiProblem
from web.language import clock, day_said
from web.views.forms import FormErrors, api, day_asked, idempotency_key, submitted_key, uuid_or_404

blp = Blueprint("training", __name__)
LEVELS = {1: lazy_gettext("Level 1: An Introduction to Psychological Wellbeing"),
          2: lazy_gettext("Level 2: Peer Supporter"), 3: lazy_gettext("Level 3: Train the Trainer")}
# Where a nomination stands, as the page says it (training's codes).
NOMINATION_STATUSES = {"awaiting_line_manager": lazy_gettext("awaiting your line manager"),
                       "awaiting_senior_manager": lazy_gettext("awaiting your senior manager"),
                       "approved": lazy_gettext("approved"), "waiting_list": lazy_gettext("on the waiting list"),
                       "booked": lazy_gettext("booked"), "completed": lazy_gettext("completed"),
                       "refused": lazy_gettext("refused"), "expired": lazy_gettext("expired"),
                       "withdrawn": lazy_gettext("withdrawn")}
OPEN_NOMINATIONS = {"awaiting_line_manager", "awaiting_senior_manager", "approved", "waiting_list", "booked"}
PLACED = {"booked", "waiting_list"}  # a nomination holding a place on a course, or waiting for one
NEXT_DATE = "next"  # a nomination for Level 2 with no course date yet
COURSES_READ = 500  # the open courses of a level (a board runs a handful at a time), shown soonest first
REFRESHER_DUE_DAYS = 60  # a refresher is booked in a certificate's last days, as training's first reminder says


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
    nominating, not_yet = _level_to_nominate(person, done, nominated)
    # An approved nomination with no course yet (the general list) is booked onto an open course of its level.
    bookable = {n["id"]: _open_courses(n["level"]) for n in nominations
                if n["status"] == "approved" and not n.get("cohort_id")}
    # A place booked or waiting moves to another open course of its level (a booked one only into a free place).
    movable = {n["id"]: [c for c in _open_courses(n["level"], kind=n.get("kind") or "course")
                         if c["id"] != n["cohort_id"]
                         and (n["status"] == "waiting_list" or c["booked_count"] < c["capacity"])]
               for n in nominations if n["status"] in PLACED and n.get("cohort_id")}
    refreshers = {c["id"]: _open_courses(c["level"], kind="refresher")
                  for c in (person["certificates"] if person else []) if _refresher_due(c, nominated)}
    return render_template("training.html", person=person, levels=LEVELS, done=done, nominating=nominating,
                           nomination_statuses=NOMINATION_STATUSES,
                           named=courses_named(nominations), course_days=course_days,
                           courses=_open_courses(nominating) if nominating else [], not_yet=not_yet,
                           bookable=bookable, movable=movable, refreshers=refreshers, course_items=course_items,
                           open_nominations=OPEN_NOMINATIONS, next_date=NEXT_DATE, errors=errors or FormErrors(),
                           answers=answers or {}, key=idempotency_key()), status


def _level_to_nominate(person: dict[str, Any] | None, done: set[int],
                       nominated: set[int]) -> tuple[int | None, list[str]]:
    """The level I may nominate myself for next (2 once Level 1 is done, 3 once Level 2 is and training finds
    me eligible), or none; and, for Level 3, every reason training gives why not yet."""
    if person is None or 1 not in done:
        return None, []
    if 2 not in done:
        return (None if 2 in nominated else 2), []
    if {3} & (done | nominated):
        return None, []
    eligibility = api().get("training", f"/api/v1/people/{session['me']['id']}/level-3-eligibility")
    return (3, []) if eligibility["eligible"] else (None, eligibility["reasons"])


def _refresher_due(certificate: dict[str, Any], nominated: set[int]) -> bool:
    """Lapsed, or in its last days, with no booking of its level open already."""
    due = certificate["status"] == "lapsed" or (
        date.fromisoformat(certificate["expires_on"]) <= date.today() + timedelta(days=REFRESHER_DUE_DAYS))
    return due and certificate["level"] not in nominated


def course_items(courses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Courses as the design system's radio items: the name and first day, the days, the places left and where
    (in person, and where, or online)."""
    items = []
    for course in courses:
        first = min((d["date"] for d in course["days"]), default=None)
        days, left = len(course["days"]), course["capacity"] - course["booked_count"]
        where = course_where(course)
        places = (_("%(left)s of %(capacity)s places left", left=left, capacity=course["capacity"]) if left > 0
                  else _("full: you would join its waiting list"))
        hint = ngettext("%(num)s day, %(places)s", "%(num)s days, %(places)s", days, places=places)
        items.append({"value": course["id"],
                      "text": _("%(name)s, from %(day)s", name=course["name"], day=day_said(first)) if first
                      else course["name"],
                      "hint": {"text": _("%(said)s; %(where)s", said=hint, where=where) if where else hint}})
    return items


def course_where(course: dict[str, Any]) -> str:
    """Where a course meets, as one phrase: 'in person at Room 2', 'online', or both when its days differ (places
    listed with commas: a Welsh "a" before a place would mutate its name)."""
    places = sorted({d["location"] for d in course["days"] if d.get("location") and not d.get("virtual_link")})
    online = any(d.get("virtual_link") for d in course["days"])
    if places and online:
        return _("in person at %(places)s and online", places=", ".join(places))
    if places:
        return _("in person at %(places)s", places=", ".join(places))
    return _("online") if online else ""


def course_days(course: dict[str, Any]) -> list[str]:
    """Each day of a course as people read it: '10 December 2026, 9:30am to 4:30pm, at Room 2' or 'online'."""
    said = []
    for day in sorted(course["days"], key=lambda d: (d["date"], d.get("start_time") or "")):
        parts = [day_said(day["date"])]
        if day.get("start_time") and day.get("end_time"):
            parts.append(_("%(start_time)s to %(end_time)s", start_time=clock(time.fromisoformat(day["start_time"])),
                           end_time=clock(time.fromisoformat(day["end_time"]))))
        if day.get("virtual_link"):
            parts.append(_("online"))
        elif day.get("location"):
            parts.append(_("at %(place)s", place=day["location"]))
        said.append(", ".join(parts))
    return said


def courses_named(nominations: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The course each open nomination names (booked, waiting or awaiting its managers), by its id: what the
    nominee and their managers need to know of it (its name, its days, where). One unreadable is left out."""
    found: dict[str, dict[str, Any]] = {}
    for cohort_id in sorted({n["cohort_id"] for n in nominations
                             if n.get("cohort_id") and n["status"] in OPEN_NOMINATIONS}):
        try:
            found[cohort_id] = api().get("training", f"/api/v1/cohorts/{cohort_id}")
        except ApiProblem:
            continue
    return found


def _open_courses(level: int, kind: str = "course") -> list[dict[str, Any]]:
    """A level's courses (or refreshers) taking bookings, soonest first; without them a nomination can wait for
    the next date."""
    try:
        courses = api().get("training", "/api/v1/cohorts", level=level, state="open", limit=COURSES_READ)["items"]
    except ApiProblem:
        return []
    return sorted((c for c in courses if c["kind"] == kind), key=lambda c: min((d["date"] for d in c["days"]),
                                                                                default="9999"))


@blp.post("/training/level-1-claim")
def claim_level_1() -> Any:
    answers, errors = dict(request.form), FormErrors()
    evidence = answers.get("evidence", "").strip()
    completed_on = day_asked(answers, "claim-day", errors, _("Enter the date you completed Level 1"))
    if not evidence:
        errors.add("evidence", _("Enter your certificate's reference, a link to it, or where you took the course"))
    if not errors:
        try:
            api().post("training", "/api/v1/level1-claims",
                       {"completed_on": completed_on.isoformat(), "evidence": evidence},
                       idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"completed_on": "claim-day", "evidence": "evidence"})
    if errors:
        return _record_page(errors, answers, 422)
    flash(_("Thank you: a coordinator will check your evidence and record your Level 1"))
    return redirect(url_for("training.record"))


@blp.post("/training/nominations")
def nominate() -> Any:
    answers = dict(request.form)
    course, level = answers.get("course", ""), 3 if answers.get("level") == "3" else 2
    errors = FormErrors()
    if not course:
        errors.add("course", _("Choose a course date, or the next one to be arranged"))
    else:
        body: dict[str, Any] = {"nominee_id": session["me"]["id"]}
        body.update({"level": level} if course == NEXT_DATE else {"cohort_id": uuid_or_404(course)})
        try:
            api().post("training", "/api/v1/nominations", body, idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"cohort_id": "course", "level": "course"})
    if errors:
        return _record_page(errors, answers, 422)
    flash(_("Your nomination is sent: your line manager, then your senior manager, are asked to support it"))
    return redirect(url_for("training.record"))


@blp.post("/training/refreshers")
def book_refresher() -> Any:
    """A certificate due or lapsed: its holder books a refresher (no approval: the hours were agreed before)."""
    answers = dict(request.form)
    certificate, refresher = uuid_or_404(answers.get("certificate", "")), answers.get("refresher", "")
    if not refresher:
        errors = FormErrors()
        errors.add(f"refresher-{certificate}", _("Choose a refresher"))
        return _record_page(errors, answers, 422)
    try:
        booked = api().post("training", "/api/v1/nominations",
                            {"nominee_id": session["me"]["id"], "cohort_id": uuid_or_404(refresher)},
                            idempotency_key=submitted_key())
    except ApiProblem as problem:
        errors = FormErrors.from_problem(problem, {"cohort_id": f"refresher-{certificate}",
                                                   "nominee_id": f"refresher-{certificate}"})
        return _record_page(errors, answers, 422)
    flash(_("You have a place on the refresher") if booked.get("status") == "booked" else
          _("The refresher is full: you are on its waiting list, and told if a place comes free"))
    return redirect(url_for("training.record"))


@blp.post("/training/nominations/<nomination_id>/book")
def book(nomination_id: str) -> Any:
    """Both managers agreed and no course was chosen: the nominee books one, or its waiting list when full. A place
    booked or waiting (`moving`) moves to the course chosen instead: the seat given up goes to the first waiting."""
    nomination_id, answers = uuid_or_404(nomination_id), dict(request.form)
    course, field = answers.get("cohort_id", ""), f"{'move' if answers.get('moving') else 'book'}-{nomination_id}"
    if not course:
        errors = FormErrors()
        errors.add(field, _("Choose a course"))
        return _record_page(errors, answers, 422)
    try:
        booked = api().post("training", f"/api/v1/nominations/{nomination_id}/booking",
                            {"cohort_id": uuid_or_404(course)}, idempotency_key=submitted_key())
    except ApiProblem as problem:
        return _record_page(FormErrors.from_problem(problem, {"cohort_id": field}), answers, 422)
    if answers.get("moving"):
        flash(_("Your place has moved to the course you chose") if booked.get("status") == "booked" else
              _("You are on the waiting list of the course you chose, and told if a place comes free"))
    else:
        flash(_("You have a place on the course") if booked.get("status") == "booked" else
              _("The course is full: you are on its waiting list, and told if a place comes free"))
    return redirect(url_for("training.record"))


@blp.post("/training/nominations/<nomination_id>/withdraw")
def withdraw(nomination_id: str) -> Any:
    try:
        api().post("training", f"/api/v1/nominations/{uuid_or_404(nomination_id)}/withdrawal",
                   idempotency_key=submitted_key())
    except ApiProblem as problem:
        return _record_page(FormErrors.from_problem(problem, {}), status=422)
    flash(_("Your nomination is withdrawn"))
    return redirect(url_for("training.record"))


@blp.get("/training/certificates/<certificate_id>.pdf")
def certificate(certificate_id: str) -> Any:
    answer = api().raw("training", f"/api/v1/certificates/{uuid_or_404(certificate_id)}/pdf")
    return Response(answer.content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="certificate-{certificate_id}.pdf"'})


@blp.get("/training/courses/<cohort_id>.ics")
def course_calendar(cohort_id: str) -> Any:
    """A course's days as a calendar file, for those booked on it and those who teach or run it (training says
    who: anyone else is refused there, as with the cohort's register)."""
    cohort_id = uuid_or_404(cohort_id)
    answer = api().raw("training", f"/api/v1/cohorts/{cohort_id}/calendar")
    return Response(answer.content, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="course-{cohort_id}.ics"', "Cache-Control": "private, no-store"})
