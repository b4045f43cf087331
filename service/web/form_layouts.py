"""How the forms without a template of their own are laid out: their title and their steps, each naming the
parts of the schema it holds, in the order the document is written. The parts are drawn from the schema
(labels, choices, help); a test checks that every part of a form is in one of its steps."""

from __future__ import annotations

Steps = tuple[tuple[str, tuple[str, ...]], ...]

LAYOUTS: dict[str, tuple[str, Steps]] = {
    "bien-ban-chuyen-de": (
        "Sinh hoạt chuyên đề",
        (
            ("Số văn bản", ("/resolution_number", "/minutes_number", "/draft")),
            ("Chi bộ, thời gian, địa điểm", ("/organization", "/meeting")),
            ("Chủ trì, thư ký, đại biểu mời", ("/chair", "/secretary", "/guests")),
            ("Thành phần tham dự", ("/attendance",)),
            ("Nội dung chuyên đề", ("/thematic",)),
            ("Phần riêng của nghị quyết", ("/legal_bases", "/implementation", "/recipients", "/signer")),
            ("Kết thúc", ("/minutes_adoption",)),
        ),
    ),
    "bien-ban-thuong-ky-chuyen-de": (
        "Sinh hoạt thường kỳ kết hợp chuyên đề",
        (
            ("Số văn bản", ("/resolution_number", "/thematic_resolution_number", "/minutes_number", "/draft")),
            (
                "Chi bộ, thời gian, địa điểm",
                ("/organization", "/meeting", "/sitting_month", "/tasks_month", "/reviewed_month"),
            ),
            ("Chủ trì, thư ký, đại biểu mời", ("/chair", "/secretary", "/reporter", "/guests")),
            ("Thành phần tham dự", ("/attendance",)),
            ("Phần thường kỳ", ("/agenda", "/party_fees", "/ho_chi_minh", "/last_month", "/next_month")),
            ("Phần chuyên đề", ("/thematic",)),
            ("Thảo luận, kết luận, biểu quyết", ("/speeches", "/conclusion", "/votes", "/vote")),
            (
                "Phần riêng của các nghị quyết",
                ("/legal_bases", "/implementation", "/thematic_implementation", "/recipients", "/signer"),
            ),
            ("Kết thúc", ("/minutes_adoption",)),
        ),
    ),
    "ke-hoach-chuyen-de-nam": (
        "Kế hoạch sinh hoạt chuyên đề năm",
        (
            ("Số, ngày, năm kế hoạch", ("/plan_number", "/date", "/year", "/draft", "/organization")),
            ("Căn cứ, mục đích", ("/legal_bases", "/purposes")),
            ("Chuyên đề từng quý", ("/topics",)),
            ("Tổ chức thực hiện", ("/implementation", "/recipients", "/signer")),
        ),
    ),
    "bao-cao-kiem-diem-tap-the": (
        "Báo cáo kiểm điểm tập thể chi bộ",
        (
            ("Số, ngày, năm kiểm điểm", ("/report_number", "/date", "/year", "/regime", "/draft", "/organization")),
            (
                "Ưu điểm, kết quả đạt được",
                ("/principles", "/targets", "/ideology", "/party_building", "/inspection", "/implementation"),
            ),
            (
                "Hạn chế, khuyết điểm và nguyên nhân",
                ("/shortcomings", "/causes", "/remedied", "/explanations", "/responsibility", "/remedies"),
            ),
            ("Tự đánh giá, xếp loại", ("/self_rating", "/score_general", "/score_tasks")),
            ("Nơi nhận, người ký", ("/recipients", "/signer")),
        ),
    ),
    "bao-cao-thang": (
        "Báo cáo kết quả thực hiện nhiệm vụ tháng",
        (
            (
                "Số, ngày, tháng báo cáo",
                ("/report_number", "/date", "/reviewed_month", "/tasks_month", "/draft", "/organization"),
            ),
            ("Kết quả thực hiện nhiệm vụ", ("/areas", "/party_fees")),
            ("Hạn chế và nguyên nhân", ("/shortcomings", "/causes")),
            ("Phương hướng, nhiệm vụ tháng tới", ("/next_month", "/proposals")),
            ("Nơi nhận, người ký", ("/recipients", "/signer")),
        ),
    ),
    "phieu-xep-loai": (
        "Phiếu đánh giá, xếp loại chất lượng đảng viên",
        (
            ("Cuộc họp", ("/date", "/year", "/regime", "/organization")),
            ("Đảng viên được đánh giá", ("/members", "/copies")),
        ),
    ),
    "tong-hop-xep-loai": (
        "Tổng hợp kết quả đánh giá, xếp loại đảng viên",
        (
            ("Số, ngày, năm kiểm điểm", ("/report_number", "/date", "/year", "/regime", "/organization")),
            ("Kết quả của từng chi bộ", ("/cells",)),
            ("Nơi nhận, người ký", ("/recipients", "/signer")),
        ),
    ),
}
