"""/api/v1/users/me: profile, usage and billing."""
from flask.views import MethodView
from flask_jwt_extended import current_user, jwt_required

from ytempire.common.docs import ApiBlueprint
from ytempire.common.timeutil import utcnow
from ytempire.common.user_cache import remembered_response
from ytempire.users import answers, service
from ytempire.users.schemas import (BillingSchema, ProfileUpdateResponseSchema, UsageSchema, UserSchema,
                                    UserUpdateSchema)

blp = ApiBlueprint("users", __name__, url_prefix="/api/v1/users", description="The signed-in user")


@blp.route("/me")
class Me(MethodView):
    decorators = [jwt_required()]

    @blp.response(200, UserSchema)
    @blp.authenticated
    def get(self):
        """The signed-in user's profile"""
        return answers.profile_response(current_user.id)

    @blp.arguments(UserUpdateSchema)
    @blp.response(200, ProfileUpdateResponseSchema)
    @blp.authenticated
    @blp.errors(400, 409)
    def put(self, changes):
        """Update email, username or password (password needs current_password)

        A password change revokes every access and refresh token issued before it, this request's
        included; the answer then carries a new access_token and refresh_token to go on with.
        """
        return service.update_profile(current_user, changes)

    patch = put


@blp.route("/me/usage")
class MyUsage(MethodView):
    decorators = [jwt_required()]

    @blp.response(200, UsageSchema)
    @blp.authenticated
    def get(self):
        """Channels, videos and spend in the current month, against the tier's limits (up to 5 minutes old)"""
        return remembered_response(current_user.id, f"usage:{utcnow().date()}", UsageSchema,
                                   lambda: service.usage(current_user))


@blp.route("/me/billing")
class MyBilling(MethodView):
    decorators = [jwt_required()]

    @blp.response(200, BillingSchema)
    @blp.authenticated
    def get(self):
        """Subscription tier, its limits and expiry"""
        return service.billing(current_user)
