"""Login, the JWKS, and who am I."""

from __future__ import annotations

from flask import current_app, jsonify
from flask.views import MethodView
from flask_smorest import Blueprint

from identity.api.schemas import LoginIn, MeOut, StaffOut, TokenOut
from identity.service_layer import services
from psn_shared.errors import NotFound
from psn_shared.http import current_principal, unit_of_work

blp = Blueprint("auth", __name__, description="Login and tokens")


def keyring():
    return current_app.extensions["identity.keyring"]


@blp.route("/api/v1/auth/token")
class Token(MethodView):
    @blp.arguments(LoginIn)
    @blp.response(200, TokenOut)
    @blp.doc(security=[])
    def post(self, body: dict) -> dict:
        """Log in with email and password; returns a short-lived access token"""
        with unit_of_work() as uow:
            principal = services.authenticate(body["email"], body["password"], uow)
        token, ttl = keyring().issue(principal)
        return {"access_token": token, "token_type": "Bearer", "expires_in": ttl}


@blp.route("/.well-known/jwks.json")
class Jwks(MethodView):
    @blp.doc(security=[])
    def get(self):
        """The public keys that verify identity's tokens (JWKS)"""
        response = jsonify(keyring().jwks())
        response.headers["Cache-Control"] = "public, max-age=300"
        return response


@blp.route("/api/v1/me")
class Me(MethodView):
    @blp.response(200, MeOut)
    def get(self) -> dict:
        """The caller's own record, with every role they hold now"""
        principal = current_principal()
        with unit_of_work() as uow:
            member = uow.staff.get(principal.staff_id)
            if member is None:
                raise NotFound("no such member of staff")
            return {**StaffOut().dump(member), "roles": sorted(services.principal_of(member, uow).roles)}
