"""What identity's HTTP API accepts and returns. Unknown fields are refused, naming the field."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, missing, pre_load, validate, validates_schema

from identity.domain.enums import OrganisationKind, RoleEnding, StaffStatus
from identity.domain.model import GRANTABLE_ROLES
from identity.domain.policy import may_see_password_state
from identity.domain.signposting import HelpKind
from identity.domain.supporter_hours import MAX_MONTHLY_HOURS, MIN_MONTHLY_HOURS
from identity.service_layer.queries import Me
from psn_shared.http import current_principal
from psn_shared.http.schemas import Id, Page, PageQuery, Schema, Text
from psn_shared.roles import ROLES

PASSWORD = validate.Length(min=12, max=200)
PHONE = [validate.Regexp(r"^\+?[0-9 ()-]{6,40}$", error="a phone number: digits, spaces, brackets, dashes"),
         validate.Length(max=41)]


class OrganisationIn(Schema):
    name = Text(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(list(OrganisationKind)))


class OrganisationOut(Schema):
    id = fields.String()
    name = fields.String()
    kind = fields.String()


class ServiceIn(Schema):
    name = Text(required=True)
    organisation_id = Id(required=True)


class ServiceOut(Schema):
    id = fields.String()
    name = fields.String()
    organisation_id = fields.String()


class ServiceQuery(Schema):
    organisation_id = Id(load_default=None)


class TeamIn(Schema):
    """A team in a service: name the service by `service_id`, or by `service` and `organisation` names."""

    name = Text(required=True)
    service = Text(load_default=None)
    organisation = Text(load_default=None)
    service_id = Id(load_default=None)


class TeamPatch(Schema):
    name = Text()
    service_id = Id()


class TeamQuery(Schema):
    service_id = Id(load_default=None)
    organisation_id = Id(load_default=None)


class TeamOut(Schema):
    id = fields.String()
    name = fields.String()
    service = fields.String()
    organisation = fields.String()
    service_id = fields.String(allow_none=True)
    organisation_id = fields.String(allow_none=True)


class StaffIn(Schema):
    employee_number = Text(50, required=True)
    name = Text(required=True)
    email = fields.Email(required=True, validate=validate.Length(max=320))
    password = fields.String(load_default=None, load_only=True, validate=PASSWORD, metadata={
        "description": "Left out, they are emailed a link to choose their own"})
    team_id = Id(load_default=None, allow_none=True)
    grade = Text(50, load_default=None, allow_none=True)
    line_manager_id = Id(load_default=None, allow_none=True)
    senior_manager_id = Id(load_default=None, allow_none=True)
    organisation_id = Id(load_default=None, allow_none=True)
    job_title = Text(load_default=None, allow_none=True)
    start_date = fields.Date(load_default=None, allow_none=True)


class StaffPatch(Schema):
    """Directory fields (coordinators and administrators) and profile fields (the person themselves).

    Roles, status and passwords have endpoints of their own and are refused here.
    """

    employee_number = Text(50)
    name = Text()
    email = fields.Email(validate=validate.Length(max=320))
    team_id = Id(allow_none=True)
    grade = Text(50, allow_none=True)
    line_manager_id = Id(allow_none=True)
    senior_manager_id = Id(allow_none=True)
    organisation_id = Id(allow_none=True)
    job_title = Text(allow_none=True)
    start_date = fields.Date(allow_none=True)
    preferred_name = Text(allow_none=True)
    phone = fields.String(allow_none=True, validate=PHONE)


class ProfilePatch(Schema):
    preferred_name = Text(allow_none=True)
    phone = fields.String(allow_none=True, validate=PHONE)


class StaffOut(Schema):
    id = fields.String()
    employee_number = fields.String()
    name = fields.String()
    preferred_name = fields.String(allow_none=True)
    email = fields.String()
    phone = fields.String(allow_none=True)
    organisation_id = fields.String(allow_none=True)
    team_id = fields.String(allow_none=True)
    job_title = fields.String(allow_none=True)
    grade = fields.String(allow_none=True)
    line_manager_id = fields.String(allow_none=True)
    senior_manager_id = fields.String(allow_none=True)
    start_date = fields.Date(allow_none=True)
    left_on = fields.Date(allow_none=True)
    status = fields.String()
    roles = fields.Method("_roles")
    has_password = fields.Boolean(metadata={"description": (
        "For the person, administrators and coordinators (left out for their managers): whether they have a "
        "password. Someone without one has never signed in, and may be sent the welcome again "
        "(`POST /api/v1/staff/{id}/welcome`)")})

    def _roles(self, member: Any) -> list[str]:
        return sorted(member.held_roles())

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        if attr == "has_password":
            caller = current_principal()
            if not may_see_password_state(caller.staff_id, caller.roles, obj.id):
                return missing
        return super().get_attribute(obj, attr, default)


class StaffPageQuery(PageQuery):
    team_id = Id(load_default=None)
    service_id = Id(load_default=None)
    organisation_id = Id(load_default=None)
    role = fields.String(load_default=None, validate=validate.OneOf(ROLES))
    status = fields.String(load_default=None, validate=validate.OneOf(list(StaffStatus)))
    q = Text(100, load_default=None)


class StaffPage(Page):
    items = fields.List(fields.Nested(StaffOut))


class LeaveIn(Schema):
    left_on = fields.Date(load_default=None)
    reason = Text(500, required=True)


class RoleGrantIn(Schema):
    role = fields.String(required=True, validate=validate.OneOf(sorted(GRANTABLE_ROLES)))
    reason = Text(500, required=True)


class RoleEndIn(Schema):
    reason = Text(500, required=True)
    ending = fields.String(required=True, validate=validate.OneOf([RoleEnding.SUSPENDED, RoleEnding.WITHDRAWN]))


class RoleGrantOut(Schema):
    id = fields.String()
    role = fields.String()
    reason = fields.String()
    granted_at = fields.DateTime()
    granted_by = fields.String(allow_none=True)
    monthly_hours = fields.Integer(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    revoked_by = fields.String(allow_none=True)
    revoke_reason = fields.String(allow_none=True)
    ending = fields.String(allow_none=True)
    team_id = fields.String(allow_none=True, metadata={"description": "a wellbeing champion's team"})


class SupporterHoursIn(Schema):
    """New monthly hours: lower ones take effect at once, higher ones wait for the other manager's agreement."""

    monthly_hours = fields.Integer(required=True, strict=True,
                                   validate=validate.Range(min=MIN_MONTHLY_HOURS, max=MAX_MONTHLY_HOURS))
    reason = Text(500, allow_none=True, load_default=None)


