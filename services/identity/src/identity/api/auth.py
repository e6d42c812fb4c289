"""Login, refresh, logout, passwords and their reset, signing keys, the JWKS, and who am I."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Response, current_app, jsonify
from flask.views import MethodView

from identity.adapters.keys import KeyRing
from identity.api.limits import (
    account_key,
    failures_only,
    limit_per_account,
    limit_per_address,
    limit_resets,
    limit_resets_per_address,
    limiter,
)
from identity.api.schemas import (
    LoginIn,
    MeOut,
    PasswordChangeIn,
    ProfilePatch,
    RefreshIn,
    ResetIn,
    ResetRequestIn,
    SigningKeyOut,
    StaffOut,
    TokenOut,
)
from identity.domain.model import Staff
from identity.domain.tokens import RefreshLifetime
from identity.service_layer import auth, queries, staff
from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.roles import Role

blp = Blueprint("auth", __name__, description="Login, tokens and passwords")


def keyring() -> KeyRing:
    return current_app.extensions["identity.keyring"]


def refresh_lifetime() -> RefreshLifetime:
    return RefreshLifetime(
        ttl=timedelta(seconds=current_app.config["REFRESH_TOKEN_TTL_S"]),
        max_age=timedelta(seconds=current_app.config["REFRESH_TOKEN_MAX_AGE_S"]),
    )


def _tokens(session: auth.Session) -> dict:
    access_token, ttl = keyring().issue(session.principal)
    return {
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": ttl,
        "refresh_token": session.refresh_token,
        "refresh_expires_in": int((session.refresh_expires_at - datetime.now(UTC)).total_seconds()),
    }


@blp.route("/api/v1/auth/token")
class Token(MethodView):
    # The last is outermost: it sees the answer to every attempt, the limits' 429s included.
    decorators = [limiter.limit(limit_per_account, key_func=account_key), limiter.limit(limit_per_address),
                  failures_only]

    @blp.arguments(LoginIn)
    @blp.response(200, TokenOut)
    @blp.alt_response(429, description="Too many failed logins for this account or from this address")
    @blp.doc(security=[])
    def post(self, body: dict) -> dict:
        """Log in with email and password: a short-lived access token and a refresh token"""
        with unit_of_work() as uow:
            session = auth.login(auth.Login(body["email"], body["password"], refresh_lifetime()), uow)
        return _tokens(session)


@blp.route("/api/v1/auth/refresh")
class RefreshToken(MethodView):
    @blp.arguments(RefreshIn)
    @blp.response(200, TokenOut)
    @blp.doc(security=[])
    def post(self, body: dict) -> dict:
        """Trade a refresh token for new tokens; the old one is spent, and presenting it again ends the login"""
        with unit_of_work() as uow:
            session = auth.refresh(auth.Refresh(body["refresh_token"], refresh_lifetime()), uow)
        return _tokens(session)


@blp.route("/api/v1/auth/logout")
class Logout(MethodView):
    @blp.arguments(RefreshIn)
    @blp.response(204)
    @blp.doc(security=[])
    def post(self, body: dict) -> None:
        """End the login this refresh token belongs to"""
        with unit_of_work() as uow:
            auth.logout(auth.Logout(body["refresh_token"]), uow)


@blp.route("/api/v1/auth/password")
class Password(MethodView):
    @authenticated()
    @blp.arguments(PasswordChangeIn)
    @blp.response(204)
    def post(self, body: dict) -> None:
        """Change your password; every refresh token you hold is revoked"""
        with unit_of_work() as uow:
            auth.change_password(
                auth.ChangePassword(current_principal().staff_id, body["current_password"], body["new_password"]),
                uow,
            )


@blp.route("/api/v1/auth/password-resets")
class PasswordResets(MethodView):
    decorators = [limiter.limit(limit_resets, key_func=account_key), limiter.limit(limit_resets_per_address)]

    @blp.arguments(ResetRequestIn)
    @blp.response(202)
    @blp.alt_response(429, description="Too many reset requests for this account or from this address")
    @blp.doc(security=[])
    def post(self, body: dict) -> None:
        """Ask for a password reset link by email (the answer is the same whether or not the account exists)"""
        cmd = auth.RequestPasswordReset(
            body["email"], current_app.config["RESET_LINK"],
            timedelta(seconds=current_app.config["RESET_TOKEN_TTL_S"]),
        )
        with unit_of_work() as uow:
            auth.request_password_reset(cmd, uow)


@blp.route("/api/v1/auth/password-resets/confirm")
class PasswordResetConfirm(MethodView):
    @blp.arguments(ResetIn)
    @blp.response(204)
    @blp.doc(security=[])
    def post(self, body: dict) -> None:
        """Set a new password with the token from the reset email (once, before it expires)"""
        with unit_of_work() as uow:
            auth.reset_password(auth.ResetPassword(body["token"], body["new_password"]), uow)


@blp.route("/api/v1/auth/signing-keys")
class SigningKeys(MethodView):
    @authenticated(Role.ADMIN)
    @blp.response(201, SigningKeyOut)
    def post(self) -> dict:
        """Rotate the signing key (admin)

        New tokens carry the new kid; the JWKS keeps the old key until its last tokens expire.
        """
        return {"kid": keyring().rotate()}


JWKS_DOC = {"200": {"description": "A JSON Web Key Set (RFC 7517)", "content": {"application/json": {"schema": {
    "type": "object", "required": ["keys"],
    "properties": {"keys": {"type": "array", "items": {"type": "object", "required": ["kty", "kid"]}}},
}}}}}


@blp.route("/.well-known/jwks.json")
class Jwks(MethodView):
    @blp.doc(security=[], responses=JWKS_DOC)
    def get(self) -> Response:
        """The public keys that verify identity's tokens (JWKS)"""
        response = jsonify(keyring().jwks())
        response.headers["Cache-Control"] = "public, max-age=300"
        return response


@blp.route("/api/v1/me")
class Me(MethodView):
    @authenticated()
    @blp.response(200, MeOut)
    def get(self) -> queries.Me:
        """The caller's own record, with every role they hold now"""
        with unit_of_work() as uow:
            return queries.me(current_principal().staff_id, uow)

    @authenticated()
    @blp.arguments(ProfilePatch)
    @blp.response(200, StaffOut)
    def patch(self, body: dict) -> Staff:
        """Edit your own profile fields (preferred name, phone); directory fields belong to HR and coordinators"""
        principal = current_principal()
        with unit_of_work() as uow:
            return staff.update_staff(staff.UpdateStaff(principal.staff_id, body, principal), uow)
