"""The style a video is made in: its channel's saved style, or the one its niche gives, with the
channel's uploaded assets resolved to files that exist (a deleted file just drops out)."""
from __future__ import annotations

import os

from sqlalchemy import select

from ytempire.channels.models import BrandAsset
from ytempire.extensions import db
from ytempire.media.niche_styles import style_for_niche
from ytempire.media.style import BrandStyle


def video_style(video) -> BrandStyle:
    channel = video.channel
    stored = channel.style or style_for_niche(channel.niche)
    assets = db.session.execute(select(BrandAsset.id, BrandAsset.path)
                                .where(BrandAsset.channel_id == channel.id)).all()
    return BrandStyle.from_stored(stored, {str(asset_id): path for asset_id, path in assets if os.path.isfile(path)})
