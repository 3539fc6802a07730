"""Swedish."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Inledning",
    point_heading="Punkt {n}: {aspect}",
    cta_heading="Till sist",
    aspects=("grunderna", "de vanligaste misstagen", "verktygen som verkligen hjälper",
             "en enkel metod steg för steg", "ett verkligt exempel", "hur du mäter dina framsteg"),
    hooks=(
        "Tänk om allt du vet om {topic} bara är halva sanningen?",
        "De flesta gör fel när det gäller {topic}, och lösningen är enklare än du tror.",
        "Här är sanningen om {topic} som ingen berättar för nybörjare.",
        "Har du någonsin undrat varför vissa lär sig {topic} så snabbt?",
    ),
    promises=(
        "Vi går igenom {count} viktiga punkter, en i taget.",
        "Jag har delat upp allt i {count} tydliga steg som du kan följa redan i dag.",
    ),
    openers=(
        "Nu går vi vidare till punkt {n}: {aspect}.",
        "Nu kommer något viktigt: {aspect}.",
        "Punkt nummer {n} handlar om det här: {aspect}.",
        "Här blir det intressant: {aspect}.",
    ),
    claims=(
        "många nybörjare stressar igenom den här delen av {topic}",
        "det är här som det mesta av de verkliga framstegen sker",
        "den som tar {niche} på allvar återvänder gång på gång till den här idén",
        "skillnaden mellan ett bra och ett fantastiskt resultat gömmer sig ofta just här",
        "det räcker med ungefär {k} minuter om dagen för att märka en skillnad",
        "många råd på nätet hoppar över det här helt",
        "det här steget ser litet ut, men det påverkar allt som kommer efter",
        "även erfarna personer inom {niche} snubblar fortfarande på det här",
        "det mesta av förvirringen kring {topic} börjar just här",
        "det känns långsamt i början, men efter en vecka eller två går det snabbare",
    ),
    advice=(
        "börja i liten skala och bygg vidare därifrån",
        "skriv ner det som fungerar för dig och upprepa det",
        "ge dig själv {k} dagar innan du bedömer resultatet",
        "fokusera på en förändring i taget",
        "be någon med mer erfarenhet att titta på ditt upplägg",
        "ha en kort checklista nära till hands",
        "testa en gång den här veckan och lägg märke till vad som händer",
        "se varje misstag som information och inte som ett misslyckande",
        "jämför dina resultat med var du började, inte med andra",
        "ha tålamod, för uthållighet slår intensitet",
    ),
    joiners=(", så ", ", och "),
    ctas=(
        "Om den här videon hjälpte dig med {topic}, tryck på gilla så att fler hittar den.",
        "Prenumerera för fler videor om {niche}, nya kommer varje vecka.",
        "Berätta i kommentarerna vilken punkt du ska testa först.",
        "Tack för att du tittade, vi ses i nästa video.",
    ),
    titles=("{topic}: {count} saker du behöver veta", "{topic} förklarat i {count} enkla steg",
            "{topic}: det ingen berättar för dig"),
    summaries=(
        "I den här videon delar vi upp {topic} i {count} praktiska punkter som du kan använda direkt.",
        "Allt du behöver veta om {topic}, förklarat steg för steg i {count} punkter.",
    ),
)
