"""Real Vietnamese words for tests: Party-document vocabulary, names, and every kind of rime."""

from __future__ import annotations

_TEXT = """
Đảng Cộng sản Việt Nam chi bộ đảng bộ thôn xã huyện tỉnh thành phố nghị quyết biên bản báo cáo
kiểm điểm đánh giá xếp loại chất lượng hoàn thành xuất sắc tốt nhiệm vụ không thực hiện đồng chí
bí thư phó chủ trì thư ký đảng viên chính thức dự bị vắng mặt có lý do biểu quyết tán thành phản đối
ý kiến nhất trí thống kinh tế văn hóa hoá xã hội quốc phòng an ninh trật tự khuyến học khuya khuỷu
nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đào đoàn vương trịnh
văn thị minh hải hoa hòa hoà thủy thuỷ thúy thuý bình an ánh ân anh cường dũng tuấn hùng
lan hương hường ngọc quỳnh quý yến uyên khoa khoẻ khỏe ngoằn ngoèo oái oăm quạ quào
người ngoài nguyên nguyện chuyển luyện huấn khuấy tuần quân giữa giờ gì gìn giếng nghiêng
thuở huơ hươu bươu mười tươi cưới ưu ước ướt được vườn xoong boong cái cậy cây cầu kêu kiêu
yêu yểng ưa ừ ở ơi ấy ạ ạch ách ếch ốc ích úp ụp ắt ặt ẩn ẵm ỉu ĩnh ịch ọc ỏn ũng ủng ụt ỳ ỷ ỹ ỵ
tháng năm ngày giờ phút quý IV tổng số phần trăm phiếu lần một hai ba bốn lăm mốt tư linh lẻ
Bà Tú Lê Bé Cà Tô Sáu Tám Chín Mười Hà Nội Huế Đà Nẵng Cần Thơ Ê Đê Bà Rịa Vũng Tàu
"""

WORDS = tuple(dict.fromkeys(_TEXT.split()))
# The words whose letters all exist in Latin-1: the ones legacy detection could mistake for legacy bytes.
LATIN1_WORDS = tuple(word for word in WORDS if all(ord(char) < 0x100 for char in word))
