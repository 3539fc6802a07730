"""Portuguese (Brazilian usage, understood in Portugal too)."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Introdução",
    point_heading="Ponto {n}: {aspect}",
    cta_heading="Para terminar",
    aspects=("os fundamentos", "os erros mais comuns", "as ferramentas que realmente ajudam",
             "um método simples passo a passo", "um exemplo real", "como medir o seu progresso"),
    hooks=(
        "E se tudo o que você sabe sobre {topic} fosse só metade da história?",
        "A maioria das pessoas erra com {topic}, e a solução é mais simples do que você imagina.",
        "Esta é a verdade sobre {topic} que ninguém conta para iniciantes.",
        "Você já se perguntou por que algumas pessoas dominam {topic} tão rápido?",
    ),
    promises=(
        "Vamos passar por {count} pontos principais, um de cada vez.",
        "Dividi tudo em {count} passos claros que você pode seguir hoje mesmo.",
    ),
    openers=(
        "Vamos ao ponto {n}: {aspect}.",
        "Agora vem algo importante: {aspect}.",
        "O ponto número {n} é sobre isto: {aspect}.",
        "É aqui que fica interessante: {aspect}.",
    ),
    claims=(
        "muitos iniciantes passam rápido demais por esta parte de {topic}",
        "é aqui que acontece a maior parte do progresso real",
        "quem leva {niche} a sério volta sempre a esta ideia",
        "a diferença entre um bom resultado e um excelente costuma se esconder exatamente aqui",
        "bastam cerca de {k} minutos por dia para perceber uma mudança",
        "muitos conselhos na internet ignoram isso completamente",
        "este passo parece pequeno, mas influencia tudo o que vem depois",
        "até quem tem experiência em {niche} ainda tropeça nisso",
        "quase toda a confusão sobre {topic} começa neste ponto",
        "no começo parece lento, mas depois de uma ou duas semanas tudo acelera",
    ),
    advice=(
        "comece pequeno e cresça a partir daí",
        "anote o que funciona para você e repita",
        "dê a si mesmo {k} dias antes de julgar os resultados",
        "concentre-se em uma mudança de cada vez",
        "peça a alguém mais experiente para avaliar o seu método",
        "mantenha uma lista de verificação curta por perto",
        "teste uma vez esta semana e observe o que acontece",
        "trate cada erro como informação, não como fracasso",
        "compare os seus resultados com o seu ponto de partida, não com os dos outros",
        "tenha paciência, porque a constância vence a intensidade",
    ),
    joiners=(", então ", ", e "),
    ctas=(
        "Se este vídeo ajudou você com {topic}, deixe o seu like para ele chegar a mais pessoas.",
        "Inscreva-se para ver mais vídeos sobre {niche}, toda semana tem conteúdo novo.",
        "Conte nos comentários qual ponto você vai testar primeiro.",
        "Obrigado por assistir, e até o próximo vídeo.",
    ),
    titles=("{topic}: {count} coisas que você precisa saber", "{topic} explicado em {count} passos simples",
            "{topic}: o que ninguém te conta"),
    summaries=(
        "Neste vídeo, dividimos {topic} em {count} pontos práticos para você usar agora mesmo.",
        "Tudo o que você precisa saber sobre {topic}, explicado passo a passo em {count} pontos.",
    ),
)
