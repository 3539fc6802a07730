"""/api/v1/hooks: outbound webhooks for automation tools (n8n and the like)."""
from flask.views import MethodView
from flask_jwt_extended import current_user, jwt_required

from ytempire.common.docs import ApiBlueprint
from ytempire.common.pagination import PaginationQuerySchema
from ytempire.outbound_webhooks import service
from ytempire.outbound_webhooks.schemas import (DeliveryListSchema, HookCreatedSchema, HookCreateSchema, HookListSchema, HookSchema, HookUpdateSchema)

blp = ApiBlueprint("hooks", __name__, url_prefix="/api/v1/hooks",
                   description="Outbound webhooks: video.completed, video.failed, video.published")


@blp.route("")
class Hooks(MethodView):
    decorators = [jwt_required()]

    @blp.arguments(PaginationQuerySchema, location="query")
    @blp.response(200, HookListSchema)
    @blp.authenticated
    @blp.errors(400)
    def get(self, args):
        """The user's webhooks"""
        hooks, pagination = service.list_hooks(current_user.id, args["page"], args["limit"])
        return {"hooks": hooks, "pagination": pagination}

    @blp.arguments(HookCreateSchema)
    @blp.response(201, HookCreatedSchema)
    @blp.authenticated
    @blp.errors(400, 409)
    def post(self, data):
        """Register a URL for events (at most 20 per account); the response carries the signing secret once"""
        return service.create_hook(current_user.id, data)


@blp.route("/<hook_id>")
class HookById(MethodView):
    decorators = [jwt_required()]

    @blp.response(200, HookSchema)
    @blp.authenticated
    @blp.errors(404)
    def get(self, hook_id):
        """One webhook"""
        return service.get_owned_hook(current_user.id, hook_id)

    @blp.arguments(HookUpdateSchema)
    @blp.response(200, HookSchema)
    @blp.authenticated
    @blp.errors(400, 404)
    def put(self, changes, hook_id):
        """Change URL, events, description or pause it"""
        return service.update_hook(service.get_owned_hook(current_user.id, hook_id), changes)

    @blp.response(204)
    @blp.authenticated
    @blp.errors(404)
    def delete(self, hook_id):
        """Remove a webhook and its delivery history"""
        service.delete_hook(service.get_owned_hook(current_user.id, hook_id))


@blp.route("/<hook_id>/deliveries")
class HookDeliveries(MethodView):
    decorators = [jwt_required()]

    @blp.arguments(PaginationQuerySchema, location="query")
    @blp.response(200, DeliveryListSchema)
    @blp.authenticated
    @blp.errors(400, 404)
    def get(self, args, hook_id):
        """Deliveries of a webhook with every attempt"""
        hook = service.get_owned_hook(current_user.id, hook_id)
        deliveries, pagination = service.list_deliveries(hook, args["page"], args["limit"])
        return {"deliveries": deliveries, "pagination": pagination}