class RaiseRefusalIn(Schema):
    """Why the raise is declined, for its proposer (optional)."""

    reason = Text(500, allow_none=True, load_default=None)


class SupporterHoursChangeOut(Schema):
    id = fields.String()
    monthly_hours = fields.Integer()
    previous_hours = fields.Integer(allow_none=True)
    state = fields.String(metadata={"description": "pending, in_force, withdrawn, replaced or declined"})
    reason = fields.String(allow_none=True)
    proposed_by = fields.String()
    proposed_as = fields.String(metadata={"description": "supporter, line_manager, senior_manager or coordinator"})
    proposed_at = fields.DateTime()
    agreed_by = fields.String(allow_none=True)
    agreed_as = fields.String(allow_none=True)
    agreed_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    closed_by = fields.String(allow_none=True)
    closed_as = fields.String(allow_none=True, metadata={"description": "declined: line_manager, senior_manager "
                                                                        "or coordinator"})
    closed_reason = fields.String(allow_none=True, metadata={"description": "declined: why, if the decliner said"})
    awaited_post = fields.String(allow_none=True, metadata={"description": "a pending raise's other manager post"})


class SupporterHoursOut(Schema):
    staff_id = fields.String()
    monthly_hours = fields.Integer(allow_none=True)
    pending_raise = fields.Nested(SupporterHoursChangeOut, allow_none=True)
    changes = fields.List(fields.Nested(SupporterHoursChangeOut), metadata={"description": "newest first"})
    line_manager_id = fields.String(allow_none=True, metadata={"description": "null when the post is vacant"})
    senior_manager_id = fields.String(allow_none=True, metadata={"description": "null when the post is vacant"})


