"""Domain rules on a typed entry: awards that fit the recipient, consent, localities in force,
what an entry inherits from its unit, the body's text, honour rolls' recipients."""

from __future__ import annotations

from datetime import date

from ..problems import relative
from ..progress import number
from ..text import quality as text_quality
from . import limits, spreadsheet
from .coercion import FileContext, award_fits, recipients_from_sheet, resolve_in_content
from .entries import Entry, HonourRoll, Model, Person
from .vocabulary import Vocabularies


def check_awards(entry: Entry, ctx: FileContext) -> None:
    if isinstance(entry, Person):
        recipient, label = "ca-nhan", "cá nhân"
    elif isinstance(entry, Model) and entry.kind == "tap-the":
        recipient, label = "tap-the", "tập thể"
    else:
        return
    forms = ctx.vocabularies["award_forms"]
    for index, award in enumerate(getattr(entry, "awards", [])):
        term = forms.terms.get(award.form)
        if term and recipient not in term.get("recipients", [recipient]):
            ctx.error(("awards", index, "form"), f'"{term.name}" không dùng để khen {label}',
                      f"kiểm tra lại hình thức; đối tượng của hình thức này ghi ở {forms.path}")


def check_person(person: Person, ctx: FileContext) -> None:
    consent = person.consent
    if (consent.photo or consent.biography) and consent.date is None:
        ctx.error(("consent", "date"), "có đồng ý nhưng chưa ghi ngày đồng ý",
                  "thêm 'date: 2025-03-01' (ngày ký giấy đồng ý) vào phần consent")
    if person.photo and not consent.photo:
        ctx.warning(("photo",), "ảnh sẽ không được đăng vì chưa có đồng ý đăng ảnh",
                    "khi cá nhân đồng ý bằng văn bản, ghi consent: photo: true và ngày đồng ý")


def check_locality_in_force(entry: Entry, ctx: FileContext) -> None:
    """Localities are data with an end (districts ended on 1 July 2025): an entry dated later that
    still names one is probably out of date. The hint offers the localities in force, or says there are none."""
    localities = ctx.vocabularies["localities"]
    locality = localities.terms.get(getattr(entry, "locality", "") or "")
    until = locality.get("until") if locality else None
    if not (entry.date and isinstance(until, date) and entry.date > until):
        return
    written = isinstance(ctx.fm.data, dict) and bool(ctx.fm.data.get("locality"))
    where = "" if written else " (lấy theo đơn vị trong content/data/units.yml)"
    current = [term for term in localities.terms.values() if term.get("level") in ("xa", "phuong")
               and not (isinstance(term.get("until"), date) and term.get("until") < entry.date)]
    if current:
        choices = ", ".join(f"{term.id} ({term.name})" for term in current[:3])
        hint = f"ghi locality: với xã, phường hiện nay, ví dụ {choices}"
    else:
        hint = (f"danh mục {localities.path} chưa có xã, phường nào: thêm xã, phường mới vào đó (level: xa hoặc "
                "level: phuong) rồi ghi locality: cho mục này; nếu địa bàn không quan trọng, có thể bỏ qua cảnh báo")
    ctx.warning(("locality",), f'địa bàn "{locality.name}"{where} chỉ còn đến ngày {until.strftime("%d/%m/%Y")}, '
                f"mục này đăng ngày {entry.date.strftime('%d/%m/%Y')}", hint)


def inherit_from_unit(entry: Entry, unit_id: str, vocabularies: Vocabularies) -> None:
    unit = vocabularies["units"].terms.get(unit_id)
    if not unit:
        return
    if not getattr(entry, "field", "") and unit.get("field"):
        entry.field = unit.get("field")
    if not getattr(entry, "locality", "") and unit.get("locality"):
        entry.locality = unit.get("locality")


def check_body(body: str, body_line: int, ctx: FileContext) -> None:
    if len(body) > limits.BODY_CHARACTERS:
        ctx.problems.error(ctx.label, body_line, "nội dung",
                           f"phần giới thiệu quá dài ({number(len(body))} ký tự, tối đa {number(limits.BODY_CHARACTERS)})",
                           "tách thành nhiều mục, hoặc đưa văn bản đầy đủ lên nơi khác và dẫn liên kết")
        return
    found: list[tuple] = []
    text_quality.check(body, "nội dung", lambda *a: found.append(a), plain=False, long_text=True)
    if not found:
        return
    located = 0
    for offset, line in enumerate(body.split("\n")):
        def report(severity, _field, message, hint, line_no=body_line + offset):
            nonlocal located
            located += 1
            add = ctx.problems.error if severity == "error" else ctx.problems.warning
            add(ctx.label, line_no, "nội dung", message, hint)
        text_quality.check(line, "nội dung", report, plain=False)
    if not located:
        for severity, _field, message, hint in found:
            add = ctx.problems.error if severity == "error" else ctx.problems.warning
            add(ctx.label, body_line, "nội dung", message, hint)


def check_honour_roll(roll: HonourRoll, ctx: FileContext) -> bool:
    """Recipients inline or from a spreadsheet, each with an award that fits it; False when unusable."""
    if roll.recipients_file:
        if roll.recipients:
            ctx.error(("recipients_file",), "có cả recipients và recipients_file",
                      "chỉ dùng một trong hai: danh sách ghi trong tệp này hoặc tệp Excel/CSV")
            return False
        sheet = resolve_in_content(roll.recipients_file, ("recipients_file",), ctx, spreadsheet.SUFFIXES,
                                    "tệp danh sách", "tệp Excel (.xlsx) hoặc CSV")
        if sheet is None:
            return False
        read = recipients_from_sheet(sheet, relative(sheet, ctx.project_root), ctx.content_root,
                                     ctx.vocabularies, ctx.problems)
        if read is None:
            return False
        roll.recipients = read[0]
    if not roll.recipients:
        ctx.error(("recipients",), "danh sách chưa có tập thể, cá nhân nào",
                  "thêm recipients (mỗi tập thể, cá nhân một mục) hoặc recipients_file: ten-tep.xlsx")
        return False
    if roll.kind == "khen-thuong" and roll.decision is None:
        ctx.error(("decision",), "danh sách khen thưởng thiếu quyết định",
                  "thêm decision: với number (số quyết định) và date (ngày ký)")
    ok = True
    for index, recipient in enumerate(roll.recipients):
        if recipient.award:
            continue  # checked with the recipient
        where = roll.where(index, "award")
        if not roll.award:
            if roll.kind == "khen-thuong":
                ctx.problems.error(*where, "chưa có hình thức khen thưởng",
                                   "ghi hình thức cho dòng này, hoặc award: chung cho cả danh sách")
                ok = False
        elif not award_fits(roll.award, recipient.kind, recipient.name, ("award",), ctx.error, ctx):
            ok = False
    return ok
