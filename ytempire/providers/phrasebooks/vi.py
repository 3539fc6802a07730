"""Vietnamese (words are syllables, so 150 words a minute is a calm pace)."""
from ytempire.providers.phrasebooks import Phrasebook

PHRASEBOOK = Phrasebook(
    hook_heading="Mở đầu",
    point_heading="Điểm {n}: {aspect}",
    cta_heading="Lời kết",
    aspects=("những điều cơ bản", "những lỗi thường gặp nhất", "những công cụ thật sự hữu ích",
             "một phương pháp đơn giản từng bước", "một ví dụ thực tế", "cách đo lường sự tiến bộ của bạn"),
    hooks=(
        "Sẽ ra sao nếu mọi điều bạn biết về {topic} chỉ là một nửa câu chuyện?",
        "Phần lớn mọi người đều hiểu sai về {topic}, và cách khắc phục đơn giản hơn bạn nghĩ.",
        "Đây là sự thật về {topic} mà không ai nói với người mới bắt đầu.",
        "Bạn có bao giờ tự hỏi vì sao có người nắm vững {topic} nhanh đến vậy không?",
    ),
    promises=(
        "Chúng ta sẽ đi qua {count} điểm chính, từng điểm một.",
        "Tôi đã chia mọi thứ thành {count} bước rõ ràng mà bạn có thể làm theo ngay hôm nay.",
    ),
    openers=(
        "Giờ chúng ta chuyển sang điểm thứ {n}: {aspect}.",
        "Bây giờ là một điều quan trọng: {aspect}.",
        "Điểm số {n} nói về điều này: {aspect}.",
        "Đây là lúc mọi thứ trở nên thú vị: {aspect}.",
    ),
    claims=(
        "nhiều người mới bắt đầu lướt quá nhanh qua phần này của {topic}",
        "đây là nơi phần lớn sự tiến bộ thật sự diễn ra",
        "những người nghiêm túc với {niche} luôn quay lại ý tưởng này",
        "khác biệt giữa kết quả tốt và kết quả xuất sắc thường nằm ngay ở đây",
        "chỉ cần khoảng {k} phút mỗi ngày là bạn đã thấy thay đổi",
        "nhiều lời khuyên trên mạng bỏ qua hoàn toàn điều này",
        "bước này trông có vẻ nhỏ, nhưng nó định hình mọi thứ phía sau",
        "ngay cả người có kinh nghiệm trong lĩnh vực {niche} vẫn vấp ở đây",
        "phần lớn sự nhầm lẫn về {topic} bắt đầu từ chính chỗ này",
        "lúc đầu có vẻ chậm, nhưng sau một hai tuần mọi thứ sẽ nhanh hơn",
    ),
    advice=(
        "hãy bắt đầu từ những việc nhỏ rồi phát triển dần",
        "hãy ghi lại những gì hiệu quả với bạn và lặp lại",
        "hãy cho bản thân {k} ngày trước khi đánh giá kết quả",
        "hãy tập trung vào một thay đổi mỗi lần",
        "hãy nhờ một người có kinh nghiệm hơn xem cách bạn làm",
        "hãy luôn để sẵn một danh sách kiểm tra ngắn",
        "hãy thử một lần trong tuần này và để ý điều gì xảy ra",
        "hãy coi mỗi sai lầm là thông tin chứ không phải thất bại",
        "hãy so sánh kết quả với điểm xuất phát của bạn, đừng so với người khác",
        "hãy kiên nhẫn, vì sự đều đặn luôn thắng cường độ",
    ),
    joiners=(", vì vậy ", ", và "),
    ctas=(
        "Nếu video này giúp bạn hiểu hơn về {topic}, hãy bấm thích để nhiều người tìm thấy nó hơn.",
        "Hãy đăng ký kênh để xem thêm video về {niche}, tuần nào cũng có video mới.",
        "Hãy cho tôi biết trong phần bình luận bạn sẽ thử điểm nào trước.",
        "Cảm ơn bạn đã xem, hẹn gặp lại trong video tiếp theo.",
    ),
    titles=("{topic}: {count} điều bạn cần biết", "{topic} qua {count} bước đơn giản",
            "{topic}: điều không ai nói với bạn"),
    summaries=(
        "Trong video này, chúng ta chia {topic} thành {count} điểm thực tế mà bạn có thể áp dụng ngay.",
        "Mọi điều bạn cần biết về {topic}, được giải thích từng bước qua {count} điểm.",
    ),
)
