"""Dutch."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Inleiding",
    point_heading="Punt {n}: {aspect}",
    cta_heading="Tot slot",
    aspects=("de basis", "de meest gemaakte fouten", "hulpmiddelen die echt helpen",
             "een eenvoudige methode stap voor stap", "een echt voorbeeld", "hoe je je voortgang meet"),
    hooks=(
        "Wat als alles wat je over {topic} weet maar het halve verhaal is?",
        "De meeste mensen pakken {topic} verkeerd aan, en de oplossing is eenvoudiger dan je denkt.",
        "Dit is de waarheid over {topic} die niemand aan beginners vertelt.",
        "Heb je je ooit afgevraagd waarom sommige mensen {topic} zo snel onder de knie krijgen?",
    ),
    promises=(
        "We lopen {count} belangrijke punten één voor één door.",
        "Ik heb alles opgedeeld in {count} duidelijke stappen die je vandaag nog kunt volgen.",
    ),
    openers=(
        "Dan nu punt {n}: {aspect}.",
        "Nu komt er iets belangrijks: {aspect}.",
        "Punt {n} gaat hierover: {aspect}.",
        "Hier wordt het interessant: {aspect}.",
    ),
    claims=(
        "veel beginners haasten zich door dit deel van {topic}",
        "hier gebeurt het grootste deel van de echte vooruitgang",
        "wie {niche} serieus neemt, komt steeds weer terug bij dit idee",
        "het verschil tussen een goed en een geweldig resultaat zit vaak precies hier",
        "ongeveer {k} minuten per dag is al genoeg om verschil te merken",
        "veel adviezen op internet slaan dit helemaal over",
        "deze stap lijkt klein, maar hij bepaalt alles wat daarna komt",
        "zelfs ervaren mensen in {niche} struikelen hier nog over",
        "de meeste verwarring rond {topic} begint op dit punt",
        "in het begin voelt het traag, maar na een week of twee gaat het sneller",
    ),
    advice=(
        "begin klein en bouw van daaruit verder",
        "schrijf op wat voor jou werkt en herhaal het",
        "geef jezelf {k} dagen voordat je de resultaten beoordeelt",
        "richt je op één verandering tegelijk",
        "vraag iemand met meer ervaring om naar je aanpak te kijken",
        "houd een korte checklist bij de hand",
        "probeer het deze week één keer en let op wat er gebeurt",
        "zie elke fout als informatie en niet als mislukking",
        "vergelijk je resultaten met je startpunt, niet met die van anderen",
        "wees geduldig, want volhouden wint het van intensiteit",
    ),
    joiners=(", dus ", ", en "),
    ctas=(
        "Heeft deze video je geholpen met {topic}? Geef hem dan een like, zodat meer mensen hem vinden.",
        "Abonneer je voor meer video's over {niche}, er komen elke week nieuwe bij.",
        "Laat in de reacties weten welk punt je als eerste gaat proberen.",
        "Bedankt voor het kijken, en tot de volgende video.",
    ),
    titles=("{topic}: {count} dingen die je moet weten", "{topic} uitgelegd in {count} eenvoudige stappen",
            "{topic}: wat niemand je vertelt"),
    summaries=(
        "In deze video splitsen we {topic} op in {count} praktische punten die je meteen kunt gebruiken.",
        "Alles wat je moet weten over {topic}, stap voor stap uitgelegd in {count} punten.",
    ),
)
