"""/api/v1/auth: register, login, refresh, logout."""
from flask.views import MethodView
from flask_jwt_extended import get_jwt, jwt_required

from ytempire.auth import service
from ytempire.auth.schemas import (AccessTokenSchema, LoginSchema, MessageSchema, RegisterResponseSchema,
                                   RegisterSchema, TokenSchema)
from ytempire.auth.tokens import refresh_access_token, revoke_session
from ytempire.common.docs import ApiBlueprint
from ytempire.common.rate_limits import client_address

blp = ApiBlueprint("auth", __name__, url_prefix="/api/v1/auth", description="Registration, login and tokens")
# Guessing passwords and minting accounts are what an address does fast: every endpoint of this
# blueprint shares a tighter budget per address (RATELIMIT_AUTH), on top of the API-wide one
# (common/rate_limits.py).


@blp.route("/register")
class Register(MethodView):
    @blp.arguments(RegisterSchema)
    @blp.response(201, RegisterResponseSchema)
    @blp.errors(400, 409, 429)
    def post(self, data):
        """Create an account and sign in"""
        user, tokens = service.register_user(data["email"], data["username"], data["password"])
        return {"user_id": user.id, "email": user.email, "username": user.username, **tokens}


@blp.route("/login")
class Login(MethodView):
    @blp.arguments(LoginSchema)
    @blp.response(200, TokenSchema)
    @blp.errors(400, 401, 429)
    def post(self, data):
        """Exchange email and password for tokens"""
        return service.login(data["email"], data["password"], client_address())


@blp.route("/refresh")
class Refresh(MethodView):
    @jwt_required(refresh=True)
    @blp.response(200, AccessTokenSchema)
    @blp.authenticated
    def post(self):
        """Exchange a refresh token for a new access token"""
        return refresh_access_token(get_jwt())


@blp.route("/logout")
class Logout(MethodView):
    @jwt_required(verify_type=False)
    @blp.response(200, MessageSchema)
    @blp.authenticated
    def post(self):
        """Revoke the presented token and the rest of its session"""
        revoke_session(get_jwt())
        return {"message": "Logged out"}
