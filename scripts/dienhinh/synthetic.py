"""Synthetic content with realistic Vietnamese text and front matter, for benchmarks and tests.

Deterministic for a given seed, so two runs measure the same site.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import yaml

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Đỗ", "Bùi", "Ngô", "Dương", "Lò",
          "Lường", "Tòng", "Giàng", "Đào", "Phan", "Lý", "Hà", "Sùng", "Đinh", "Tạ", "Quàng", "Vàng"]
MIDDLE = ["Văn", "Thị", "Ngọc", "Thanh", "Minh", "Đức", "Thu", "Hồng", "Quang", "Xuân", "A", "Thị Thu", "Bá"]
GIVEN = ["Hùng", "Thùy", "Hương", "Đông", "Hưng", "Như", "Quyết", "Hoàng", "Huệ", "Hằng", "Sang", "An",
         "Ân", "Anh", "Ánh", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hạnh", "Khánh", "Lan", "Linh",
         "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Uyên", "Vân", "Yến",
         "Páo", "Chư", "Lả", "Ơn", "Ưng", "Ý"]
POSITIONS = ["Công nhân", "Giáo viên", "Bác sĩ", "Điều dưỡng", "Kỹ sư", "Chuyên viên", "Nhân viên",
             "Trưởng phòng", "Phó Giám đốc", "Tổ trưởng sản xuất", "Kế toán", "Lái xe"]
LEADER_POSITIONS = {"Trưởng phòng", "Phó Giám đốc"}
DIRECT_POSITIONS = {"Công nhân", "Tổ trưởng sản xuất", "Lái xe", "Điều dưỡng"}
UNIT_KINDS = ["Công ty Cổ phần", "Trường THCS", "Trường Tiểu học", "Trạm Y tế xã", "Chi cục", "Hợp tác xã",
              "Công ty TNHH", "Trung tâm", "Ban Quản lý dự án", "Trường Mầm non"]
PLACES = ["Than Uyên", "Tân Uyên", "Tam Đường", "Phong Thổ", "Sìn Hồ", "Nậm Nhùn", "Mường Tè", "Đông Pao",
          "Bình Lư", "Mường Kim", "Pa Tần", "Khun Há", "Nậm Tăm", "Đoàn Kết", "Tân Phong", "Quyết Thắng"]
TOPICS = ["chế biến chè", "nuôi cá lồng", "cải cách hành chính", "chăm sóc người bệnh", "bồi dưỡng học sinh giỏi",
          "tiết kiệm điện năng", "an toàn vệ sinh lao động", "chuyển đổi số", "phòng chống cháy nổ",
          "trồng rừng", "nước sạch nông thôn", "bữa ăn ca", "thu hoạch chè búp", "sửa chữa thiết bị",
          "quản lý hồ sơ", "dạy học vùng cao", "phục hồi chức năng", "vận hành lưới điện"]
SENTENCE_PARTS = [
    "Đoàn viên công đoàn", "người lao động", "tập thể đơn vị", "ban chấp hành công đoàn cơ sở",
    "đã chủ động", "tích cực", "kiên trì", "sáng tạo", "áp dụng", "cải tiến", "đề xuất", "triển khai",
    "giải pháp", "quy trình", "cách làm", "mô hình", "giúp tiết kiệm chi phí", "nâng cao năng suất",
    "bảo đảm an toàn", "tăng thu nhập", "được nhân rộng", "trong toàn tỉnh", "ở vùng cao", "tại cơ sở",
    "đạt kết quả rõ rệt", "góp phần hoàn thành nhiệm vụ", "của đơn vị", "theo phong trào thi đua",
]


def _sentence(rng: random.Random) -> str:
    words = " ".join(rng.choice(SENTENCE_PARTS) for _ in range(rng.randint(8, 14)))
    return words[0].upper() + words[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 5)))


def _front(data: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100) + "---\n\n" + body + "\n"


def generate(target: Path, entries: int, seed: int = 2025, sample_content: Path | None = None,
             units: int | None = None, photos: int = 0) -> dict[str, int]:
    """Write a full project (content/ and mkdocs.yml) with about `entries` models and people."""
    rng = random.Random(seed)
    here = Path(__file__).resolve().parents[2]
    sample_content = sample_content or here / "content"
    if target.exists():
        shutil.rmtree(target)
    content = target / "content"
    shutil.copytree(sample_content / "data", content / "data")
    shutil.copy(here / "mkdocs.yml", target / "mkdocs.yml")
    if (here / "theme").is_dir():
        shutil.copytree(here / "theme", target / "theme")
    for folder in ("movements", "models", "people"):
        (content / folder).mkdir(parents=True, exist_ok=True)

    data_dir = content / "data"
    localities = [t["id"] for t in yaml.safe_load((data_dir / "localities.yml").read_text(encoding="utf-8"))]
    fields = [t["id"] for t in yaml.safe_load((data_dir / "fields.yml").read_text(encoding="utf-8"))]
    forms = yaml.safe_load((data_dir / "award_forms.yml").read_text(encoding="utf-8"))
    unit_count = units or max(20, entries // 20)
    unit_rows = []
    for index in range(unit_count):
        name = f"{rng.choice(UNIT_KINDS)} {rng.choice(PLACES)} {index + 1}"
        unit_rows.append({"id": f"don-vi-{index + 1}", "name": name,
                          "locality": rng.choice(localities), "field": rng.choice(fields)})
    existing_units = yaml.safe_load((data_dir / "units.yml").read_text(encoding="utf-8"))
    (data_dir / "units.yml").write_text(
        yaml.safe_dump(existing_units + unit_rows, allow_unicode=True, sort_keys=False), encoding="utf-8")

    movement_ids = []
    for index in range(30):
        movement_id = f"phong-trao-{index + 1}"
        movement_ids.append(movement_id)
        start = rng.randint(2010, 2024)
        data = {"title": f"Phong trào thi đua {rng.choice(TOPICS)} giai đoạn {start}-{start + 5}",
                "launched_by": [rng.choice(["tong-ldld-vn", "ldld-tinh", "ubnd-tinh"])],
                "start_year": start, "status": "dang-trien-khai", "date": date(start, 1, 15),
                "summary": _sentence(rng)}
        (content / "movements" / f"{movement_id}.md").write_text(_front(data, _paragraph(rng)), encoding="utf-8")

    person_forms = [f for f in forms if "ca-nhan" in f["recipients"]]
    group_forms = [f for f in forms if "tap-the" in f["recipients"]]
    people_count = entries // 2
    model_count = entries - people_count
    start_day = date(2015, 1, 1)
    photo_paths: list[Path] = []
    for index in range(people_count):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        position = rng.choice(POSITIONS)
        awards = [{"form": f["id"], "year": rng.randint(2015, 2025),
                   "decision": f"{rng.randint(1, 3000)}/QĐ-LĐLĐ"} for f in rng.sample(person_forms, rng.randint(0, 3))]
        data = {"name": name, "gender": rng.choice(["nam", "nu"]), "position": position,
                "unit": rng.choice(unit_rows)["id"],
                "direct_worker": position in DIRECT_POSITIONS, "leader": position in LEADER_POSITIONS,
                "movements": rng.sample(movement_ids, rng.randint(1, 2)),
                "awards": awards, "date": start_day + timedelta(days=rng.randint(0, 3800)),
                "summary": _sentence(rng),
                "sources": [{"number": f"{rng.randint(1, 400)}/BC-LĐLĐ", "date": date(2020, 6, 26)}]}
        if index < photos - photos // 2:
            data["photo"] = {"file": f"nguoi-{index + 1}.jpg", "alt": f"Ảnh chân dung {name}"}
            data["consent"] = {"photo": True, "biography": True, "date": date(2025, 3, 1)}
            photo_paths.append(content / "people" / f"nguoi-{index + 1}.jpg")
        elif rng.random() < 0.5:
            data["consent"] = {"biography": True, "date": date(2025, 3, 1)}
        (content / "people" / f"nguoi-{index + 1}.md").write_text(
            _front(data, "\n\n".join(_paragraph(rng) for _ in range(2))), encoding="utf-8")
    kinds = ["tap-the", "sang-kien", "cach-lam"]
    for index in range(model_count):
        kind = rng.choice(kinds)
        forms_for = group_forms if kind == "tap-the" else person_forms
        awards = [{"form": f["id"], "year": rng.randint(2015, 2025)} for f in rng.sample(forms_for, rng.randint(0, 2))]
        data = {"title": f"Mô hình {rng.choice(TOPICS)} tại {rng.choice(PLACES)} số {index + 1}",
                "kind": kind, "units": [rng.choice(unit_rows)["id"]], "field": rng.choice(fields),
                "movements": rng.sample(movement_ids, rng.randint(1, 2)),
                "people": [f"nguoi-{rng.randint(1, max(1, people_count))}"] if people_count else [],
                "results": [_sentence(rng) for _ in range(rng.randint(1, 3))],
                "awards": awards, "date": start_day + timedelta(days=rng.randint(0, 3800)),
                "summary": _sentence(rng)}
        if index < photos // 2:
            data["photos"] = [{"file": f"mo-hinh-{index + 1}.jpg", "alt": f"Ảnh minh họa: {data['title']}"}]
            photo_paths.append(content / "models" / f"mo-hinh-{index + 1}.jpg")
        (content / "models" / f"mo-hinh-{index + 1}.md").write_text(
            _front(data, "\n\n".join(_paragraph(rng) for _ in range(3))), encoding="utf-8")
    if photo_paths:
        _write_photos(photo_paths, rng)
    return {"movements": len(movement_ids), "people": people_count, "models": model_count, "units": unit_count,
            "photos": len(photo_paths)}


def _write_photos(paths: list[Path], rng: random.Random) -> None:
    """Phone-like JPEGs: 3000×2000 with texture (so decoding costs what a real photo costs),
    an EXIF orientation flag and GPS coordinates, as staff upload them."""
    from PIL import Image

    width, height = 3000, 2000
    texture = Image.effect_noise((width, height), 48).convert("RGB")
    for path in paths:
        tint = Image.new("RGB", (width, height), tuple(rng.randint(40, 220) for _ in range(3)))
        image = Image.blend(tint, texture, 0.35)
        exif = Image.Exif()
        exif[0x0112] = rng.choice([1, 6, 8, 3])  # orientation
        exif[0x8825] = {1: "N", 2: (22.0, 23.0, 45.0), 3: "E", 4: (103.0, 27.0, 30.0)}  # GPS IFD
        image.save(path, "JPEG", quality=85, exif=exif)
