"""Open data: which public fields of every published entry are exported, and the page that documents them.

Only what the site itself shows is exported: no gender, no leadership or
direct-worker flags per person (those feed only the aggregate statistics),
no biography or photo without consent. CSV columns have Vietnamese names and
the file starts with a UTF-8 byte-order mark, so Excel reads the diacritics.
The column list below is the one schema: outputs/open_data.py writes the files
from it and the page documents it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from .. import routes
from ..content.catalog import Catalog
from ..content.entries import Entry, Person
from ..content.honours import decision_reference
from ..content.schema import COLLECTIONS
from .context import GeneratedPage, SiteContext
from .templates import Templates


@dataclass(frozen=True)
class Column:
    key: str  # JSON key
    header: str  # CSV column name, Vietnamese
    meaning: str
    value: Callable[[Any], Any]


def _itself(row: Any) -> Any:
    return row


def _first(row: tuple) -> Any:
    return row[0]


@dataclass(frozen=True)
class Dataset:
    name: str  # file stem
    title: str
    columns: tuple[Column, ...]
    rows: Callable[[SiteContext], Iterable[Any]]
    owner: Callable[[Any], Entry] = _itself  # the entry or roll a row is made from; its rows come one after another


def field_column(collection: str, key: str, meaning: str, value: Callable[[Any], Any]) -> Column:
    """A column holding a schema field: its header is the field's label, as staff see it in the editor."""
    return Column(key, COLLECTIONS[collection].field(key).label, meaning, value)


def _names(vocabulary: str, catalog: Catalog, ids: Iterable[str]) -> list[str]:
    return [catalog.vocabularies[vocabulary].name_of(i) for i in ids]


