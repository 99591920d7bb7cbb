import unicodedata

from dienhinh.text.vietnamese import clean_text, fold, has_marks, is_slug, slugify


def test_slug_maps_d_with_stroke_and_drops_marks():
    assert slugify("Đào Việt Hưng") == "dao-viet-hung"
    assert slugify("Công ty CP Trà Than Uyên") == "cong-ty-cp-tra-than-uyen"
    assert slugify("  Lò   Văn Hương!! ") == "lo-van-huong"


def test_slug_of_nfd_input_equals_slug_of_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Thùy")
    assert nfd != "Nguyễn Thị Thùy"
    assert slugify(nfd) == slugify("Nguyễn Thị Thùy") == "nguyen-thi-thuy"


def test_fold_is_case_and_mark_insensitive():
    assert fold("ĐÔNG") == fold("động") == fold("Dong") == "dong"
    assert fold("Nguyễn   Thị\tThùy") == "nguyen thi thuy"


def test_clean_text_is_nfc_and_replaces_lookalike_d_and_invisibles():
    text = unicodedata.normalize("NFD", "\u00d0ảng viên H\u00adưng")
    cleaned = clean_text(text)
    assert cleaned == "Đảng viên Hưng"
    assert unicodedata.is_normalized("NFC", cleaned)


def test_is_slug_and_marks():
    assert is_slug("dao-viet-hung") and not is_slug("Đào Việt Hưng") and not is_slug("a--b")
    assert has_marks("Đông") and has_marks("đ") and not has_marks("Dong")
