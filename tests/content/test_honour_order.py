"""Row order of honour rolls: the decision's own, by award precedence, by unit, by Vietnamese name."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import icu_collator
from dienhinh.content.entries import Decision, HonourRoll, Recipient
from dienhinh.content.honours import formal_date, ordered, sections


def roll(*recipients: Recipient, **options) -> HonourRoll:
    return HonourRoll(collection="honours", id="thu", path="content/honours/thu.md", title="Thử",
                      issuer="ldld-tinh", decision=Decision("1/QĐ-LĐLĐ", date(2025, 1, 2)),
                      award="bang-khen-ldld-tinh", recipients=list(recipients), **options)


def person(name: str, unit: str = "", award: str = "") -> Recipient:
    return Recipient(kind="ca-nhan", name=name, unit=unit, award=award)


def group(name: str, unit: str = "", award: str = "") -> Recipient:
    return Recipient(kind="tap-the", name=name, unit=unit, award=award)


def names(recipients) -> list[str]:
    return [r.name for r in recipients]


def test_decision_order_is_kept_with_collectives_first(vocabularies):
    r = roll(person("Trần Văn Bảo"), group("Công đoàn cơ sở Trường Mầm non Hoa Ban"), person("Lê Thị An"),
             group("Công đoàn cơ sở Công ty Chè Núi Xanh"))
    assert names(ordered(r, vocabularies)) == [
        "Công đoàn cơ sở Trường Mầm non Hoa Ban", "Công đoàn cơ sở Công ty Chè Núi Xanh",
        "Trần Văn Bảo", "Lê Thị An"]
    found = sections(r, vocabularies)
    assert [(s.numeral, s.kind, [line.number for line in s.lines]) for s in found] == [
        ("I", "tap-the", [1, 2]), ("II", "ca-nhan", [1, 2])]


def test_individuals_first_when_the_roll_says_so(vocabularies):
    r = roll(group("Tổ sản xuất số 1"), person("Lê Thị An"), collectives_first=False)
    assert names(ordered(r, vocabularies)) == ["Lê Thị An", "Tổ sản xuất số 1"]
    assert [s.numeral for s in sections(r, vocabularies)] == ["I", "II"]


def test_award_precedence_order_keeps_decision_order_within_a_form(vocabularies):
    r = roll(person("Người Một", award="giay-khen"), person("Người Hai", award="bang-khen-tld"),
             person("Người Ba", award="giay-khen"), person("Người Bốn", award="huan-chuong-lao-dong-hang-ba"),
             person("Người Năm"), order="hinh-thuc")
    # Huân chương (12) > Bằng khen TLĐ (70) > Bằng khen LĐLĐ tỉnh (100, the roll's default) > Giấy khen (110)
    assert names(ordered(r, vocabularies)) == ["Người Bốn", "Người Hai", "Người Năm", "Người Một", "Người Ba"]
    headings = [g.heading for g in sections(r, vocabularies)[0].groups]
    assert headings == ["Huân chương Lao động hạng Ba", "Bằng khen của Tổng Liên đoàn Lao động Việt Nam",
                        "Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh", "Giấy khen"]


def test_unit_order_groups_units_in_vietnamese_order(vocabularies):
    r = roll(person("A Một", unit="Điện lực Lai Châu"), person("A Hai", unit="Dược phẩm Lai Châu"),
             person("A Ba", unit="Bưu điện tỉnh"), person("A Bốn", unit="Điện lực Lai Châu"),
             person("A Năm"), person("A Sáu", unit="Ân Thi"), order="don-vi")
    # a < â < b < d < đ; recipients without a unit come last
    assert names(ordered(r, vocabularies)) == ["A Sáu", "A Ba", "A Hai", "A Một", "A Bốn", "A Năm"]
    headings = [g.heading for g in sections(r, vocabularies)[0].groups]
    assert headings == ["Ân Thi", "Bưu điện tỉnh", "Dược phẩm Lai Châu", "Điện lực Lai Châu", ""]


def test_name_order_tone_marks_come_after_letters_in_icu_order(vocabularies):
    # Same letters, only the tone differs: ngang < huyền < hỏi < ngã < sắc < nặng.
    tones = ["Lê Thị Mại", "Lê Thị Mái", "Lê Thị Mãi", "Lê Thị Mải", "Lê Thị Mài", "Lê Thị Mai"]
    r = roll(*(person(n) for n in tones), order="ten")
    assert names(ordered(r, vocabularies)) == ["Lê Thị Mai", "Lê Thị Mài", "Lê Thị Mải", "Lê Thị Mãi",
                                               "Lê Thị Mái", "Lê Thị Mại"]


def test_name_order_puts_d_before_đ_and_sorts_given_then_middle_then_family(vocabularies):
    r = roll(person("Đỗ Văn Hùng"), person("Nguyễn Văn Đông"), person("Trần Văn Dũng"), person("Dương Văn Hùng"),
             person("Lê Văn Hoa"), person("Nguyễn Thị Hoa"), person("Đặng Thị Ánh"), person("Hà Văn An"),
             person("Vũ Thị Ân"), person("Giàng A Ơn"), order="ten")
    assert names(ordered(r, vocabularies)) == [
        "Hà Văn An", "Đặng Thị Ánh", "Vũ Thị Ân",  # an < anh < ân (â is its own letter after a)
        "Trần Văn Dũng", "Nguyễn Văn Đông",  # d < đ
        "Nguyễn Thị Hoa", "Lê Văn Hoa",  # same given name: middle name decides
        "Dương Văn Hùng", "Đỗ Văn Hùng",  # same given and middle name: family name decides, D < Đ
        "Giàng A Ơn"]


def test_name_order_agrees_with_pyicu_when_installed(vocabularies):
    collator = icu_collator()
    people = ["Đỗ Văn Hùng", "Nguyễn Văn Đông", "Trần Văn Dũng", "Dương Văn Hùng", "Lê Thị Mãi", "Lê Thị Mái",
              "Lê Văn Ánh", "Hà Văn An", "Vũ Thị Ân", "Đinh Thị Ước", "Lò Văn Ưng", "Bùi Thị Ý"]

    def icu_key(name: str):
        parts = name.split()
        return (collator.getSortKey(parts[-1]), collator.getSortKey(" ".join(parts[1:-1])),
                collator.getSortKey(parts[0]))

    r = roll(*(person(n) for n in people), order="ten")
    assert names(ordered(r, vocabularies)) == sorted(people, key=icu_key)


def test_collectives_sort_by_full_name_in_name_order(vocabularies):
    r = roll(group("Tổ Điện"), group("Tổ Dược"), group("Công đoàn Ân Thi"), order="ten")
    assert names(ordered(r, vocabularies)) == ["Công đoàn Ân Thi", "Tổ Dược", "Tổ Điện"]


@pytest.mark.parametrize("day, text", [
    (date(2025, 2, 26), "ngày 26 tháng 02 năm 2025"),
    (date(2020, 6, 26), "ngày 26 tháng 6 năm 2020"),
    (date(2025, 1, 5), "ngày 05 tháng 01 năm 2025"),
    (date(2024, 12, 9), "ngày 09 tháng 12 năm 2024"),
])
def test_formal_dates_follow_decree_30(day, text):
    assert formal_date(day) == text
