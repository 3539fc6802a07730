"""/api/v1/channels: the user's YouTube channels."""
from flask.views import MethodView
from flask_jwt_extended import current_user, jwt_required

from ytempire.channels import answers, service
from ytempire.channels.schemas import (ChannelCreateSchema, ChannelListQuerySchema, ChannelListSchema,
                                       ChannelSchema, ChannelUpdateSchema)
from ytempire.common.docs import ApiBlueprint

blp = ApiBlueprint("channels", __name__, url_prefix="/api/v1/channels", description="YouTube channels")


@blp.route("")
class Channels(MethodView):
    decorators = [jwt_required()]

    @blp.arguments(ChannelListQuerySchema, location="query")
    @blp.response(200, ChannelListSchema)
    @blp.authenticated
    @blp.errors(400)
    def get(self, args):
        """List the user's channels (deleted ones only with status=deleted)"""
        return answers.list_response(*service.listed_channels(current_user.id, args.get("status")), args["page"],
                                     args["limit"])

    @blp.arguments(ChannelCreateSchema)
    @blp.response(201, ChannelSchema)
    @blp.authenticated
    @blp.errors(400, 403, 409)
    def post(self, data):
        """Link a channel (within the tier's channel limit)"""
        return service.create_channel(current_user.id, data)


@blp.route("/<channel_id>")
class ChannelById(MethodView):
    decorators = [jwt_required()]

    @blp.response(200, ChannelSchema)
    @blp.authenticated
    @blp.errors(404)
    def get(self, channel_id):
        """One channel"""
        return answers.channel_response(current_user.id, channel_id)

    @blp.arguments(ChannelUpdateSchema)
    @blp.response(200, ChannelSchema)
    @blp.authenticated
    @blp.errors(400, 403, 404, 409)
    def put(self, changes, channel_id):
        """Update a channel; reactivating counts against the tier's limit"""
        return service.update_channel(service.get_owned_channel(current_user.id, channel_id), changes)

    @blp.response(204)
    @blp.authenticated
    @blp.errors(404)
    def delete(self, channel_id):
        """Soft-delete a channel (status becomes deleted)"""
        service.delete_channel(service.get_owned_channel(current_user.id, channel_id))
