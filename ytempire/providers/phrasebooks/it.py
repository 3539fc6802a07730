"""Italian."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Introduzione",
    point_heading="Punto {n}: {aspect}",
    cta_heading="Per concludere",
    aspects=("le basi", "gli errori più comuni", "gli strumenti che aiutano davvero",
             "un metodo semplice passo dopo passo", "un esempio concreto", "come misurare i tuoi progressi"),
    hooks=(
        "E se tutto quello che sai su {topic} fosse solo metà della storia?",
        "La maggior parte delle persone sbaglia con {topic}, e la soluzione è più semplice di quanto pensi.",
        "Ecco la verità su {topic} che nessuno racconta ai principianti.",
        "Ti sei mai chiesto perché alcune persone imparano {topic} così in fretta?",
    ),
    promises=(
        "Vedremo {count} punti chiave, uno alla volta.",
        "Ho diviso tutto in {count} passaggi chiari che puoi seguire già oggi.",
    ),
    openers=(
        "Passiamo al punto {n}: {aspect}.",
        "Ora arriva una cosa importante: {aspect}.",
        "Il punto numero {n} riguarda questo: {aspect}.",
        "Ecco dove diventa interessante: {aspect}.",
    ),
    claims=(
        "molti principianti passano troppo in fretta su questa parte di {topic}",
        "è qui che avviene la maggior parte dei veri progressi",
        "chi prende sul serio il mondo di {niche} torna sempre a questa idea",
        "la differenza tra un buon risultato e uno eccellente spesso si nasconde proprio qui",
        "bastano circa {k} minuti al giorno per notare un cambiamento",
        "molti consigli online saltano completamente questo aspetto",
        "questo passaggio sembra piccolo, ma condiziona tutto ciò che viene dopo",
        "anche chi ha esperienza nel campo di {niche} inciampa ancora qui",
        "quasi tutta la confusione su {topic} nasce in questo punto",
        "all'inizio sembra lento, ma dopo una o due settimane accelera",
    ),
    advice=(
        "comincia in piccolo e cresci da lì",
        "annota ciò che funziona per te e ripetilo",
        "concediti {k} giorni prima di giudicare i risultati",
        "concentrati su un solo cambiamento alla volta",
        "chiedi a qualcuno più esperto di guardare il tuo metodo",
        "tieni a portata di mano una breve lista di controllo",
        "provalo una volta questa settimana e osserva cosa succede",
        "considera ogni errore un'informazione e non un fallimento",
        "confronta i tuoi risultati con il punto di partenza, non con quelli degli altri",
        "sii paziente, perché la costanza batte l'intensità",
    ),
    joiners=(", quindi ", ", e "),
    ctas=(
        "Se questo video ti ha aiutato con {topic}, lascia un mi piace così arriverà a più persone.",
        "Iscriviti per altri video su {niche}, ne pubblichiamo di nuovi ogni settimana.",
        "Scrivimi nei commenti quale punto proverai per primo.",
        "Grazie per la visione, e ci vediamo nel prossimo video.",
    ),
    titles=("{topic}: {count} cose da sapere", "{topic} spiegato in {count} semplici passaggi",
            "{topic}: quello che nessuno ti dice"),
    summaries=(
        "In questo video scomponiamo {topic} in {count} punti pratici da usare subito.",
        "Tutto quello che devi sapere su {topic}, spiegato passo dopo passo in {count} punti.",
    ),
)