def datasets_of(site: SiteContext) -> list[Dataset]:
    catalog, base = site.catalog, site.project.base_url
    vocab = catalog.vocabularies

    def url(entry: Entry) -> str:
        return routes.absolute(base, routes.entry_url(entry))

    def sources(entry: Entry) -> list[str]:
        return [" ".join(p for p in (s.number, s.date.isoformat() if s.date else "", s.issuer, s.title) if p)
                for s in entry.sources]

    common_tail = (
        field_column("movements", "date", "Ngày công bố trên trang (YYYY-MM-DD).", lambda e: e.date.isoformat() if e.date else ""),
        field_column("movements", "summary", "Tóm tắt công khai.", lambda e: e.summary),
        Column("url", "Địa chỉ trang", "Địa chỉ trang của mục.", url),
        field_column("movements", "sources", "Văn bản làm căn cứ: số, ngày, cơ quan, trích yếu.", sources),
    )
    movements = Dataset("phong-trao", "Phong trào thi đua", (
        Column("id", "Mã", "Mã của mục (tên tệp), không đổi.", lambda e: e.id),
        field_column("movements", "title", "Tên đầy đủ.", lambda e: e.title),
        field_column("movements", "short_title", "Tên ngắn, nếu có.", lambda e: e.short_title),
        field_column("movements", "launched_by", "Các cơ quan phát động.", lambda e: _names("issuers", catalog, e.launched_by)),
        field_column("movements", "start_year", "Năm phát động.", lambda e: e.start_year or ""),
        field_column("movements", "end_year", "Để trống nếu còn diễn ra.", lambda e: e.end_year or ""),
        field_column("movements", "target", "Đối tượng tham gia.", lambda e: e.target),
        *common_tail), lambda s: s.catalog.movements_in_order())
    models = Dataset("mo-hinh", "Mô hình, tập thể, sáng kiến", (
        Column("id", "Mã", "Mã của mục (tên tệp), không đổi.", lambda e: e.id),
        field_column("models", "title", "Tên mô hình, tập thể hoặc sáng kiến.", lambda e: e.title),
        field_column("models", "kind", "Tập thể điển hình, sáng kiến hoặc mô hình, cách làm hay.",
               lambda e: vocab["model_kinds"].name_of(e.kind)),
        field_column("models", "units", "Các đơn vị thực hiện.", lambda e: _names("units", catalog, e.units)),
        field_column("models", "field", "Lĩnh vực.", lambda e: vocab["fields"].name_of(e.field) if e.field else ""),
        field_column("models", "locality", "Địa bàn.", lambda e: vocab["localities"].name_of(e.locality) if e.locality else ""),
        field_column("models", "movements", "Các phong trào liên quan.", lambda e: [m.title for m in catalog.movements_of(e)]),
        field_column("models", "people", "Cá nhân tham gia (có trang trên trang này).",
               lambda e: [p.name for p in catalog.model_people.get(e.id, [])]),
        field_column("models", "results", "Các kết quả chính.", lambda e: e.results),
        *common_tail), lambda s: sorted(s.catalog.models.values(), key=lambda e: e.id))
    people = Dataset("ca-nhan", "Gương cá nhân", (
        Column("id", "Mã", "Mã của mục (tên tệp), không đổi.", lambda e: e.id),
        field_column("people", "name", "Họ và tên.", lambda e: e.name),
        field_column("people", "position", "Chức vụ khi được biểu dương.", lambda e: e.position),
        field_column("people", "unit", "Đơn vị công tác.", lambda e: vocab["units"].name_of(e.unit)),
        field_column("people", "field", "Lĩnh vực.", lambda e: vocab["fields"].name_of(e.field) if e.field else ""),
        field_column("people", "locality", "Địa bàn.", lambda e: vocab["localities"].name_of(e.locality) if e.locality else ""),
        field_column("people", "movements", "Các phong trào liên quan.", lambda e: [m.title for m in catalog.movements_of(e)]),
        field_column("people", "initiatives", "Mô hình, sáng kiến liên quan.",
               lambda e: [m.title for m in catalog.person_models.get(e.id, [])]),
        *common_tail), lambda s: sorted(s.catalog.people.values(), key=lambda e: e.id))
    awards = Dataset("khen-thuong", "Khen thưởng", (
        Column("recipient_id", "Mã người, tập thể được khen", "Mã mục của mô hình, tập thể hoặc cá nhân.", lambda r: r[0].id),
        Column("recipient", "Người, tập thể được khen", "Tên.", lambda r: r[0].title),
        Column("recipient_type", "Loại", "Cá nhân hoặc mô hình, tập thể.",
               lambda r: "Cá nhân" if isinstance(r[0], Person) else "Mô hình, tập thể"),
        Column("form", "Hình thức khen thưởng", "Tên hình thức.", lambda r: vocab["award_forms"].name_of(r[1].form)),
        Column("form_id", "Mã hình thức", "Mã trong danh mục hình thức khen thưởng.", lambda r: r[1].form),
        Column("year", "Năm", "Năm được khen.", lambda r: r[1].year),
        Column("decision", "Số quyết định", "Số, ký hiệu quyết định.", lambda r: r[1].decision),
        Column("decision_date", "Ngày quyết định", "Ngày ký quyết định (YYYY-MM-DD).",
               lambda r: r[1].decision_date.isoformat() if r[1].decision_date else ""),
        Column("issuer", "Cấp khen", "Cơ quan khen thưởng.",
               lambda r: r[1].issuer or str(vocab["award_forms"].terms[r[1].form].get("issuer", ""))
               if r[1].form in vocab["award_forms"] else r[1].issuer),
        Column("reason", "Thành tích", "Thành tích được khen.", lambda r: r[1].reason),
        Column("url", "Địa chỉ trang", "Trang của người, tập thể được khen.", lambda r: url(r[0])),
    ), lambda s: [(e, a) for e in sorted(s.catalog.exemplars(), key=lambda e: e.key) for a in s.catalog.awards_in_order(e)],
        _first)
    def decision(roll) -> str:
        return decision_reference(roll.decision, site.labels["honours"]) if roll.decision else ""

    def decision_date(roll) -> str:
        return roll.decision.date.isoformat() if roll.decision else ""

    def profile(recipient) -> str:
        target = catalog.profile_of(recipient)
        return url(target) if target is not None else ""

    rolls = Dataset("vinh-danh", "Danh sách vinh danh", (
        Column("id", "Mã", "Mã của danh sách (tên tệp), không đổi.", lambda r: r.id),
        Column("title", "Tên danh sách", "Trích yếu in dưới chữ DANH SÁCH.", lambda r: r.title),
        Column("kind", "Loại", "Khen thưởng (kèm quyết định) hoặc biểu dương.",
               lambda r: "Khen thưởng" if r.kind == "khen-thuong" else "Biểu dương"),
        Column("issuer", "Cơ quan ban hành", "Cơ quan ban hành.", lambda r: vocab["issuers"].name_of(r.issuer)),
        Column("decision", "Văn bản kèm theo", "Loại và số, ký hiệu văn bản.", decision),
        Column("decision_date", "Ngày văn bản", "Ngày ký văn bản (YYYY-MM-DD).", decision_date),
        Column("year", "Năm", "Năm của văn bản.", lambda r: r.year or ""),
        Column("recipients", "Số tập thể, cá nhân", "Số dòng của danh sách.", lambda r: len(r.recipients)),
        *common_tail), lambda s: s.catalog.honours_in_order())
    roll_lines = Dataset("vinh-danh-chi-tiet", "Tập thể, cá nhân trong các danh sách vinh danh", (
        Column("roll_id", "Mã danh sách", "Mã của danh sách vinh danh.", lambda r: r[0].id),
        Column("roll", "Tên danh sách", "Tên danh sách.", lambda r: r[0].title),
        Column("decision", "Văn bản kèm theo", "Loại và số, ký hiệu văn bản.", lambda r: decision(r[0])),
        Column("number", "STT", "Thứ tự trong danh sách như văn bản gốc.", lambda r: r[2]),
        Column("recipient_type", "Đối tượng", "Tập thể hoặc cá nhân.",
               lambda r: "Tập thể" if r[1].is_collective else "Cá nhân"),
        Column("name", "Tên tập thể, họ và tên", "Ghi như trong văn bản.", lambda r: r[1].name),
        Column("position", "Chức vụ", "Chức vụ của cá nhân.", lambda r: r[1].position),
        Column("unit", "Đơn vị", "Đơn vị, ghi như trong văn bản.", lambda r: r[1].unit),
        Column("award", "Hình thức khen thưởng", "Tên hình thức (để trống với danh sách biểu dương).",
               lambda r: vocab["award_forms"].name_of(r[0].award_of(r[1])) if r[0].award_of(r[1]) else ""),
        Column("achievement", "Thành tích", "Thành tích được khen.", lambda r: r[1].achievement),
        Column("profile", "Trang trên trang này", "Trang cá nhân hoặc mô hình, nếu có.", lambda r: profile(r[1])),
    ), lambda s: [(roll, recipient, index) for roll in s.catalog.honours_in_order()
                  for index, recipient in enumerate(roll.recipients, start=1)], _first)
    return [movements, models, people, awards, rolls, roll_lines]


def open_data_page(renderer: Templates) -> Iterable[GeneratedPage]:
    site = renderer.site
    labels = site.labels["open_data"]
    datasets = [{"name": d.name, "title": d.title, "columns": d.columns, "count": sum(1 for _ in d.rows(site))}
                for d in datasets_of(site)]
    body = renderer.render("open_data.html.j2", routes.OPEN_DATA, datasets=datasets)
    yield GeneratedPage(routes.OPEN_DATA, renderer.page_meta(labels["title"], labels["description"], None, hide_toc=True), body)
