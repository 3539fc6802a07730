"""Norwegian Bokmål."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Innledning",
    point_heading="Punkt {n}: {aspect}",
    cta_heading="Til slutt",
    aspects=("det grunnleggende", "de vanligste feilene", "verktøyene som virkelig hjelper",
             "en enkel metode steg for steg", "et ekte eksempel", "hvordan du måler fremgangen din"),
    hooks=(
        "Hva om alt du vet om {topic}, bare er halve historien?",
        "De fleste gjør feil med {topic}, og løsningen er enklere enn du tror.",
        "Her er sannheten om {topic} som ingen forteller nybegynnere.",
        "Har du noen gang lurt på hvorfor noen lærer {topic} så raskt?",
    ),
    promises=(
        "Vi går gjennom {count} viktige punkter, ett om gangen.",
        "Jeg har delt alt inn i {count} tydelige steg som du kan følge allerede i dag.",
    ),
    openers=(
        "Da går vi videre til punkt {n}: {aspect}.",
        "Nå kommer noe viktig: {aspect}.",
        "Punkt nummer {n} handler om dette: {aspect}.",
        "Her blir det interessant: {aspect}.",
    ),
    claims=(
        "mange nybegynnere haster gjennom denne delen av {topic}",
        "det er her mesteparten av den virkelige fremgangen skjer",
        "de som tar {niche} på alvor, kommer stadig tilbake til denne ideen",
        "forskjellen mellom et godt og et fantastisk resultat skjuler seg ofte akkurat her",
        "det holder med omtrent {k} minutter om dagen for å merke en endring",
        "mange råd på nettet hopper helt over dette",
        "dette steget ser lite ut, men det former alt som kommer etterpå",
        "selv erfarne folk innen {niche} snubler fortsatt over dette",
        "mesteparten av forvirringen rundt {topic} starter akkurat her",
        "det føles tregt i starten, men etter en uke eller to går det raskere",
    ),
    advice=(
        "start i det små og bygg videre derfra",
        "skriv ned det som fungerer for deg, og gjenta det",
        "gi deg selv {k} dager før du vurderer resultatet",
        "fokuser på én endring om gangen",
        "be noen med mer erfaring om å se på fremgangsmåten din",
        "ha en kort sjekkliste lett tilgjengelig",
        "prøv det én gang denne uken og legg merke til hva som skjer",
        "se på hver feil som informasjon og ikke som et nederlag",
        "sammenlign resultatene dine med der du startet, ikke med andre",
        "vær tålmodig, for utholdenhet slår intensitet",
    ),
    joiners=(", så ", ", og "),
    ctas=(
        "Hvis denne videoen hjalp deg med {topic}, gi den en like så flere finner den.",
        "Abonner for flere videoer om {niche}, det kommer nye hver uke.",
        "Fortell meg i kommentarfeltet hvilket punkt du vil prøve først.",
        "Takk for at du så på, vi ses i neste video.",
    ),
    titles=("{topic}: {count} ting du må vite", "{topic} forklart i {count} enkle steg",
            "{topic}: det ingen forteller deg"),
    summaries=(
        "I denne videoen deler vi {topic} inn i {count} praktiske punkter som du kan bruke med en gang.",
        "Alt du trenger å vite om {topic}, forklart steg for steg i {count} punkter.",
    ),
)