class HelpSourceIn(Schema):
    """A source of help: at least one way to reach it (phone, email, url or how_to_reach)."""

    name = Text(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(list(HelpKind)))
    description = Text(2000, load_default=None, allow_none=True)
    for_whom = Text(1000, required=True, metadata={"description": "who it is for"})
    how_to_reach = Text(1000, load_default=None, allow_none=True)
    phone = fields.String(load_default=None, allow_none=True, validate=PHONE)
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=320))
    url = fields.Url(load_default=None, allow_none=True, schemes={"https", "http"}, validate=validate.Length(max=500))
    hours = Text(500, required=True, metadata={"description": "when it answers, e.g. 24 hours, every day"})
    organisation_id = Id(load_default=None, allow_none=True, metadata={"description": "one organisation's own"})
    region = Text(load_default=None, allow_none=True, metadata={"description": "one region's (none: everyone)"})


class HelpSourcePatch(Schema):
    name = Text()
    kind = fields.String(validate=validate.OneOf(list(HelpKind)))
    description = Text(2000, allow_none=True)
    for_whom = Text(1000)
    how_to_reach = Text(1000, allow_none=True)
    phone = fields.String(allow_none=True, validate=PHONE)
    email = fields.Email(allow_none=True, validate=validate.Length(max=320))
    url = fields.Url(allow_none=True, schemes={"https", "http"}, validate=validate.Length(max=500))
    hours = Text(500)
    organisation_id = Id(allow_none=True)
    region = Text(allow_none=True)
    active = fields.Boolean(metadata={"description": "false withdraws it from staff's view"})


class HelpSourceOut(Schema):
    id = fields.String()
    name = fields.String()
    kind = fields.String()
    description = fields.String(allow_none=True)
    for_whom = fields.String()
    how_to_reach = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    hours = fields.String()
    organisation_id = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    active = fields.Boolean()
    updated_at = fields.DateTime()


class HelpSourceQuery(PageQuery):
    q = Text(100, load_default=None, metadata={"description": "any part of the name, description or who it is for"})
    kind = fields.String(load_default=None, validate=validate.OneOf(list(HelpKind)))
    organisation_id = Id(load_default=None, metadata={"description": "that organisation's and everyone's"})
    region = Text(load_default=None, metadata={"description": "that region's and everyone's"})
    include_withdrawn = fields.Boolean(load_default=False, metadata={"description": "coordinators only"})
    mine = fields.Boolean(load_default=False, metadata={
        "description": "what serves you: your organisation's sources and everyone's (instead of organisation_id)"})


class HelpSourcePage(Page):
    items = fields.List(fields.Nested(HelpSourceOut))


class ChampionIn(Schema):
    staff_id = Id(required=True)
    reason = Text(500, required=True)


class ContactOut(Schema):
    """A colleague in a public-facing role: name and work contact only."""

    staff_id = fields.String()
    name = fields.String()
    email = fields.String()
    phone = fields.String(allow_none=True)


class SupporterContactOut(ContactOut):
    team = fields.String(allow_none=True)
    available = fields.Boolean(metadata={"description": "taking new cases, as far as identity has heard"})


class SupportContactsOut(Schema):
    team = fields.Nested(TeamOut, allow_none=True)
    champions = fields.List(fields.Nested(ContactOut))
    peer_supporters = fields.List(fields.Nested(SupporterContactOut))


class CoverageQuery(Schema):
    organisation_id = Id(load_default=None)
    service_id = Id(load_default=None)


class CoverageCountsOut(Schema):
    teams = fields.Integer()
    without_champion = fields.Integer()
    with_one_champion = fields.Integer()
    without_peer_supporter = fields.Integer()
    with_one_peer_supporter = fields.Integer()
    champions = fields.Integer()
    peer_supporters = fields.Integer()


class TeamCoverageOut(Schema):
    team_id = fields.String()
    team = fields.String()
    service_id = fields.String(allow_none=True)
    service = fields.String()
    organisation_id = fields.String(allow_none=True)
    organisation = fields.String()
    champions = fields.Integer()
    peer_supporters = fields.Integer()


class ServiceCoverageOut(CoverageCountsOut):
    service_id = fields.String(allow_none=True)
    service = fields.String()
    organisation = fields.String()


