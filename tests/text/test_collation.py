import random

from conftest import icu_collator
from dienhinh.text.collation import canonical_tone_placement, collation_key, initial_letter, name_key

WORDS = ["a", "à", "ả", "ã", "á", "ạ", "ă", "ằ", "â", "ấ", "b", "d", "đ", "Đ", "e", "ê", "o", "ô", "ơ", "u",
         "ư", "y", "z", "an", "ăn", "Anh", "anh", "Ánh", "Ảnh", "ba", "bà", "bả", "bá", "Bá", "bạ", "10", "2",
         "Đông", "Dông", "dong", "động", "đồng", "Nguyễn", "Nguyen", "Ngô", "Ngọc", "Lê", "Lò", "Lộc", "Trần",
         "Thùy", "Thuy", "Thủy", "Như", "Nhu", "Hưng", "Hùng", "Hương", "Huệ", "Hằng", "Hoàng", "Quyết", "Quý",
         "hòa", "hoa", "hỏa", "a b", "ab", "Ab"]


def test_order_matches_icu_vi_collation():
    collator = icu_collator()
    rng = random.Random(7)
    for _ in range(20):
        words = WORDS[:]
        rng.shuffle(words)
        assert sorted(words, key=collation_key) == sorted(words, key=collator.getSortKey)


def test_name_list_order_matches_icu_part_by_part():
    """Given name, then middle name, then family name, each compared as ICU vi does."""
    collator = icu_collator()
    names = ["Nguyễn Thị Thùy", "Đào Việt Hưng", "Dương Thị Như", "Đặng Thị Hoàng", "Đỗ Thị Huệ",
             "Dương Thị Hằng", "Vũ Ngọc Sang", "Lò Văn Hương", "Phan Bá Quyết", "Lê Văn An", "Trần Ân",
             "Đinh Văn Ân", "Hà Thị Ánh", "Nguyễn Văn Đông", "Nguyễn Văn Dông", "Lê Thị Thuy", "Bùi Thị Thúy"]

    def icu_key(name):
        parts = name.split()
        family, middle, given = parts[0], " ".join(parts[1:-1]), parts[-1]
        return tuple(collator.getSortKey(p) for p in (given, middle, family))

    assert sorted(names, key=name_key) == sorted(names, key=icu_key)


def test_d_with_stroke_sorts_after_d_not_after_z():
    ordered = sorted(["Zơ", "Đông", "Dũng", "Én"], key=collation_key)
    assert ordered == ["Dũng", "Đông", "Én", "Zơ"]


def test_names_differing_only_in_tone_marks():
    ordered = sorted(["Lê Thị Thủy", "Lê Thị Thuy", "Lê Thị Thụy", "Lê Thị Thùy", "Lê Thị Thúy", "Lê Thị Thũy"],
                     key=name_key)
    assert [n.split()[-1] for n in ordered] == ["Thuy", "Thùy", "Thủy", "Thũy", "Thúy", "Thụy"]


def test_tone_placement_is_canonicalised_for_keys():
    assert canonical_tone_placement("hoá") == "hóa"
    assert canonical_tone_placement("Thuỳ") == "Thùy"
    assert canonical_tone_placement("hoàn") == "hoàn"
    assert canonical_tone_placement("quý") == "quý"
    assert collation_key("Nguyễn Thị Thuỳ") == collation_key("Nguyễn Thị Thùy")


def test_initial_letter_keeps_vietnamese_letters():
    assert initial_letter("Đông") == "Đ"
    assert initial_letter("Ấn") == "Â"
    assert initial_letter("ước") == "Ư"
    assert initial_letter("Anh") == "A"
