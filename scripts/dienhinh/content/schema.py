"""The content model: which fields each collection has, their types, labels and help.

One declaration drives the validator, the entry templates staff copy, and the
form editor's configuration, so the three can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str  # a key of content.coercion.COERCERS: line, text, image, slug, url, date, year, bool, choice, ref, refs, lines, object, objects
    required: bool = False
    help: str = ""
    example: Any = None
    vocabulary: str | None = None  # for ref/refs to a controlled vocabulary
    collection: str | None = None  # for ref/refs to another collection's entries
    choices: tuple[str, ...] = ()
    fields: tuple["Field", ...] = ()  # for object/objects
    default: Any = None


@dataclass(frozen=True)
class Collection:
    name: str  # folder under content/
    label: str
    singular: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    title_field: str = "title"

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


SOURCE_FIELDS = (
    Field("number", "Số, ký hiệu văn bản", "line", help="Số và ký hiệu của văn bản nguồn.", example="276/BC-LĐLĐ"),
    Field("title", "Trích yếu", "line", help="Tên hoặc trích yếu văn bản.",
          example="Báo cáo kết quả phong trào thi đua yêu nước giai đoạn 2015-2020"),
    Field("date", "Ngày văn bản", "date", help="Ngày ban hành văn bản.",
          example="2020-06-26"),
    Field("issuer", "Cơ quan ban hành", "line", help="Cơ quan ban hành văn bản.", example="LĐLĐ tỉnh Lai Châu"),
    Field("url", "Đường dẫn", "url", help="Địa chỉ công khai của văn bản, nếu có (bắt đầu bằng https://).",
          example="https://laichau.gov.vn/..."),
)

AWARD_FIELDS = (
    Field("form", "Hình thức khen thưởng", "ref", required=True, vocabulary="award_forms",
          help="Chọn trong danh mục hình thức khen thưởng.", example="bang-khen-tld"),
    Field("year", "Năm", "year", required=True, help="Năm được khen thưởng.", example=2020),
    Field("decision", "Số quyết định", "line", help="Số, ký hiệu quyết định khen thưởng.", example="1234/QĐ-TLĐ"),
    Field("decision_date", "Ngày quyết định", "date", help="Ngày ký quyết định.", example="2020-07-28"),
    Field("issuer", "Cấp khen", "line", help="Ghi khi khác với cấp mặc định của hình thức khen thưởng.",
          example="Tổng Liên đoàn Lao động Việt Nam"),
    Field("reason", "Thành tích", "text", help="Thành tích được khen, ngắn gọn.",
          example="Có thành tích xuất sắc trong phong trào thi đua Lao động giỏi, Lao động sáng tạo"),
)

PHOTO_FIELDS = (
    Field("file", "Tệp ảnh", "image", required=True,
          help="Tải ảnh lên hoặc chọn ảnh đã có (ảnh chụp JPEG, PNG hoặc WebP).",
          example="tra-than-uyen.jpg"),
    Field("alt", "Mô tả ảnh", "line", required=True,
          help="Mô tả nội dung ảnh cho người khiếm thị (bắt buộc).",
          example="Công nhân Công ty CP Trà Than Uyên sao chè trên dây chuyền"),
    Field("caption", "Chú thích", "line", help="Chú thích hiển thị dưới ảnh.", example="Dây chuyền sao chè"),
)

CONSENT_FIELDS = (
    Field("photo", "Đồng ý đăng ảnh", "bool", help="Cá nhân đã đồng ý bằng văn bản cho đăng ảnh.", default=False),
    Field("biography", "Đồng ý đăng tiểu sử", "bool",
          help="Cá nhân đã đồng ý cho đăng phần giới thiệu (nội dung bên dưới).", default=False),
    Field("date", "Ngày đồng ý", "date", help="Ngày ký giấy đồng ý (bắt buộc khi có đồng ý).",
          example="2025-03-01"),
    Field("document", "Giấy tờ lưu", "line", help="Nơi lưu giấy đồng ý.",
          example="Giấy đồng ý lưu tại Văn phòng LĐLĐ tỉnh"),
)

_COMMON_TAIL = (
    Field("date", "Ngày đăng", "date", required=True,
          help="Ngày công bố; mục có ngày trong tương lai chỉ được đăng khi đến ngày đó.", example="2025-03-01"),
    Field("summary", "Tóm tắt", "text",
          help="Một hai câu giới thiệu, hiện ở danh sách và khi chia sẻ lên mạng xã hội.",
          example="Mô hình chế biến chè giúp nâng cao năng suất và thu nhập của người lao động."),
    Field("sources", "Nguồn", "objects", fields=SOURCE_FIELDS,
          help="Văn bản làm căn cứ (báo cáo, quyết định), để người đọc kiểm chứng."),
    Field("featured", "Nổi bật", "bool", help="Hiện ở mục nổi bật trên trang chủ.", default=False),
    Field("draft", "Bản nháp", "bool", help="Bản nháp không được đăng lên trang công khai.", default=False),
    Field("withdrawn", "Đã gỡ", "bool", help="Gỡ mục khỏi trang công khai và nguồn tin (giữ lại tệp).",
          default=False),
    Field("uid", "Mã cố định", "slug",
          help="Chỉ dùng khi đổi tên tệp: ghi tên tệp cũ để giữ mã bài trên nguồn tin (không đăng lại trên Facebook).",
          example="ten-tep-cu"),
)

MOVEMENTS = Collection(
    name="movements", label="Phong trào thi đua", singular="phong trào",
    fields=(
        Field("title", "Tên phong trào", "line", required=True, help="Tên đầy đủ của phong trào.",
              example="Lao động giỏi, Lao động sáng tạo"),
        Field("short_title", "Tên ngắn", "line", help="Tên ngắn dùng trong thẻ và bộ lọc.",
              example="LĐG-LĐST"),
        Field("launched_by", "Cơ quan phát động", "refs", vocabulary="issuers",
              help="Chọn một hoặc nhiều cơ quan trong danh mục cơ quan phát động.", example=["tong-ldld-vn"]),
        Field("start_year", "Năm bắt đầu", "year", help="Năm phát động.", example=2019),
        Field("end_year", "Năm kết thúc", "year", help="Bỏ trống nếu phong trào còn diễn ra.", example=2024),
        Field("target", "Đối tượng", "line", help="Đối tượng tham gia.",
              example="Cán bộ, đoàn viên, công nhân, viên chức, lao động"),
        Field("status", "Tình trạng", "choice", choices=("dang-trien-khai", "da-ket-thuc"),
              help="Phong trào đang triển khai hay đã kết thúc.", example="dang-trien-khai"),
    ) + _COMMON_TAIL,
)

MODELS = Collection(
    name="models", label="Mô hình, sáng kiến", singular="mô hình",
    fields=(
        Field("title", "Tên mô hình, sáng kiến", "line", required=True,
              example="Mô hình chế biến chè của Công đoàn cơ sở Công ty CP Trà Than Uyên"),
        Field("kind", "Loại", "ref", required=True, vocabulary="model_kinds",
              help="Chọn trong danh mục loại mô hình.", example="tap-the"),
        Field("units", "Đơn vị", "refs", required=True, vocabulary="units",
              help="Chọn một hoặc nhiều đơn vị; gõ vài chữ của tên đơn vị để tìm.", example=["cong-ty-cp-tra-than-uyen"]),
        Field("field", "Lĩnh vực", "ref", required=True, vocabulary="fields",
              help="Chọn trong danh mục lĩnh vực.", example="nong-nghiep"),
        Field("locality", "Địa bàn", "ref", vocabulary="localities",
              help="Bỏ trống để lấy theo đơn vị.", example="than-uyen"),
        Field("movements", "Phong trào", "refs", collection="movements",
              help="Các phong trào thi đua mà mô hình, sáng kiến thuộc về; gõ vài chữ của tên để tìm.",
              example=["lao-dong-gioi-lao-dong-sang-tao"]),
        Field("people", "Cá nhân tham gia", "refs", collection="people",
              help="Các gương cá nhân đã có trang; gõ vài chữ của họ tên để tìm.", example=["vu-ngoc-sang"]),
        Field("results", "Kết quả", "lines", help="Mỗi kết quả một dòng.",
              example=["Năng suất chế biến tăng"]),
        Field("awards", "Khen thưởng", "objects", fields=AWARD_FIELDS, help="Các hình thức khen thưởng đã nhận."),
        Field("photos", "Ảnh", "objects", fields=PHOTO_FIELDS, help="Ảnh minh họa, mỗi ảnh cần mô tả."),
    ) + _COMMON_TAIL,
)

PEOPLE = Collection(
    name="people", label="Gương cá nhân", singular="cá nhân", title_field="name",
    fields=(
        Field("name", "Họ và tên", "line", required=True, example="Đào Việt Hưng"),
        Field("gender", "Giới tính", "choice", choices=("nam", "nu"), help="Chọn Nam hoặc Nữ.", example="nam"),
        Field("position", "Chức vụ", "line", help="Chức vụ khi được biểu dương.", example="Phó Giám đốc"),
        Field("unit", "Đơn vị", "ref", required=True, vocabulary="units",
              help="Chọn trong danh mục đơn vị; gõ vài chữ của tên đơn vị để tìm.", example="benh-vien-da-khoa-tinh"),
        Field("field", "Lĩnh vực", "ref", vocabulary="fields", help="Bỏ trống để lấy theo đơn vị.", example="y-te"),
        Field("locality", "Địa bàn", "ref", vocabulary="localities", help="Bỏ trống để lấy theo đơn vị.",
              example="thanh-pho-lai-chau"),
        Field("direct_worker", "Người lao động trực tiếp", "bool",
              help="Công nhân, người lao động trực tiếp sản xuất, kinh doanh (chỉ tiêu 15% của Nghị quyết 07/NQ-TLĐ)."),
        Field("leader", "Giữ chức vụ lãnh đạo, quản lý", "bool",
              help="Bật nếu cá nhân giữ chức vụ lãnh đạo, quản lý."),
        Field("movements", "Phong trào", "refs", collection="movements",
              help="Các phong trào thi đua cá nhân tham gia; gõ vài chữ của tên để tìm.", example=["lao-dong-gioi-lao-dong-sang-tao"]),
        Field("initiatives", "Mô hình, sáng kiến", "refs", collection="models",
              help="Các mô hình, sáng kiến của cá nhân; gõ vài chữ của tên để tìm.", example=["cat-polyp-dai-trang-qua-noi-soi"]),
        Field("awards", "Khen thưởng", "objects", fields=AWARD_FIELDS, help="Các hình thức khen thưởng đã nhận."),
        Field("photo", "Ảnh chân dung", "object", fields=PHOTO_FIELDS,
              help="Chỉ được đăng khi đã bật ô Đồng ý đăng ảnh trong phần Đồng ý của cá nhân."),
        Field("consent", "Đồng ý của cá nhân", "object", fields=CONSENT_FIELDS,
              help="Theo Luật Bảo vệ dữ liệu cá nhân: ảnh và tiểu sử chỉ được đăng khi có đồng ý bằng văn bản."),
    ) + _COMMON_TAIL,
)

PAGES = Collection(
    name="pages", label="Trang thông tin", singular="trang thông tin",
    fields=(
        Field("title", "Tiêu đề", "line", required=True, example="Giới thiệu"),
        Field("summary", "Tóm tắt", "text", help="Một hai câu giới thiệu trang."),
        Field("draft", "Bản nháp", "bool", help="Bản nháp không được đăng.", default=False),
    ),
)

RECIPIENT_FIELDS = (
    Field("kind", "Đối tượng", "choice", required=True, choices=("tap-the", "ca-nhan"),
          help="Tập thể hay cá nhân.", example="ca-nhan"),
    Field("name", "Tên tập thể hoặc họ và tên", "line", required=True,
          help="Ghi như trong quyết định; với cá nhân có thể ghi kèm Ông/Bà ở đầu.", example="Nguyễn Văn An"),
    Field("gender", "Giới tính", "choice", choices=("nam", "nu"),
          help="Dùng để in Ông/Bà trước tên cá nhân.", example="nam"),
    Field("position", "Chức vụ", "line", help="Chức vụ của cá nhân.", example="Công nhân"),
    Field("unit", "Đơn vị", "line",
          help="Tên đơn vị ghi như trong quyết định (không cần có trong danh mục đơn vị).",
          example="Công ty Cổ phần Trà Than Uyên"),
    Field("award", "Hình thức khen thưởng", "ref", vocabulary="award_forms",
          help="Chọn trong danh mục; bỏ trống để lấy hình thức khen thưởng chung của danh sách.",
          example="bang-khen-ldld-tinh"),
    Field("achievement", "Thành tích", "text", help="Thành tích được khen, ngắn gọn.",
          example="Có thành tích xuất sắc trong phong trào thi đua Lao động giỏi, Lao động sáng tạo"),
    Field("note", "Ghi chú", "line", help="Cột Ghi chú của danh sách.", example=""),
    Field("direct_worker", "Người lao động trực tiếp", "bool",
          help="Cá nhân là công nhân, người lao động trực tiếp (để tính chỉ tiêu 15% của Nghị quyết 07/NQ-TLĐ)."),
    Field("leader", "Giữ chức vụ lãnh đạo, quản lý", "bool", help="Cá nhân giữ chức vụ lãnh đạo, quản lý."),
    Field("person", "Trang cá nhân", "ref", collection="people",
          help="Trang gương cá nhân trên trang web, nếu cá nhân đã có trang; gõ vài chữ của họ tên để tìm.", example="dao-viet-hung"),
    Field("model", "Trang mô hình, tập thể", "ref", collection="models",
          help="Trang mô hình, tập thể trên trang web, nếu tập thể đã có trang; gõ vài chữ của tên để tìm.",
          example="cong-doan-co-so-cong-ty-cp-tra-than-uyen"),
)

DECISION_FIELDS = (
    Field("type", "Loại văn bản", "line", help="Mặc định: Quyết định.", example="Quyết định"),
    Field("number", "Số, ký hiệu", "line", required=True, example="125/QĐ-LĐLĐ"),
    Field("date", "Ngày ký", "date", required=True, example="2025-02-26"),
    Field("by", "Của", "line",
          help="Cơ quan hoặc người ký văn bản, in sau chữ 'của'; bỏ trống để lấy tên cơ quan ban hành.",
          example="Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu"),
)

SIGNER_FIELDS = (
    Field("authority", "Thẩm quyền ký", "line", help="Dòng TM./KT. trên chức vụ, nếu có.", example="TM. BAN THƯỜNG VỤ"),
    Field("title", "Chức vụ người ký", "line", required=True, example="PHÓ CHỦ TỊCH"),
    Field("name", "Họ và tên người ký", "line", required=True, example="Nguyễn Văn Bình"),
)

CEREMONY_FIELDS = (
    Field("name", "Tên hội nghị, buổi lễ", "line", required=True,
          example="Hội nghị biểu dương điển hình tiên tiến trong công nhân, viên chức, lao động"),
    Field("date", "Ngày tổ chức", "date", example="2025-04-28"),
    Field("place", "Địa điểm", "line", example="Hội trường Liên đoàn Lao động tỉnh"),
)

HONOURS = Collection(
    name="honours", label="Danh sách vinh danh", singular="danh sách vinh danh",
    fields=(
        Field("title", "Tên danh sách", "line", required=True,
              help="Dòng trích yếu in dưới chữ DANH SÁCH.",
              example="Tập thể, cá nhân được tặng Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh"),
        Field("kind", "Loại danh sách", "choice", choices=("khen-thuong", "bieu-duong"),
              help="Khen thưởng: danh sách kèm theo quyết định khen thưởng (mỗi dòng cần hình thức khen thưởng); "
                   "Biểu dương: danh sách tập thể, cá nhân tiêu biểu được nêu tên, không phải khen thưởng.",
              example="khen-thuong", default="khen-thuong"),
        Field("issuer", "Cơ quan ban hành", "ref", required=True, vocabulary="issuers",
              help="Chọn trong danh mục cơ quan ban hành.", example="ldld-tinh"),
        Field("number", "Số, ký hiệu danh sách", "line",
              help="Chỉ ghi khi danh sách là một văn bản có số riêng; in dưới tên cơ quan ban hành.",
              example="12/DS-LĐLĐ"),
        Field("decision", "Quyết định", "object", fields=DECISION_FIELDS,
              help="Văn bản mà danh sách kèm theo (với danh sách biểu dương: văn bản nêu tên)."),
        Field("place", "Địa danh", "line", help="Địa danh ở dòng ngày tháng; bỏ trống để lấy tên tỉnh trong cấu hình của trang.",
              example="Lai Châu"),
        Field("signer", "Người ký", "object", fields=SIGNER_FIELDS, help="Khối chữ ký cuối danh sách."),
        Field("ceremony", "Hội nghị, buổi lễ", "object", fields=CEREMONY_FIELDS,
              help="Buổi lễ trao thưởng hoặc hội nghị biểu dương, nếu có."),
        Field("award", "Hình thức khen thưởng chung", "ref", vocabulary="award_forms",
              help="Hình thức cho mọi dòng không ghi riêng.", example="bang-khen-ldld-tinh"),
        Field("award_wording", "Tên hình thức ghi như quyết định", "line",
              help="Tên hình thức khen thưởng chung đúng như quyết định ghi, nếu khác tên trong danh mục.",
              example="Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh Lai Châu"),
        Field("distribution", "Nơi nhận", "lines",
              help="Mỗi nơi nhận một dòng; in ở góc trái, ngang khối chữ ký.",
              example=["Như trên;", "Lưu: VT."]),
        Field("order", "Thứ tự in", "choice", choices=("quyet-dinh", "hinh-thuc", "don-vi", "ten"),
              help="Mặc định giữ thứ tự của quyết định; hoặc in theo thứ bậc hình thức khen thưởng, theo đơn vị, "
                   "hay theo tên (tên, rồi tên đệm, rồi họ).",
              example="quyet-dinh", default="quyet-dinh"),
        Field("collectives_first", "Tập thể trước cá nhân", "bool",
              help="Mặc định bật: phần I. TẬP THỂ in trước phần II. CÁ NHÂN.", default=True),
        Field("recipients", "Tập thể, cá nhân", "objects", fields=RECIPIENT_FIELDS,
              help="Mỗi tập thể, cá nhân một mục; hoặc ghi Tệp danh sách ở dưới thay cho phần này."),
        Field("recipients_file", "Tệp danh sách", "line",
              help="Tên tệp Excel hoặc CSV đặt cùng chỗ với danh sách này, dùng thay cho phần Tập thể, cá nhân.",
              example="danh-sach.xlsx"),
    ) + _COMMON_TAIL,
)

COLLECTIONS: dict[str, Collection] = {c.name: c for c in (MOVEMENTS, MODELS, PEOPLE, PAGES, HONOURS)}
