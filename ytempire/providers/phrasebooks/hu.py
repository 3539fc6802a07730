"""Hungarian. The topic never follows an article (a/az depends on its first sound) or takes a case
ending: it stands after a colon or between dashes."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Bevezetés",
    point_heading="{n}. pont: {aspect}",
    cta_heading="Végezetül",
    aspects=("az alapok", "a leggyakoribb hibák", "az igazán hasznos eszközök",
             "egy egyszerű módszer lépésről lépésre", "egy valódi példa", "hogyan mérd a fejlődésedet"),
    hooks=(
        "Mi lenne, ha kiderülne, hogy amit erről a témáról tudsz – {topic} –, az csak a történet fele?",
        "A legtöbben hibáznak ebben a témában – {topic} –, pedig a megoldás egyszerűbb, mint gondolnád.",
        "Ez az igazság erről a témáról: {topic}. Ezt senki sem mondja el a kezdőknek.",
        "Elgondolkodtál már azon, hogy egyesek miért tanulják meg ilyen gyorsan ezt: {topic}?",
    ),
    promises=(
        "Összesen {count} fontos ponton megyünk végig, egyenként.",
        "Mindent {count} világos lépésre bontottam, amelyeket már ma követhetsz.",
    ),
    openers=(
        "Jöjjön a következő pont: {aspect}.",
        "Most valami fontos következik: {aspect}.",
        "Ez a pont erről szól: {aspect}.",
        "Itt kezd érdekessé válni: {aspect}.",
    ),
    claims=(
        "sok kezdő túl gyorsan átsiklik ezen a részen",
        "itt történik a valódi fejlődés nagy része",
        "aki komolyan veszi ezt a területet, újra és újra visszatér ehhez a gondolathoz",
        "a jó és a kiváló eredmény közötti különbség gyakran éppen itt rejlik",
        "napi körülbelül {k} perc is elég ahhoz, hogy változást érezz",
        "sok internetes tanács teljesen kihagyja ezt",
        "ez a lépés kicsinek tűnik, de minden, ami utána jön, erre épül",
        "még a tapasztalt emberek is megbotlanak itt",
        "a témával kapcsolatos zavar nagy része pontosan itt kezdődik",
        "eleinte lassúnak tűnik, de egy-két hét után felgyorsul",
    ),
    advice=(
        "kezdd kicsiben, és onnan építkezz",
        "írd fel, mi működik nálad, és ismételd meg",
        "adj magadnak {k} napot, mielőtt megítéled az eredményt",
        "egyszerre csak egy változtatásra koncentrálj",
        "kérj meg valakit, akinek több tapasztalata van, hogy nézze meg a módszeredet",
        "tarts kéznél egy rövid ellenőrzőlistát",
        "próbáld ki egyszer ezen a héten, és figyeld meg, mi történik",
        "minden hibát információként kezelj, ne kudarcként",
        "az eredményeidet a kiindulópontodhoz mérd, ne másokéhoz",
        "légy türelmes, mert a kitartás többet ér az intenzitásnál",
    ),
    joiners=(", ezért ", ", és "),
    ctas=(
        "Ha ez a videó segített ebben a témában – {topic} –, nyomj egy lájkot, hogy többen megtalálják.",
        "Iratkozz fel további videókért, minden héten jönnek újak erről: {niche}.",
        "Írd meg kommentben, melyik pontot próbálod ki elsőként.",
        "Köszönöm, hogy megnézted, találkozunk a következő videóban.",
    ),
    titles=("{topic}: {count} dolog, amit tudnod kell", "{topic}: {count} egyszerű lépés",
            "{topic}: amit senki sem mond el"),
    summaries=(
        "Ebben a videóban {count} gyakorlati pontra bontjuk ezt a témát: {topic}.",
        "Minden, amit tudnod kell erről: {topic}. Lépésről lépésre, {count} pontban.",
    ),
)
