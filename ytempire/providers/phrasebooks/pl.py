"""Polish. The topic is quoted after "temat" so it never needs declining; counts follow a colon or
a dash, because the noun after 3–4 and after 5 takes different forms."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Wstęp",
    point_heading="Punkt {n}: {aspect}",
    cta_heading="Na koniec",
    aspects=("podstawy", "najczęstsze błędy", "narzędzia, które naprawdę pomagają",
             "prosta metoda krok po kroku", "prawdziwy przykład", "jak mierzyć swoje postępy"),
    hooks=(
        "A co, jeśli wszystko, co wiesz o temacie „{topic}”, to tylko połowa historii?",
        "Większość ludzi popełnia ten sam błąd w temacie „{topic}”, a rozwiązanie jest prostsze, niż myślisz.",
        "Oto prawda o temacie „{topic}”, której nikt nie mówi początkującym.",
        "Czy zastanawiałeś się kiedyś, dlaczego niektórzy tak szybko opanowują temat „{topic}”?",
    ),
    promises=(
        "Omówimy najważniejsze punkty, jeden po drugim – a jest ich dokładnie {count}.",
        "Podzieliłem wszystko na jasne kroki, które możesz wykonać jeszcze dziś. Liczba kroków: {count}.",
    ),
    openers=(
        "Przejdźmy do punktu {n}: {aspect}.",
        "Teraz coś ważnego: {aspect}.",
        "Punkt numer {n} dotyczy tego: {aspect}.",
        "Tutaj robi się ciekawie: {aspect}.",
    ),
    claims=(
        "wielu początkujących zbyt szybko przechodzi przez tę część tematu „{topic}”",
        "to tutaj dzieje się większość prawdziwych postępów",
        "osoby, które poważnie podchodzą do dziedziny „{niche}”, wciąż wracają do tej myśli",
        "różnica między dobrym a świetnym wynikiem często kryje się właśnie tutaj",
        "wystarczy około {k} minut dziennie, żeby zauważyć zmianę",
        "wiele porad w internecie całkowicie to pomija",
        "ten krok wydaje się mały, ale wpływa na wszystko, co następuje potem",
        "nawet doświadczeni ludzie z dziedziny „{niche}” wciąż się tu potykają",
        "większość nieporozumień wokół tematu „{topic}” zaczyna się właśnie tutaj",
        "na początku idzie to wolno, ale po tygodniu lub dwóch wszystko przyspiesza",
    ),
    advice=(
        "zacznij od małych kroków i rozwijaj się stopniowo",
        "zapisuj, co działa w twoim przypadku, i powtarzaj to",
        "daj sobie {k} dni, zanim ocenisz wyniki",
        "skup się na jednej zmianie naraz",
        "poproś kogoś bardziej doświadczonego, żeby spojrzał na twoje podejście",
        "miej pod ręką krótką listę kontrolną",
        "wypróbuj to raz w tym tygodniu i zobacz, co się stanie",
        "traktuj każdy błąd jako informację, a nie porażkę",
        "porównuj swoje wyniki z punktem wyjścia, a nie z innymi",
        "bądź cierpliwy, bo regularność wygrywa z intensywnością",
    ),
    joiners=(", więc ", " i "),
    ctas=(
        "Jeśli ten film pomógł ci w temacie „{topic}”, zostaw łapkę w górę, żeby dotarł do większej liczby osób.",
        "Zasubskrybuj kanał, żeby nie przegapić kolejnych filmów z dziedziny „{niche}”.",
        "Napisz w komentarzu, który punkt wypróbujesz jako pierwszy.",
        "Dzięki za obejrzenie i do zobaczenia w następnym filmie.",
    ),
    titles=("{topic}: co musisz wiedzieć", "{topic} – wyjaśnienie krok po kroku", "{topic}: czego nikt ci nie mówi"),
    summaries=(
        "W tym filmie rozkładamy temat „{topic}” na praktyczne punkty, które możesz zastosować od razu.",
        "Wszystko, co musisz wiedzieć o temacie „{topic}”, wyjaśnione krok po kroku.",
    ),
)
