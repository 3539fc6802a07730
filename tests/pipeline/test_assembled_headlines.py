"""The assembled video shows, on every slide, the headline of the script section being narrated
(the slides drawn in the channel's style, as the pipeline draws them)."""
import uuid

import numpy as np
from PIL import Image

from ytempire.media.slides import render_slide
from ytempire.pipeline.runner import run_stage
from ytempire.pipeline.stages import STAGES
from ytempire.pipeline.steps.brand import video_style
from ytempire.pipeline.steps.media import load_narration
from ytempire.pipeline.steps.script import load_script
from ytempire.providers.voice.timeline import section_of_each_segment
from ytempire.pipeline.models import GenerationJob

from tests.media.signals import video_frame

SMALL = (128, 72)
MIDDLE = slice(12, 40)                 # rows between the title and the subtitle box, at SMALL


def test_assembled_slides_carry_their_sections_headline(db, request_video, tmp_path):
    receipt = request_video(video_config={"duration": 15, "visuals": "slides"})
    for stage in STAGES[:4]:
        run_stage(receipt["job_id"], stage)
    video = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"])).video
    script, narration = load_script(video.id), load_narration(video.id)
    owners = section_of_each_segment(script.sections, narration.segments)
    # A point's segment shows the point's subject; the hook's first shows the title.
    point = next(i for i, number in enumerate(owners) if script.sections[number].heading.startswith("Point"))
    subject = script.sections[owners[point]].heading.split(":", 1)[1].strip()
    for index, headline in [(point, subject), (0, video.title)]:
        segment = narration.segments[index]
        frame = video_frame(video.video_path, (segment.start + segment.end) / 2, SMALL)

        def distance(**expected):
            path = render_slide(segment.text, tmp_path / f"{index}-{len(expected)}.png", title=video.title,
                                index=index, count=len(narration.segments), size=(1280, 720),
                                style=video_style(video), **expected)
            slide = np.asarray(Image.open(path).convert("RGB").resize(SMALL, Image.Resampling.BOX), np.float64)
            return float(np.abs(frame[MIDDLE] - slide[MIDDLE]).mean())

        with_headline, without = distance(headline=headline), distance()
        assert with_headline < 3 and without > 3 * with_headline, (index, headline, with_headline, without)
