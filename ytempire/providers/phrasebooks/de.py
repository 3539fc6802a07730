"""German."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Einleitung",
    point_heading="Punkt {n}: {aspect}",
    cta_heading="Zum Schluss",
    aspects=("die Grundlagen", "die häufigsten Fehler", "Werkzeuge, die wirklich helfen",
             "eine einfache Methode Schritt für Schritt", "ein echtes Beispiel", "wie du deinen Fortschritt misst"),
    hooks=(
        "Was wäre, wenn alles, was du über {topic} weißt, nur die halbe Wahrheit ist?",
        "Die meisten Menschen machen beim Thema {topic} denselben Fehler, und die Lösung ist einfacher, als du denkst.",
        "Hier ist die Wahrheit über {topic}, die Anfängern niemand erzählt.",
        "Hast du dich schon einmal gefragt, warum manche Menschen {topic} so schnell beherrschen?",
    ),
    promises=(
        "Wir gehen {count} wichtige Punkte nacheinander durch.",
        "Ich habe alles in {count} klare Schritte aufgeteilt, die du noch heute umsetzen kannst.",
    ),
    openers=(
        "Kommen wir zu Punkt {n}: {aspect}.",
        "Jetzt kommt etwas Wichtiges: {aspect}.",
        "Bei Punkt {n} geht es um Folgendes: {aspect}.",
        "Hier wird es spannend: {aspect}.",
    ),
    claims=(
        "viele Anfänger hetzen beim Thema {topic} durch diesen Schritt",
        "hier passiert der größte Teil des echten Fortschritts",
        "wer sich ernsthaft mit {niche} beschäftigt, kommt immer wieder auf diese Idee zurück",
        "der Unterschied zwischen einem guten und einem großartigen Ergebnis versteckt sich oft genau hier",
        "schon etwa {k} Minuten am Tag reichen, um eine Veränderung zu bemerken",
        "viele Ratschläge im Internet lassen diesen Punkt komplett aus",
        "dieser Schritt wirkt klein, aber er prägt alles, was danach kommt",
        "selbst erfahrene Leute im Bereich {niche} stolpern noch darüber",
        "die meiste Verwirrung rund um {topic} beginnt genau an dieser Stelle",
        "am Anfang fühlt es sich langsam an, aber nach ein oder zwei Wochen geht es schneller",
    ),
    advice=(
        "fang klein an und bau darauf auf",
        "schreib auf, was für dich funktioniert, und wiederhole es",
        "gib dir {k} Tage, bevor du die Ergebnisse beurteilst",
        "konzentrier dich immer nur auf eine Änderung",
        "bitte jemanden mit mehr Erfahrung, sich deinen Ansatz anzusehen",
        "halte eine kurze Checkliste griffbereit",
        "probier es diese Woche einmal aus und achte darauf, was passiert",
        "sieh jeden Fehler als Information und nicht als Misserfolg",
        "vergleiche deine Ergebnisse mit deinem Startpunkt, nicht mit anderen",
        "bleib geduldig, denn Beständigkeit schlägt Intensität",
    ),
    joiners=(" – also ", ", und "),
    ctas=(
        "Wenn dir dieses Video bei {topic} geholfen hat, gib ihm ein Like, damit es mehr Menschen finden.",
        "Abonniere den Kanal für mehr Videos zum Thema {niche}, jede Woche kommen neue dazu.",
        "Schreib mir in die Kommentare, welchen Punkt du zuerst ausprobierst.",
        "Danke fürs Zuschauen, und wir sehen uns im nächsten Video.",
    ),
    titles=("{topic}: {count} Dinge, die du wissen musst", "{topic} in {count} einfachen Schritten erklärt",
            "{topic}: Was dir niemand sagt"),
    summaries=(
        "In diesem Video zerlegen wir {topic} in {count} praktische Punkte, die du sofort nutzen kannst.",
        "Alles, was du über {topic} wissen musst, Schritt für Schritt in {count} Punkten erklärt.",
    ),
)
