"""Czech. The topic is quoted after "téma" so it never needs declining; no counted nouns, because
the noun after 3–4 and after 5 takes different forms."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Úvod",
    point_heading="Bod {n}: {aspect}",
    cta_heading="Na závěr",
    aspects=("základy", "nejčastější chyby", "nástroje, které opravdu pomáhají",
             "jednoduchá metoda krok za krokem", "skutečný příklad", "jak měřit svůj pokrok"),
    hooks=(
        "Co když všechno, co víte o tématu „{topic}“, je jen polovina příběhu?",
        "Většina lidí dělá v tématu „{topic}“ chybu a řešení je jednodušší, než si myslíte.",
        "Tady je pravda o tématu „{topic}“, kterou začátečníkům nikdo neřekne.",
        "Přemýšleli jste někdy, proč někteří lidé zvládnou téma „{topic}“ tak rychle?",
    ),
    promises=(
        "Projdeme nejdůležitější body jeden po druhém.",
        "Všechno jsem rozdělil do jasných kroků, které můžete začít používat ještě dnes.",
    ),
    openers=(
        "Přejděme k bodu {n}: {aspect}.",
        "Teď něco důležitého: {aspect}.",
        "Bod číslo {n} se týká tohoto: {aspect}.",
        "Tady to začíná být zajímavé: {aspect}.",
    ),
    claims=(
        "mnoho začátečníků touto částí tématu „{topic}“ jen proletí",
        "právě tady se odehrává většina skutečného pokroku",
        "kdo bere obor „{niche}“ vážně, k této myšlence se stále vrací",
        "rozdíl mezi dobrým a skvělým výsledkem se často skrývá právě tady",
        "stačí asi {k} minut denně, abyste si všimli změny",
        "mnoho rad na internetu tohle úplně vynechává",
        "tento krok vypadá malý, ale ovlivňuje všechno, co přijde potom",
        "i zkušení lidé z oboru „{niche}“ tady pořád klopýtají",
        "většina zmatku kolem tématu „{topic}“ začíná právě tady",
        "ze začátku to jde pomalu, ale po týdnu nebo dvou se to zrychlí",
    ),
    advice=(
        "začněte v malém a postupně přidávejte",
        "zapisujte si, co vám funguje, a opakujte to",
        "dejte si {k} dní, než začnete hodnotit výsledky",
        "soustřeďte se vždy jen na jednu změnu",
        "požádejte někoho zkušenějšího, aby se podíval na váš postup",
        "mějte po ruce krátký kontrolní seznam",
        "vyzkoušejte to tento týden jednou a sledujte, co se stane",
        "berte každou chybu jako informaci, ne jako neúspěch",
        "porovnávejte své výsledky s tím, kde jste začínali, ne s ostatními",
        "buďte trpěliví, protože vytrvalost vítězí nad intenzitou",
    ),
    joiners=(", takže ", " a "),
    ctas=(
        "Pokud vám toto video pomohlo s tématem „{topic}“, dejte mu like, ať se dostane k více lidem.",
        "Odebírejte kanál, ať vám neuteče žádné další video z oboru „{niche}“.",
        "Napište do komentářů, který bod vyzkoušíte jako první.",
        "Děkuji za pozornost a uvidíme se u dalšího videa.",
    ),
    titles=("{topic}: co potřebujete vědět", "{topic}: vysvětlení krok za krokem", "{topic}: co vám nikdo neřekne"),
    summaries=(
        "V tomto videu rozebíráme téma „{topic}“ na praktické body, které můžete hned využít.",
        "Vše, co potřebujete vědět o tématu „{topic}“, vysvětleno krok za krokem.",
    ),
)
