"""The annotated roster form of the year-end batch (samples/batch-roster-template.xlsx): the headers a batch
reads, a note on each header saying what goes in the column, example rows, and a sheet of explanations.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from service.batch.roster import COLUMNS
from service.store.roster import save_reproducible

NOTES = {
    "Đảng bộ": "Bắt buộc. Tên đảng bộ cấp trên trực tiếp của chi bộ, như in ở dòng đầu tiêu đề văn bản.",
    "Chi bộ": "Bắt buộc. Tên chi bộ. Các dòng cùng đảng bộ và chi bộ là một chi bộ: mỗi chi bộ có báo cáo kiểm "
    "điểm tập thể, biên bản, phiếu xếp loại và một tập in riêng.",
    "Địa danh": "Địa danh ở dòng ngày tháng (An Phú…). Bỏ trống nếu nhập địa danh chung cho cả đợt.",
    "Họ và tên": "Bắt buộc.",
    "Ngày sinh": "Ngày/tháng/năm, ví dụ 12/03/1968.",
    "Giới tính": "Nam hoặc Nữ.",
    "Chính thức/dự bị": "Chính thức hoặc Dự bị (mặc định Chính thức).",
    "Ngày vào Đảng": "Ngày/tháng/năm.",
    "Ngày chính thức": "Ngày/tháng/năm; để trống với đảng viên dự bị.",
    "Chức vụ đảng": "Bí thư, Phó Bí thư… Người có chức vụ “Bí thư” ký báo cáo và chủ trì cuộc họp.",
    "Chức vụ chính quyền": "Nếu có.",
    "Chức vụ đoàn thể": "Nếu có.",
    "Đơn vị": "Nơi công tác; “nghỉ hưu”, “sinh viên”… giúp chọn Mẫu 2C khi để trống cột “Mẫu”.",
    "Miễn sinh hoạt": "x nếu được miễn công tác và sinh hoạt đảng: không kiểm điểm, không có tên trên phiếu.",
    "Đang sinh hoạt": "Để trống hoặc x; ghi “không” với người đã chuyển đi: bỏ qua dòng này.",
    "Mẫu": "Từ năm 2025 (QĐ 366): 2A giữ chức vụ lãnh đạo, quản lý (kể cả cấp phó, trưởng, phó phòng); 2B không giữ "
    "chức vụ; 2C không làm việc trong hệ thống chính trị (hưu trí, học sinh, sinh viên, doanh nghiệp tư nhân). "
    "Đến năm 2024 (QĐ 124): 02A không giữ chức vụ, 02B giữ chức vụ — chữ cái đổi nghĩa, đừng chép sang năm "
    "khác. Để trống: suy ra từ chức vụ và đơn vị (ghi “đoán” trong manifest).",
    "Tự xếp loại": "HTXSNV, HTTNV, HTNV, KHTNV hoặc tên đầy đủ; để trống để đảng viên tự ghi.",
    "Điểm tiêu chí chung": "Từ năm 2025: điểm tự chấm nhóm tiêu chí chung (tối đa 30); để trống để tự ghi.",
    "Điểm nhiệm vụ": "Từ năm 2025: điểm tự chấm nhóm tiêu chí kết quả thực hiện nhiệm vụ (tối đa 70).",
    "Chi bộ đề nghị": "Mức chi bộ đề nghị sau cuộc họp xếp loại (như cột “Tự xếp loại”); để trống trước cuộc họp.",
    "Cấp trên quyết định": "Mức cấp có thẩm quyền đã quyết định, nếu có: đưa vào bản tổng hợp của đảng bộ.",
}
EXAMPLES = (
    (
        "Đảng bộ xã An Phú",
        "Chi bộ Thôn Đông",
        "An Phú",
        "Nguyễn Văn An",
        "12/03/1968",
        "Nam",
        "Chính thức",
        "15/05/1995",
        "15/05/1996",
        "Bí thư Chi bộ",
        "Trưởng thôn",
        "",
        "Thôn Đông",
        "",
        "",
        "",
        "HTTNV",
        27,
        62,
        "",
        "",
    ),
    (
        "Đảng bộ xã An Phú",
        "Chi bộ Thôn Đông",
        "An Phú",
        "Trần Thị Bình",
        "02/09/1979",
        "Nữ",
        "Chính thức",
        "03/02/2005",
        "03/02/2006",
        "Phó Bí thư Chi bộ",
        "",
        "Chi hội trưởng Phụ nữ",
        "Thôn Đông",
        "",
        "",
        "2A",
        "",
        "",
        "",
        "",
        "",
    ),
    (
        "Đảng bộ xã An Phú",
        "Chi bộ Thôn Đông",
        "An Phú",
        "Hoàng Văn Đức",
        "12/03/1958",
        "Nam",
        "Chính thức",
        "10/10/1985",
        "10/10/1986",
        "",
        "",
        "",
        "Cán bộ hưu trí",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ),
    (
        "Đảng bộ xã An Phú",
        "Chi bộ Thôn Đông",
        "An Phú",
        "Đỗ Văn Minh",
        "20/10/1999",
        "Nam",
        "Dự bị",
        "19/05/2026",
        "",
        "",
        "",
        "Bí thư Chi đoàn",
        "Thôn Đông",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ),
    (
        "Đảng bộ xã An Phú",
        "Chi bộ Thôn Tây",
        "An Phú",
        "Lê Thị Lan",
        "15/08/1975",
        "Nữ",
        "Chính thức",
        "01/09/2000",
        "01/09/2001",
        "Bí thư Chi bộ",
        "",
        "",
        "Thôn Tây",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ),
)
GUIDE = (
    "Mỗi dòng là một đảng viên. Cả tệp được kiểm tra trước: nếu có dòng sai, mọi lỗi được liệt kê theo dòng và "
    "cột, và chưa văn bản nào được tạo.",
    "Kết quả là một tệp ZIP: thư mục Đảng bộ/Chi bộ/ chứa bản kiểm điểm của từng đảng viên, báo cáo kiểm điểm "
    "tập thể (dự thảo), biên bản họp xếp loại (bảng kết quả điền sẵn, số phiếu để trống ghi tay), phiếu xếp loại "
    "và một tập in gộp của chi bộ; thư mục Đảng bộ/ chứa bản tổng hợp kết quả xếp loại (Word và Excel); tệp "
    "manifest.csv liệt kê từng tệp, “Báo cáo kiểm tra danh sách.txt” liệt kê các cảnh báo và các mẫu được đoán.",
    "Ngày, giờ, địa điểm họp, chủ trì, thư ký, đại biểu mời, số có mặt, vắng mặt không có trong danh sách: biên bản "
    "để dòng chấm để ghi tay, trừ khi nhập khi tạo đợt.",
    "Hai người trùng họ tên trong một chi bộ được phân biệt bằng năm sinh (hoặc ngày sinh, đơn vị) trên phiếu, "
    "biên bản và tên tệp: hãy ghi ngày sinh.",
)


def write_template(path: Path) -> None:
    """The annotated form, byte-identical on every run."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách kiểm điểm"
    sheet.append(["STT", *COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if cell.value in NOTES:
            cell.comment = Comment(NOTES[cell.value], "partydocs", width=300, height=120)
    for number, row in enumerate(EXAMPLES, start=1):
        sheet.append([number, *row])
    for index, header in enumerate(["STT", *COLUMNS], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(6, min(28, len(header) + 4))
    guide = workbook.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Cách ghi"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for header in COLUMNS:
        guide.append([header, NOTES[header]])
    guide.append([])
    for line in GUIDE:
        guide.append(["", line])
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 110
    save_reproducible(workbook, path)