class OrganisationCoverageOut(CoverageCountsOut):
    organisation_id = fields.String(allow_none=True)
    organisation = fields.String()


class CoverageOut(Schema):
    teams = fields.List(fields.Nested(TeamCoverageOut))
    services = fields.List(fields.Nested(ServiceCoverageOut))
    organisations = fields.List(fields.Nested(OrganisationCoverageOut))
    overall = fields.Nested(CoverageCountsOut)


class DelegationIn(Schema):
    delegate_id = Id(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    reason = Text(500, required=True)


class DelegationOut(Schema):
    id = fields.String()
    manager_id = fields.String()
    delegate_id = fields.String()
    delegate_name = fields.String(allow_none=True)
    starts_on = fields.Date()
    ends_on = fields.Date()
    reason = fields.String()
    created_by = fields.String(allow_none=True)
    ended_at = fields.DateTime(allow_none=True)
    ended_by = fields.String(allow_none=True)
    end_reason = fields.String(allow_none=True)


class ColleagueQuery(Schema):
    q = fields.String(required=True, validate=validate.Length(min=2, max=100))


class ColleagueOut(Schema):
    """What anyone in the organisation may know of a colleague: no contact details, no grade."""

    id = fields.String()
    name = fields.String()
    preferred_name = fields.String(allow_none=True)
    job_title = fields.String(allow_none=True)
    team_id = fields.String(allow_none=True)


class DelegationEndIn(Schema):
    reason = Text(500, required=True)


class LoginIn(Schema):
    email = fields.Email(required=True)
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))


class RefreshIn(Schema):
    refresh_token = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))


class TokenOut(Schema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()
    refresh_token = fields.String()
    refresh_expires_in = fields.Integer()


class PasswordChangeIn(Schema):
    current_password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))
    new_password = fields.String(required=True, load_only=True, validate=PASSWORD)


class ResetRequestIn(Schema):
    email = fields.Email(required=True)


class ResetIn(Schema):
    token = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))
    new_password = fields.String(required=True, load_only=True, validate=PASSWORD)


class SigningKeyOut(Schema):
    kid = fields.String()


class MeOut(StaffOut):
    """The caller's record, with every role they hold now: the manager roles the directory implies included."""

    roles = fields.List(fields.String())

    def get_attribute(self, obj: Me, attr: str, default: Any) -> Any:
        if attr == "roles":
            return sorted(obj.roles)
        return super().get_attribute(obj.member, attr, default)


class ImportRow(Schema):
    """One row of the HR file; managers are named by employee number in the same organisation."""

    organisation = Text(required=True)
    employee_number = Text(50, required=True)
    name = Text(required=True)
    email = fields.Email(required=True, validate=validate.Length(max=320))
    job_title = Text(load_default=None, allow_none=True)
    grade = Text(50, load_default=None, allow_none=True)
    service = Text(load_default=None, allow_none=True)
    team = Text(load_default=None, allow_none=True)
    line_manager = Text(50, load_default=None, allow_none=True)
    senior_manager = Text(50, load_default=None, allow_none=True)
    start_date = fields.Date(load_default=None, allow_none=True)
    status = fields.String(load_default=StaffStatus.ACTIVE, validate=validate.OneOf(list(StaffStatus)))

    @pre_load
    def _blank_is_absent(self, row: Any, **_: Any) -> Any:
        """A CSV has no null: an empty cell means no value (so the column's default applies)."""
        if isinstance(row, dict):
            return {k: v.strip() if isinstance(v, str) else v for k, v in row.items() if v != ""}
        return row

    @validates_schema
    def _team_needs_service(self, row: dict[str, Any], **_: Any) -> None:
        if row.get("team") and not row.get("service"):
            raise ValidationError("a team is named with its service", "service")


class ImportIn(Schema):
    rows = fields.List(fields.Nested(ImportRow), required=True, validate=validate.Length(min=1, max=100_000))


class ImportReportOut(Schema):
    created = fields.Integer()
    updated = fields.Integer()
    left = fields.Integer()
    reinstated = fields.Integer()
    unchanged = fields.Integer()
    teams_created = fields.Integer()
