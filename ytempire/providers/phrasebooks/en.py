"""English."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Hook",
    point_heading="Point {n}: {aspect}",
    cta_heading="Call to action",
    aspects=("the fundamentals", "common mistakes to avoid", "the tools that actually help",
             "a simple step-by-step method", "a real-world example", "how to measure your progress"),
    hooks=(
        "What if everything you thought you knew about {topic} was only half the story?",
        "Most people get {topic} wrong, and the fix is simpler than you think.",
        "Here is the truth about {topic} that nobody tells beginners.",
        "Have you ever wondered why some people seem to master {topic} so quickly?",
    ),
    promises=(
        "We will walk through {count} key points, one at a time.",
        "I have broken it down into {count} clear steps you can follow today.",
    ),
    openers=(
        "Let's move on to point {n}: {aspect}.",
        "Now for something important: {aspect}.",
        "Point number {n} is all about this: {aspect}.",
        "Here is where it gets interesting: {aspect}.",
    ),
    claims=(
        "many beginners rush through this part of {topic}",
        "this is where most of the real progress happens",
        "people who take {niche} seriously keep coming back to this idea",
        "the difference between good and great results often hides right here",
        "it only takes about {k} minutes a day to notice a change",
        "a lot of advice online skips this completely",
        "this step looks small, but it shapes everything that comes after it",
        "even experienced people in {niche} still trip over this",
        "most of the confusion around {topic} starts at this point",
        "it feels slow at first, but it speeds up after a week or two",
    ),
    advice=(
        "start small and build from there",
        "write down what works for you and repeat it",
        "give yourself {k} days before you judge the results",
        "focus on one change at a time",
        "ask someone with more experience to look at your approach",
        "keep a short checklist close at hand",
        "try it once this week and notice what happens",
        "treat every mistake as information rather than failure",
        "compare your results with where you started, not with other people",
        "be patient, because consistency beats intensity",
    ),
    joiners=(", so ", ", and "),
    ctas=(
        "If this helped you with {topic}, hit like so more people can find it.",
        "Subscribe for more videos about {niche}, new ones come out every week.",
        "Tell me in the comments which point you will try first.",
        "Thanks for watching, and I will see you in the next video.",
    ),
    titles=("{topic}: {count} Things You Need to Know", "{topic} Explained in {count} Simple Steps",
            "{topic}: What Nobody Tells You"),
    summaries=(
        "In this video we break down {topic} into {count} practical points you can use right away.",
        "Everything you need to know about {topic}, explained step by step in {count} points.",
    ),
)
