"""Indonesian."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Pembuka",
    point_heading="Poin {n}: {aspect}",
    cta_heading="Penutup",
    aspects=("dasar-dasarnya", "kesalahan yang paling umum", "alat yang benar-benar membantu",
             "metode sederhana langkah demi langkah", "contoh nyata", "cara mengukur kemajuanmu"),
    hooks=(
        "Bagaimana jika semua yang kamu tahu tentang {topic} hanyalah separuh cerita?",
        "Kebanyakan orang keliru soal {topic}, dan solusinya lebih sederhana dari yang kamu kira.",
        "Inilah kebenaran tentang {topic} yang tidak pernah diceritakan kepada pemula.",
        "Pernahkah kamu bertanya-tanya kenapa sebagian orang bisa menguasai {topic} begitu cepat?",
    ),
    promises=(
        "Kita akan membahas {count} poin penting, satu per satu.",
        "Saya sudah membaginya menjadi {count} langkah jelas yang bisa kamu ikuti hari ini juga.",
    ),
    openers=(
        "Sekarang kita masuk ke poin {n}: {aspect}.",
        "Sekarang ada hal penting: {aspect}.",
        "Poin nomor {n} membahas hal ini: {aspect}.",
        "Di sinilah mulai menarik: {aspect}.",
    ),
    claims=(
        "banyak pemula terburu-buru melewati bagian {topic} yang satu ini",
        "di sinilah sebagian besar kemajuan nyata terjadi",
        "orang yang serius menekuni {niche} selalu kembali ke gagasan ini",
        "perbedaan antara hasil yang baik dan hasil yang luar biasa sering tersembunyi tepat di sini",
        "cukup sekitar {k} menit sehari untuk merasakan perubahan",
        "banyak saran di internet melewatkan hal ini sepenuhnya",
        "langkah ini terlihat kecil, tetapi memengaruhi semua yang datang sesudahnya",
        "bahkan orang yang berpengalaman di bidang {niche} masih tersandung di sini",
        "sebagian besar kebingungan soal {topic} berawal dari titik ini",
        "awalnya terasa lambat, tetapi setelah satu atau dua minggu semuanya menjadi lebih cepat",
    ),
    advice=(
        "mulailah dari yang kecil lalu kembangkan dari sana",
        "catat apa yang berhasil untukmu dan ulangi",
        "beri dirimu waktu {k} hari sebelum menilai hasilnya",
        "fokuslah pada satu perubahan setiap kali",
        "minta orang yang lebih berpengalaman untuk melihat caramu",
        "simpan daftar periksa singkat di dekatmu",
        "coba sekali minggu ini dan perhatikan apa yang terjadi",
        "anggap setiap kesalahan sebagai informasi, bukan kegagalan",
        "bandingkan hasilmu dengan titik awalmu, bukan dengan orang lain",
        "bersabarlah, karena konsistensi mengalahkan intensitas",
    ),
    joiners=(", jadi ", ", dan "),
    ctas=(
        "Kalau video ini membantumu memahami {topic}, tekan suka supaya lebih banyak orang menemukannya.",
        "Berlangganan untuk video lain tentang {niche}, ada yang baru setiap minggu.",
        "Tulis di kolom komentar poin mana yang akan kamu coba lebih dulu.",
        "Terima kasih sudah menonton, sampai jumpa di video berikutnya.",
    ),
    titles=("{topic}: {count} hal yang perlu kamu tahu", "{topic} dijelaskan dalam {count} langkah mudah",
            "{topic}: yang tidak pernah diceritakan orang"),
    summaries=(
        "Di video ini kita memecah {topic} menjadi {count} poin praktis yang bisa langsung kamu terapkan.",
        "Semua yang perlu kamu tahu tentang {topic}, dijelaskan langkah demi langkah dalam {count} poin.",
    ),
)
