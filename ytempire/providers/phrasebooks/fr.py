"""French."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Introduction",
    point_heading="Point {n} : {aspect}",
    cta_heading="Pour finir",
    aspects=("les bases", "les erreurs les plus courantes", "les outils vraiment utiles",
             "une méthode simple étape par étape", "un exemple concret", "comment mesurer vos progrès"),
    hooks=(
        "Et si tout ce que vous savez sur {topic} n'était que la moitié de l'histoire ?",
        "La plupart des gens se trompent sur {topic}, et la solution est plus simple qu'on ne le croit.",
        "Voici la vérité sur {topic} que personne ne dit aux débutants.",
        "Vous êtes-vous déjà demandé pourquoi certaines personnes maîtrisent {topic} si vite ?",
    ),
    promises=(
        "Nous allons passer en revue {count} points clés, un par un.",
        "J'ai tout découpé en {count} étapes claires que vous pouvez suivre dès aujourd'hui.",
    ),
    openers=(
        "Passons au point {n} : {aspect}.",
        "Voici maintenant quelque chose d'important : {aspect}.",
        "Le point numéro {n} porte sur ceci : {aspect}.",
        "C'est ici que cela devient intéressant : {aspect}.",
    ),
    claims=(
        "beaucoup de débutants passent trop vite sur cette partie de {topic}",
        "c'est ici que se fait l'essentiel des vrais progrès",
        "les passionnés de {niche} reviennent sans cesse à cette idée",
        "la différence entre un bon et un excellent résultat se cache souvent ici",
        "il suffit d'environ {k} minutes par jour pour voir un changement",
        "beaucoup de conseils en ligne oublient complètement ce point",
        "cette étape paraît petite, mais elle influence tout ce qui suit",
        "même les personnes expérimentées en {niche} butent encore sur ce point",
        "la plupart des confusions autour de {topic} commencent à ce moment-là",
        "cela semble lent au début, mais tout s'accélère après une ou deux semaines",
    ),
    advice=(
        "commencez petit et progressez à partir de là",
        "notez ce qui fonctionne pour vous et répétez-le",
        "laissez-vous {k} jours avant de juger les résultats",
        "concentrez-vous sur un seul changement à la fois",
        "demandez à une personne plus expérimentée d'examiner votre méthode",
        "gardez une courte liste de contrôle à portée de main",
        "essayez une fois cette semaine et observez ce qui se passe",
        "considérez chaque erreur comme une information et non comme un échec",
        "comparez vos résultats à votre point de départ, pas à ceux des autres",
        "soyez patient, car la régularité l'emporte sur l'intensité",
    ),
    joiners=(", alors ", ", et "),
    ctas=(
        "Si cette vidéo vous a aidé avec {topic}, laissez un j'aime pour qu'elle touche plus de monde.",
        "Abonnez-vous pour plus de vidéos sur {niche}, il y en a de nouvelles chaque semaine.",
        "Dites-moi en commentaire quel point vous allez essayer en premier.",
        "Merci d'avoir regardé, et à bientôt dans la prochaine vidéo.",
    ),
    titles=("{topic} : {count} choses à savoir", "{topic} expliqué en {count} étapes simples",
            "{topic} : ce que personne ne vous dit"),
    summaries=(
        "Dans cette vidéo, nous décomposons {topic} en {count} points pratiques à appliquer tout de suite.",
        "Tout ce qu'il faut savoir sur {topic}, expliqué étape par étape en {count} points.",
    ),
)
