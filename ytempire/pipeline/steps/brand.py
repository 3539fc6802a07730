"""The style a video is made in: its channel's saved style, or the one its niche gives, with the
channel's uploaded assets resolved to files on this host (a deleted file just drops out)."""
from __future__ import annotations

import os

from sqlalchemy import select

from ytempire.channels.models import BrandAsset
from ytempire.extensions import db
from ytempire.media.niche_styles import style_for_niche
from ytempire.media.style import BrandStyle
from ytempire.pipeline.storage import StageScratch
from ytempire.storage.interface import MissingObject


def video_style(video, scratch: StageScratch | None = None) -> BrandStyle:
    """With a remote store the assets the style names are fetched into the stage's scratch folder."""
    channel = video.channel
    stored = channel.style or style_for_niche(channel.niche)
    assets = db.session.execute(select(BrandAsset.id, BrandAsset.path)
                                .where(BrandAsset.channel_id == channel.id)).all()
    files = {}
    for asset_id, location in assets:
        path = _on_this_host(location, scratch)
        if path and os.path.isfile(path):
            files[str(asset_id)] = path
    return BrandStyle.from_stored(stored, files)


def _on_this_host(location: str, scratch: StageScratch | None) -> str | None:
    if scratch is None or not scratch.store.is_remote:
        return location
    try:
        return scratch.fetch_location(location)
    except MissingObject:
        return None
