"""A channel's starting style comes from its niche: known topics by keyword, others hashed onto
several looks; every one is a complete style the channels API accepts."""
from ytempire.channels.style_schemas import ChannelStyleSchema
from ytempire.media.niche_styles import style_for_niche


def test_known_niches_get_their_topics_look_by_keyword():
    assert style_for_niche("Personal Finance") == style_for_niche("investing")
    assert style_for_niche("technology")["palette"] == style_for_niche("AI tools")["palette"]
    assert style_for_niche("cooking")["palette"] != style_for_niche("technology")["palette"]
    # Short keywords only as whole words: "aim training" is not about AI.
    assert style_for_niche("aim training")["palette"] != style_for_niche("ai")["palette"]


def test_unknown_niches_spread_over_several_looks_and_stay_stable():
    niches = ["knitting", "birdwatching", "lock picking", "origami", "beekeeping", "woodworking", "pottery",
              "chess openings", "calligraphy", "aquariums"]
    primaries = {style_for_niche(niche)["palette"]["primary"] for niche in niches}
    assert len(primaries) >= 3
    assert style_for_niche("knitting") == style_for_niche("  Knitting ")


def test_every_derived_style_is_a_valid_style():
    for niche in ("technology", "gaming", "news", "kids", "knitting", ""):
        stored = style_for_niche(niche)
        loaded = ChannelStyleSchema().load(stored)
        assert loaded["palette"] == stored["palette"] and loaded["captions"] == stored["captions"]
