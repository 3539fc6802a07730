"""Danish."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Indledning",
    point_heading="Punkt {n}: {aspect}",
    cta_heading="Til sidst",
    aspects=("det grundlæggende", "de mest almindelige fejl", "værktøjerne, der virkelig hjælper",
             "en enkel metode trin for trin", "et virkeligt eksempel", "hvordan du måler dine fremskridt"),
    hooks=(
        "Hvad nu hvis alt, hvad du ved om {topic}, kun er den halve historie?",
        "De fleste gør det forkert med {topic}, og løsningen er enklere, end du tror.",
        "Her er sandheden om {topic}, som ingen fortæller begyndere.",
        "Har du nogensinde undret dig over, hvorfor nogle mennesker lærer {topic} så hurtigt?",
    ),
    promises=(
        "Vi gennemgår {count} vigtige punkter, et ad gangen.",
        "Jeg har delt det hele op i {count} klare trin, som du kan følge allerede i dag.",
    ),
    openers=(
        "Så går vi videre til punkt {n}: {aspect}.",
        "Nu kommer noget vigtigt: {aspect}.",
        "Punkt nummer {n} handler om det her: {aspect}.",
        "Her bliver det interessant: {aspect}.",
    ),
    claims=(
        "mange begyndere skynder sig igennem denne del af {topic}",
        "det er her, de fleste af de virkelige fremskridt sker",
        "folk, der tager {niche} seriøst, vender igen og igen tilbage til denne idé",
        "forskellen på et godt og et fantastisk resultat gemmer sig ofte lige her",
        "det kræver kun omkring {k} minutter om dagen at mærke en forandring",
        "mange råd på nettet springer helt over det her",
        "dette trin ser lille ud, men det former alt, hvad der kommer bagefter",
        "selv erfarne folk inden for {niche} falder stadig over det her",
        "det meste af forvirringen omkring {topic} starter netop her",
        "det føles langsomt i starten, men efter en uge eller to går det hurtigere",
    ),
    advice=(
        "start i det små og byg videre derfra",
        "skriv ned, hvad der virker for dig, og gentag det",
        "giv dig selv {k} dage, før du vurderer resultatet",
        "fokuser på én ændring ad gangen",
        "bed en med mere erfaring om at se på din fremgangsmåde",
        "hav en kort tjekliste lige ved hånden",
        "prøv det én gang i denne uge, og læg mærke til, hvad der sker",
        "se hver fejl som information og ikke som et nederlag",
        "sammenlign dine resultater med dit udgangspunkt, ikke med andres",
        "vær tålmodig, for vedholdenhed slår intensitet",
    ),
    joiners=(", så ", ", og "),
    ctas=(
        "Hvis denne video hjalp dig med {topic}, så giv den et like, så flere kan finde den.",
        "Abonner for flere videoer om {niche}, der kommer nye hver uge.",
        "Fortæl mig i kommentarerne, hvilket punkt du vil prøve først.",
        "Tak fordi du så med, vi ses i næste video.",
    ),
    titles=("{topic}: {count} ting du skal vide", "{topic} forklaret i {count} enkle trin",
            "{topic}: det ingen fortæller dig"),
    summaries=(
        "I denne video deler vi {topic} op i {count} praktiske punkter, som du kan bruge med det samme.",
        "Alt, hvad du skal vide om {topic}, forklaret trin for trin i {count} punkter.",
    ),
)
