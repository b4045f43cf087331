"""The three 8-bit Vietnamese encodings old documents still arrive in, as data.

A document typed in one of these shows its letters only through a matching font,
so the text is stored as Latin-1 code points (one per byte) and a converter has
to know, for every code, which Vietnamese letter the font draws there.
tests/vietnamese/test_legacy_tables.py rebuilds each table independently and
checks it entry by entry.

TCVN3 (TCVN 5712:1993 "VN3", the ABC fonts .VnTime, .VnArial …): 74 codes. The
seven capitals without a tone sit at 0xA1–0xA7; capitals with a tone have no code
at all: "H" fonts (.VnTimeH …) draw the lower-case codes as capitals instead.
Every other byte is the Latin-1 character of the same value.
"""
from __future__ import annotations

# byte → letter; each vowel's tones are in code order: huyền, hỏi, ngã, sắc, nặng.
TCVN3: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}

# VNI Windows (VNI-Times …) writes a letter as its base letter followed by one mark
# character that the font draws over it: tone ø ù û õ ï; circumflex plus tone â à á å ã ä;
# breve plus tone ê è é ú ü ë; capitals take the capital marks. ơ ư đ and the i's and ỵ
# are single characters of their own. Letter → how VNI writes it, all 134 letters.
VNI: dict[str, str] = {
    "đ": "ñ", "Đ": "Ñ",
    "à": "aø", "ả": "aû", "ã": "aõ", "á": "aù", "ạ": "aï",
    "À": "AØ", "Ả": "AÛ", "Ã": "AÕ", "Á": "AÙ", "Ạ": "AÏ",
    "ă": "aê", "ằ": "aè", "ẳ": "aú", "ẵ": "aü", "ắ": "aé", "ặ": "aë",
    "Ă": "AÊ", "Ằ": "AÈ", "Ẳ": "AÚ", "Ẵ": "AÜ", "Ắ": "AÉ", "Ặ": "AË",
    "â": "aâ", "ầ": "aà", "ẩ": "aå", "ẫ": "aã", "ấ": "aá", "ậ": "aä",
    "Â": "AÂ", "Ầ": "AÀ", "Ẩ": "AÅ", "Ẫ": "AÃ", "Ấ": "AÁ", "Ậ": "AÄ",
    "è": "eø", "ẻ": "eû", "ẽ": "eõ", "é": "eù", "ẹ": "eï",
    "È": "EØ", "Ẻ": "EÛ", "Ẽ": "EÕ", "É": "EÙ", "Ẹ": "EÏ",
    "ê": "eâ", "ề": "eà", "ể": "eå", "ễ": "eã", "ế": "eá", "ệ": "eä",
    "Ê": "EÂ", "Ề": "EÀ", "Ể": "EÅ", "Ễ": "EÃ", "Ế": "EÁ", "Ệ": "EÄ",
    "ì": "ì", "ỉ": "æ", "ĩ": "ó", "í": "í", "ị": "ò",
    "Ì": "Ì", "Ỉ": "Æ", "Ĩ": "Ó", "Í": "Í", "Ị": "Ò",
    "ò": "oø", "ỏ": "oû", "õ": "oõ", "ó": "où", "ọ": "oï",
    "Ò": "OØ", "Ỏ": "OÛ", "Õ": "OÕ", "Ó": "OÙ", "Ọ": "OÏ",
    "ô": "oâ", "ồ": "oà", "ổ": "oå", "ỗ": "oã", "ố": "oá", "ộ": "oä",
    "Ô": "OÂ", "Ồ": "OÀ", "Ổ": "OÅ", "Ỗ": "OÃ", "Ố": "OÁ", "Ộ": "OÄ",
    "ơ": "ô", "ờ": "ôø", "ở": "ôû", "ỡ": "ôõ", "ớ": "ôù", "ợ": "ôï",
    "Ơ": "Ô", "Ờ": "ÔØ", "Ở": "ÔÛ", "Ỡ": "ÔÕ", "Ớ": "ÔÙ", "Ợ": "ÔÏ",
    "ù": "uø", "ủ": "uû", "ũ": "uõ", "ú": "uù", "ụ": "uï",
    "Ù": "UØ", "Ủ": "UÛ", "Ũ": "UÕ", "Ú": "UÙ", "Ụ": "UÏ",
    "ư": "ö", "ừ": "öø", "ử": "öû", "ữ": "öõ", "ứ": "öù", "ự": "öï",
    "Ư": "Ö", "Ừ": "ÖØ", "Ử": "ÖÛ", "Ữ": "ÖÕ", "Ứ": "ÖÙ", "Ự": "ÖÏ",
    "ỳ": "yø", "ỷ": "yû", "ỹ": "yõ", "ý": "yù", "ỵ": "î",
    "Ỳ": "YØ", "Ỷ": "YÛ", "Ỹ": "YÕ", "Ý": "YÙ", "Ỵ": "Î",
}

# VISCII (RFC 1456): every one of the 134 letters has its own byte. Six capitals take
# over C0 control codes; 0x80–0xFF hold the rest, Latin-1's own letters staying put
# where VISCII agrees with it.
VISCII_C0: dict[int, str] = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}
VISCII_HIGH = (            # bytes 0x80–0xFF, sixteen to a line
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐ"     # 0x80
    "ỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"     # 0x90
    "Õắằặấầẩậẽẹếềểễệố"     # 0xA0
    "ồổỗỠƠộờởịỰỨỪỬơớƯ"     # 0xB0
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳ"     # 0xC0
    "ĐứÒÓÔạỷừửÙÚỹỵÝỡư"     # 0xD0
    "àáâãảăữẫèéêẻìíĩỉ"     # 0xE0
    "đựòóôõỏọụùúũủýợỮ"     # 0xF0
)
