"""Romanian."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Introducere",
    point_heading="Punctul {n}: {aspect}",
    cta_heading="În încheiere",
    aspects=("noțiunile de bază", "cele mai frecvente greșeli", "instrumentele care chiar ajută",
             "o metodă simplă, pas cu pas", "un exemplu real", "cum îți măsori progresul"),
    hooks=(
        "Ce-ar fi dacă tot ce știi despre {topic} ar fi doar jumătate din poveste?",
        "Cei mai mulți oameni greșesc când vine vorba de {topic}, iar soluția e mai simplă decât crezi.",
        "Iată adevărul despre {topic} pe care nimeni nu-l spune începătorilor.",
        "Te-ai întrebat vreodată de ce unii oameni stăpânesc {topic} atât de repede?",
    ),
    promises=(
        "Vom trece prin {count} puncte importante, unul câte unul.",
        "Am împărțit totul în {count} pași clari pe care îi poți urma chiar de azi.",
    ),
    openers=(
        "Trecem la punctul {n}: {aspect}.",
        "Acum urmează ceva important: {aspect}.",
        "Punctul numărul {n} este despre asta: {aspect}.",
        "Aici devine interesant: {aspect}.",
    ),
    claims=(
        "mulți începători trec prea repede peste această parte din {topic}",
        "aici se petrece cea mai mare parte a progresului real",
        "cei care iau în serios domeniul {niche} revin mereu la această idee",
        "diferența dintre un rezultat bun și unul excelent se ascunde adesea chiar aici",
        "ajung cam {k} minute pe zi ca să observi o schimbare",
        "multe sfaturi de pe internet sar complet peste acest lucru",
        "acest pas pare mic, dar influențează tot ce urmează",
        "chiar și oamenii cu experiență în {niche} se împiedică încă aici",
        "cea mai mare parte a confuziei legate de {topic} începe exact aici",
        "la început pare lent, dar după o săptămână sau două lucrurile se accelerează",
    ),
    advice=(
        "începe cu pași mici și construiește de acolo",
        "notează ce funcționează pentru tine și repetă",
        "acordă-ți {k} zile înainte să judeci rezultatele",
        "concentrează-te pe o singură schimbare odată",
        "roagă pe cineva cu mai multă experiență să se uite la abordarea ta",
        "ține la îndemână o listă scurtă de verificare",
        "încearcă o dată săptămâna aceasta și observă ce se întâmplă",
        "privește fiecare greșeală ca pe o informație, nu ca pe un eșec",
        "compară-ți rezultatele cu punctul de plecare, nu cu ale altora",
        "ai răbdare, pentru că perseverența bate intensitatea",
    ),
    joiners=(", așa că ", " și "),
    ctas=(
        "Dacă acest videoclip te-a ajutat cu {topic}, dă-i un like ca să ajungă la mai mulți oameni.",
        "Abonează-te pentru mai multe videoclipuri despre {niche}, apar altele noi în fiecare săptămână.",
        "Spune-mi în comentarii ce punct vei încerca primul.",
        "Mulțumesc că ai urmărit și ne vedem în următorul videoclip.",
    ),
    titles=("{topic}: {count} lucruri pe care trebuie să le știi", "{topic} explicat în {count} pași simpli",
            "{topic}: ce nu-ți spune nimeni"),
    summaries=(
        "În acest videoclip împărțim {topic} în {count} puncte practice pe care le poți folosi imediat.",
        "Tot ce trebuie să știi despre {topic}, explicat pas cu pas în {count} puncte.",
    ),
)
