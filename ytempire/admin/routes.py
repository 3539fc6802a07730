"""/api/v1/admin: users and the system, for superusers only."""
from flask import copy_current_request_context, jsonify
from flask.views import MethodView
from flask_jwt_extended import current_user

from ytempire.admin import service
from ytempire.admin.access import admin_required, require_admin
from ytempire.admin.health import system_health
from ytempire.admin.schemas import (AdminUserListQuerySchema, AdminUserListSchema, AdminUserUpdateSchema,
                                    SystemMetricsSchema)
from ytempire.common.docs import ApiBlueprint
from ytempire.common import rate_limits
from ytempire.users.schemas import UserSchema

blp = ApiBlueprint("admin", __name__, url_prefix="/api/v1/admin", description="Operators (superusers only)")


@blp.route("/users")
class AdminUsers(MethodView):
    decorators = [admin_required]

    @blp.arguments(AdminUserListQuerySchema, location="query")
    @blp.response(200, AdminUserListSchema)
    @blp.authenticated
    @blp.errors(400, 403)
    def get(self, args):
        """Users with channel count, videos this month and spend; search and filters"""
        users, pagination = service.list_users(args)
        return {"users": users, "pagination": pagination}


@blp.route("/users/<user_id>")
class AdminUserById(MethodView):
    decorators = [admin_required]

    @blp.arguments(AdminUserUpdateSchema)
    @blp.response(200, UserSchema)
    @blp.authenticated
    @blp.errors(400, 403, 404, 409)
    def patch(self, changes, user_id):
        """Suspend or reactivate a user, change their tier (pausing channels over its limit), grant or revoke admin"""
        return service.update_user(current_user, service.get_user(user_id), changes)


@blp.route("/system/health")
class SystemHealth(MethodView):
    # The admin check runs inside system_health, under its deadline, not as a decorator.

    @blp.response(200, description="Every dependency answered")
    @blp.authenticated
    @blp.errors(403, 503)
    def get(self):
        """PostgreSQL, Redis, broker and queue depths, workers and their queues, disk; 503 names what fails"""
        report, healthy = system_health(copy_current_request_context(require_admin))
        return jsonify(report), 200 if healthy else 503


@blp.record_once
def exempt_health_from_rate_limits(state):
    """The limiter's storage is Redis: a hanging Redis must not hold the check that reports it."""
    rate_limits.exempt(state.app.view_functions[f"{blp.name}.SystemHealth"])


@blp.route("/system/metrics")
class SystemMetrics(MethodView):
    decorators = [admin_required]

    @blp.response(200, SystemMetricsSchema)
    @blp.authenticated
    @blp.errors(403)
    def get(self):
        """Jobs by status (24 h), stage durations p50/p95, failures, retries, spend against budget"""
        return service.system_metrics()
