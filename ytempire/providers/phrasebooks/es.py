"""Spanish."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Introducción",
    point_heading="Punto {n}: {aspect}",
    cta_heading="Para terminar",
    aspects=("los fundamentos", "los errores más comunes", "las herramientas que de verdad ayudan",
             "un método sencillo paso a paso", "un ejemplo real", "cómo medir tu progreso"),
    hooks=(
        "¿Y si todo lo que sabes sobre {topic} fuera solo la mitad de la historia?",
        "La mayoría de la gente se equivoca con {topic}, y la solución es más sencilla de lo que crees.",
        "Esta es la verdad sobre {topic} que nadie les cuenta a los principiantes.",
        "¿Alguna vez te has preguntado por qué algunas personas dominan {topic} tan rápido?",
    ),
    promises=(
        "Vamos a repasar {count} puntos clave, uno por uno.",
        "Lo he dividido en {count} pasos claros que puedes seguir hoy mismo.",
    ),
    openers=(
        "Pasemos al punto {n}: {aspect}.",
        "Ahora viene algo importante: {aspect}.",
        "El punto número {n} trata de esto: {aspect}.",
        "Aquí es donde se pone interesante: {aspect}.",
    ),
    claims=(
        "muchos principiantes pasan demasiado rápido por esta parte de {topic}",
        "aquí es donde ocurre la mayor parte del progreso real",
        "quienes se toman en serio el mundo de {niche} vuelven una y otra vez a esta idea",
        "la diferencia entre un buen resultado y uno excelente suele esconderse justo aquí",
        "basta con unos {k} minutos al día para notar un cambio",
        "muchos consejos en internet se saltan esto por completo",
        "este paso parece pequeño, pero marca todo lo que viene después",
        "incluso la gente con experiencia en {niche} sigue tropezando con esto",
        "casi toda la confusión sobre {topic} empieza en este punto",
        "al principio parece lento, pero se acelera después de una o dos semanas",
    ),
    advice=(
        "empieza con poco y ve creciendo desde ahí",
        "apunta lo que te funciona y repítelo",
        "date {k} días antes de juzgar los resultados",
        "céntrate en un solo cambio cada vez",
        "pide a alguien con más experiencia que revise tu método",
        "ten a mano una lista de comprobación corta",
        "pruébalo una vez esta semana y observa qué pasa",
        "trata cada error como información y no como un fracaso",
        "compara tus resultados con tu punto de partida, no con los de los demás",
        "ten paciencia, porque la constancia vale más que la intensidad",
    ),
    joiners=(", así que ", ", y "),
    ctas=(
        "Si este vídeo te ha ayudado con {topic}, dale a me gusta para que llegue a más gente.",
        "Suscríbete para ver más vídeos sobre {niche}; publicamos contenido nuevo cada semana.",
        "Cuéntame en los comentarios qué punto vas a probar primero.",
        "Gracias por verlo, y nos vemos en el próximo vídeo.",
    ),
    titles=("{topic}: {count} cosas que debes saber", "{topic} explicado en {count} pasos sencillos",
            "{topic}: lo que nadie te cuenta"),
    summaries=(
        "En este vídeo desglosamos {topic} en {count} puntos prácticos que puedes aplicar desde hoy.",
        "Todo lo que necesitas saber sobre {topic}, explicado paso a paso en {count} puntos.",
    ),
)
