"""Vietnamese letters built from first principles, and text in the legacy encodings, for the legacy tests."""

from __future__ import annotations

import unicodedata

from service.vietnamese.legacy_tables import TCVN3, VISCII_C0, VISCII_HIGH, VNI

VOWELS = ("a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b", "u", "u\u031b", "y")
TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # huyền hỏi ngã sắc nặng
MODIFIED = ("a\u0306", "a\u0302", "e\u0302", "o\u0302", "o\u031b", "u\u031b")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def lower_letters() -> list[str]:
    """The 67 lower-case letters Vietnamese adds to ASCII: đ, the six modified vowels, 12 vowels × 5 tones."""
    return ["đ"] + [nfc(v) for v in MODIFIED] + [nfc(v + t) for v in VOWELS for t in TONES]


def all_letters() -> list[str]:
    """The 134 precomposed Vietnamese letters (lower and upper case)."""
    lower = lower_letters()
    return lower + [letter.upper() for letter in lower]


# The ten strings of the project's domain notes (§4 of the 2025-2026 addendum), with the
# capitals flag for the TCVN3 rows typed in a .VnTimeH font.
SAMPLES = [
    ("Đảng Cộng sản Việt Nam", "§¶ng Céng s¶n ViÖt Nam", False, "Ñaûng Coäng saûn Vieät Nam"),
    (
        "Hà Nội, ngày 05 tháng 02 năm 2026",
        "Hµ Néi, ngµy 05 th¸ng 02 n¨m 2026",
        False,
        "Haø Noäi, ngaøy 05 thaùng 02 naêm 2026",
    ),
    ("Chi bộ thôn Đông", "Chi bé th«n §«ng", False, "Chi boä thoân Ñoâng"),
    ("BIÊN BẢN", "BI£N B¶N", True, "BIEÂN BAÛN"),
    ("NGHỊ QUYẾT", "NGHÞ QUYÕT", True, "NGHÒ QUYEÁT"),
    ("Nguyễn Thị Thủy", "NguyÔn ThÞ Thñy", False, "Nguyeãn Thò Thuûy"),
    ("đồng chí", "®ång chÝ", False, "ñoàng chí"),
    ("ĐẢNG CỘNG SẢN VIỆT NAM", "§¶NG CéNG S¶N VIÖT NAM", True, "ÑAÛNG COÄNG SAÛN VIEÄT NAM"),
    (
        "Sinh hoạt thường kỳ, đồng chí Đặng Văn Bắc chủ trì",
        "Sinh ho¹t th\u00adêng kú, ®ång chÝ §Æng V¨n B¾c chñ tr×",
        False,
        "Sinh hoaït thöôøng kyø, ñoàng chí Ñaëng Vaên Baéc chuû trì",
    ),
    ("BÍ THƯ", "BÝ TH¦", True, "BÍ THÖ"),
]

_TCVN3_ENCODE = {letter: chr(code) for code, letter in TCVN3.items()}
_VISCII_ENCODE = {letter: chr(0x80 + offset) for offset, letter in enumerate(VISCII_HIGH)}


def tcvn3(text: str) -> str:
    """text as typed in TCVN3; capitals with a tone come out as their lower-case codes (an H font's job)."""
    return "".join(_TCVN3_ENCODE.get(char) or _TCVN3_ENCODE.get(char.lower(), char) for char in nfc(text))


def vni(text: str) -> str:
    return "".join(VNI.get(char, char) for char in nfc(text))


def viscii(text: str) -> str:
    """text as VISCII bytes read as Latin-1 (the six C0 capitals cannot travel in XML and are not used)."""
    assert not set(text) & set(VISCII_C0.values())
    return "".join(_VISCII_ENCODE.get(char, char) for char in nfc(text))
