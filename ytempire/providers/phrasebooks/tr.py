"""Turkish. Case endings go on "konu" after the topic, never on the topic itself; no clause starts
with "i", which Python would capitalise as "I" rather than Turkish "İ"."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Giriş",
    point_heading="Madde {n}: {aspect}",
    cta_heading="Son söz",
    aspects=("temel bilgiler", "en sık yapılan hatalar", "gerçekten işe yarayan araçlar",
             "adım adım basit bir yöntem", "gerçek bir örnek", "ilerlemeni nasıl ölçersin"),
    hooks=(
        "Ya {topic} konusunda bildiğin her şey hikâyenin sadece yarısıysa?",
        "Çoğu insan {topic} konusunda hata yapıyor ve çözüm sandığından çok daha basit.",
        "İşte {topic} konusunda kimsenin yeni başlayanlara söylemediği gerçek.",
        "Bazı insanların {topic} konusunu neden bu kadar hızlı öğrendiğini hiç merak ettin mi?",
    ),
    promises=(
        "{count} önemli maddeyi tek tek ele alacağız.",
        "Her şeyi bugün uygulayabileceğin {count} net adıma böldüm.",
    ),
    openers=(
        "Şimdi {n}. maddeye geçelim: {aspect}.",
        "Şimdi önemli bir konu: {aspect}.",
        "{n}. madde tamamen bununla ilgili: {aspect}.",
        "İşin ilginçleştiği yer burası: {aspect}.",
    ),
    claims=(
        "pek çok yeni başlayan {topic} konusunun bu kısmını aceleyle geçiyor",
        "gerçek ilerlemenin büyük kısmı tam burada oluyor",
        "{niche} alanını ciddiye alanlar bu fikre tekrar tekrar dönüyor",
        "çoğu zaman iyi bir sonuçla mükemmel bir sonuç arasındaki fark tam burada saklı",
        "bir değişiklik fark etmek için günde yaklaşık {k} dakika yeterli",
        "çevrimiçi tavsiyelerin çoğu bunu tamamen atlıyor",
        "bu adım küçük görünüyor ama sonrasında gelen her şeyi etkiliyor",
        "{niche} alanındaki deneyimli insanlar bile burada hâlâ tökezliyor",
        "{topic} konusundaki kafa karışıklığının çoğu tam bu noktada başlıyor",
        "başta yavaş gibi geliyor ama bir iki hafta sonra hızlanıyor",
    ),
    advice=(
        "küçük başla ve oradan devam et",
        "sana uyan şeyleri not al ve tekrarla",
        "sonuçları değerlendirmeden önce kendine {k} gün ver",
        "aynı anda tek bir değişikliğe odaklan",
        "daha deneyimli birinden yaklaşımına göz atmasını iste",
        "kısa bir kontrol listesini el altında tut",
        "bu hafta bir kez dene ve neler olduğuna dikkat et",
        "her hatayı başarısızlık değil, bilgi olarak gör",
        "sonuçlarını başkalarıyla değil, başladığın noktayla karşılaştır",
        "sabırlı ol, çünkü istikrar yoğunluktan daha önemlidir",
    ),
    joiners=(", bu yüzden ", " ve "),
    ctas=(
        "Bu video {topic} konusunda işine yaradıysa, daha çok kişiye ulaşması için beğenmeyi unutma.",
        "{niche} hakkında daha fazla video için abone ol, her hafta yenileri geliyor.",
        "Önce hangi maddeyi deneyeceğini yorumlarda yaz.",
        "Bizi izlediğin için teşekkürler, bir sonraki videoda görüşmek üzere.",
    ),
    titles=("{topic}: bilmen gereken {count} şey", "{topic}: {count} basit adımda anlatım",
            "{topic}: kimsenin sana söylemedikleri"),
    summaries=(
        "Bu videoda {topic} konusunu hemen uygulayabileceğin {count} pratik maddeye ayırıyoruz.",
        "{topic} hakkında bilmen gereken her şey, {count} maddede adım adım anlatılıyor.",
    ),
)
