"""Finnish. The topic is quoted after "aihe", which takes the case endings instead."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Johdanto",
    point_heading="Kohta {n}: {aspect}",
    cta_heading="Lopuksi",
    aspects=("perusteet", "yleisimmät virheet", "työkalut, jotka todella auttavat",
             "yksinkertainen menetelmä vaihe vaiheelta", "todellinen esimerkki", "miten mittaat edistymistäsi"),
    hooks=(
        "Entä jos kaikki, mitä tiedät aiheesta ”{topic}”, onkin vain puolet totuudesta?",
        "Useimmat tekevät virheen aiheessa ”{topic}”, ja ratkaisu on yksinkertaisempi kuin luulet.",
        "Tässä on totuus aiheesta ”{topic}”, jota kukaan ei kerro aloittelijoille.",
        "Oletko koskaan miettinyt, miksi jotkut oppivat aiheen ”{topic}” niin nopeasti?",
    ),
    promises=(
        "Käymme läpi {count} tärkeää kohtaa yksi kerrallaan.",
        "Jaoin kaiken selkeisiin vaiheisiin, joita voit seurata jo tänään.",
    ),
    openers=(
        "Siirrytään kohtaan {n}: {aspect}.",
        "Nyt jotain tärkeää: {aspect}.",
        "Kohta numero {n} käsittelee tätä: {aspect}.",
        "Tästä tulee kiinnostavaa: {aspect}.",
    ),
    claims=(
        "moni aloittelija kiirehtii tämän osan ohi aiheessa ”{topic}”",
        "juuri tässä tapahtuu suurin osa todellisesta edistymisestä",
        "ne, jotka suhtautuvat alaan ”{niche}” vakavasti, palaavat tähän ajatukseen yhä uudelleen",
        "ero hyvän ja erinomaisen tuloksen välillä piilee usein juuri tässä",
        "noin {k} minuuttia päivässä riittää muutoksen huomaamiseen",
        "moni verkosta löytyvä neuvo ohittaa tämän kokonaan",
        "tämä vaihe näyttää pieneltä, mutta se vaikuttaa kaikkeen, mikä tulee sen jälkeen",
        "kokeneetkin alan ”{niche}” ihmiset kompastuvat tähän yhä",
        "suurin osa aiheeseen ”{topic}” liittyvästä sekaannuksesta alkaa juuri tästä",
        "alussa tuntuu hitaalta, mutta viikon tai kahden jälkeen vauhti kiihtyy",
    ),
    advice=(
        "aloita pienestä ja rakenna siitä eteenpäin",
        "kirjoita ylös, mikä toimii sinulle, ja toista sitä",
        "anna itsellesi {k} päivää ennen kuin arvioit tuloksia",
        "keskity yhteen muutokseen kerrallaan",
        "pyydä kokeneempaa ihmistä katsomaan lähestymistapaasi",
        "pidä lyhyt tarkistuslista lähellä",
        "kokeile kerran tällä viikolla ja katso, mitä tapahtuu",
        "pidä jokaista virhettä tietona, älä epäonnistumisena",
        "vertaa tuloksiasi lähtötasoosi, älä muihin",
        "ole kärsivällinen, sillä sinnikkyys voittaa intensiteetin",
    ),
    joiners=(", joten ", ", ja "),
    ctas=(
        "Jos tämä video auttoi sinua aiheessa ”{topic}”, anna tykkäys, jotta useampi löytää sen.",
        "Tilaa kanava, niin näet joka viikko lisää videoita aiheesta ”{niche}”.",
        "Kerro kommenteissa, mitä kohtaa kokeilet ensimmäisenä.",
        "Kiitos katsomisesta, nähdään seuraavassa videossa.",
    ),
    titles=("{topic}: {count} asiaa, jotka sinun pitää tietää", "{topic}: selitys vaihe vaiheelta",
            "{topic}: mitä kukaan ei kerro sinulle"),
    summaries=(
        "Tässä videossa pilkomme aiheen ”{topic}” käytännön kohtiin, joita voit hyödyntää heti.",
        "Kaikki, mitä sinun pitää tietää aiheesta ”{topic}”, selitettynä vaihe vaiheelta.",
    ),
)
