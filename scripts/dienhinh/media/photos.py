"""Photo pipeline: upright, stripped of metadata, resized to responsive WebP and JPEG, cached.

Staff upload phone photos straight from the Git web UI: several megabytes,
rotated by an EXIF flag, carrying GPS coordinates of homes and workplaces. We
apply the rotation, convert to sRGB, and write new files without any metadata.
Results are cached by the photo's content and the settings, so an unchanged
photo is never processed twice. A bad file (not an image, truncated, a
decompression bomb, a huge upload) is reported in Vietnamese and left out;
the rest of the site still builds.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .. import routes
from ..content.catalog import Catalog
from ..content.entries import Entry, Model, Person, Photo
from ..content.photo_files import NOT_AN_IMAGE, PhotoError, check_dimensions, check_size, damaged
from ..files import link_files
from ..parallel import ordered_map
from ..problems import Problems
from ..progress import Progress, number

WIDTHS = (480, 960, 1440)  # 1440: a 720-pixel-wide layout on a 2× phone screen
THUMBNAIL = 400  # square crop for cards
JPEG_QUALITY = 82
WEBP_QUALITY = 80
SETTINGS = f"v2:{WIDTHS}:{THUMBNAIL}:{JPEG_QUALITY}:{WEBP_QUALITY}"


@dataclass(frozen=True)
class Rendition:
    url: str  # site-relative
    width: int
    height: int
    format: str  # "webp" or "jpeg"
    bytes: int


@dataclass(frozen=True)
class ProcessedPhoto:
    key: str
    width: int
    height: int
    renditions: tuple[Rendition, ...]
    thumbnail: Rendition

    def largest(self, image_format: str = "jpeg") -> Rendition:
        return max((r for r in self.renditions if r.format == image_format), key=lambda r: r.width)

    def srcset(self, image_format: str) -> str:
        return ", ".join(f"{r.url} {r.width}w" for r in self.renditions if r.format == image_format)

    @classmethod
    def from_json(cls, data: dict) -> "ProcessedPhoto":
        return cls(data["key"], data["width"], data["height"],
                   tuple(Rendition(**r) for r in data["renditions"]), Rendition(**data["thumbnail"]))


@dataclass
class PhotoLibrary:
    """Processed photos by source file, and what the stage did (for the counts staff see)."""

    cache_dir: Path
    by_source: dict[Path, ProcessedPhoto] = field(default_factory=dict)
    processed: int = 0
    reused: int = 0

    def get(self, photo: Photo | None) -> ProcessedPhoto | None:
        return self.by_source.get(photo.path) if photo is not None and photo.path is not None else None

    def files(self) -> list[Path]:
        return [self.cache_dir / r.url.removeprefix(routes.PHOTOS)
                for processed in self.by_source.values() for r in (*processed.renditions, processed.thumbnail)]


def published_photos(catalog: Catalog) -> list[tuple[Entry, str, Photo]]:
    """(entry, field, photo) for every photo that may be published: people's only with consent."""
    found = []
    for entry in catalog.exemplars():
        if isinstance(entry, Person) and entry.photo_public and entry.photo is not None:
            found.append((entry, "photo", entry.photo))
        elif isinstance(entry, Model):
            found.extend((entry, f"photos[{index}]", photo) for index, photo in enumerate(entry.photos))
    return found


def content_key(path: Path, manifest: dict) -> str:
    """Hash of the file's bytes and our settings; the manifest avoids re-reading unchanged files."""
    stat = path.stat()
    stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
    known = manifest.get(str(path))
    if known and known[0] == stamp:
        return known[1]
    digest = hashlib.sha256(SETTINGS.encode())
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    key = digest.hexdigest()[:20]
    manifest[str(path)] = (stamp, key)
    return key


def _srgb(image: Image.Image) -> Image.Image:
    """Convert to sRGB using the embedded ICC profile (iPhone photos are Display P3), then drop it."""
    profile = image.info.get("icc_profile")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            target = ImageCms.createProfile("sRGB")
            image = ImageCms.profileToProfile(image, source, target, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError):
            pass
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB") if image.mode != "RGB" else image


def _open(path: Path, display_width: int | None = None) -> Image.Image:
    """Open and decode; a JPEG much larger than display_width is decoded at a reduced DCT scale."""
    check_size(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
            check_dimensions(image)
            if display_width and image.format == "JPEG":
                rotated = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)
                image.draft("RGB", (1, display_width) if rotated else (display_width, 1))
            image.load()
    except PhotoError:
        raise
    except UnidentifiedImageError:
        raise PhotoError(*NOT_AN_IMAGE) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError("ảnh có kích thước bất thường (nghi là ảnh độc hại)",
                         "dùng ảnh chụp bình thường") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise PhotoError(*damaged(error)) from None
    return image


def _save(image: Image.Image, folder: Path, stem: str, image_format: str, url_base: str) -> Rendition:
    extension = "webp" if image_format == "webp" else "jpg"
    name = f"{stem}.{extension}"
    target = folder / name
    if image_format == "webp":
        image.save(target, "WEBP", quality=WEBP_QUALITY, method=2)
    else:
        image.save(target, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return Rendition(f"{url_base}/{name}", image.width, image.height, image_format, target.stat().st_size)


def process_photo(path: Path, key: str, cache_dir: Path) -> ProcessedPhoto:
    """Make every rendition of one photo in cache_dir/<key>/ (atomic: a folder appears only when complete)."""
    image = _srgb(ImageOps.exif_transpose(_open(path, WIDTHS[-1])))
    image.info = {}  # Pillow writes a JPEG comment, XMP or EXIF it finds here; renditions inherit the empty set
    folder = cache_dir / key
    temporary = cache_dir / f".{key}.{os.getpid()}"
    if temporary.exists():
        shutil.rmtree(temporary)
    temporary.mkdir(parents=True)
    url_base = f"{routes.PHOTOS}{key}"
    renditions = []
    widths = sorted({w for w in WIDTHS if w < image.width} | {min(image.width, WIDTHS[-1])}, reverse=True)
    source = image
    for width in widths:  # largest first, each resized from the previous one
        if width != source.width:
            source = source.resize((width, round(source.height * width / source.width)), Image.Resampling.LANCZOS)
        for image_format in ("webp", "jpeg"):
            renditions.append(_save(source, temporary, f"{width}", image_format, url_base))
    renditions.sort(key=lambda r: (r.format, r.width))
    thumbnail = _save(ImageOps.fit(image, (THUMBNAIL, THUMBNAIL), Image.Resampling.LANCZOS, centering=(0.5, 0.35),
                                   ) if image.width < 2 * THUMBNAIL else
                      ImageOps.fit(image.reduce(max(1, min(image.size) // (2 * THUMBNAIL))), (THUMBNAIL, THUMBNAIL),
                                   Image.Resampling.LANCZOS, centering=(0.5, 0.35)),
                      temporary, "vuong", "jpeg", url_base)
    processed = ProcessedPhoto(key, image.width, image.height, tuple(renditions), thumbnail)
    (temporary / "meta.json").write_text(json.dumps(asdict(processed)), encoding="utf-8")
    if folder.exists():
        shutil.rmtree(folder)
    os.replace(temporary, folder)
    return processed


def _job(job: tuple[Path, str, Path]) -> tuple[str, ProcessedPhoto | None, str, str]:
    path, key, cache_dir = job
    try:
        return key, process_photo(path, key, cache_dir), "", ""
    except PhotoError as error:
        return key, None, error.message, error.hint


def build_library(catalog: Catalog, root: Path, cache_dir: Path, problems: Problems,
                  progress: Progress | None = None, workers: int | None = None) -> PhotoLibrary:
    """Process (or reuse) every publishable photo; report bad ones as warnings and leave them out."""
    progress = progress or Progress(enabled=False)
    cache_dir.mkdir(parents=True, exist_ok=True)
    library = PhotoLibrary(cache_dir)
    manifest_path = cache_dir / "manifest.json"
    try:
        manifest = {k: tuple(v) for k, v in json.loads(manifest_path.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError):
        manifest = {}
    photos = published_photos(catalog)
    keys: dict[Path, str] = {}
    todo: dict[str, Path] = {}
    for entry, _field, photo in photos:
        if photo.path is None or photo.path in keys:
            continue
        try:
            keys[photo.path] = key = content_key(photo.path, manifest)
        except OSError:
            continue
        meta = cache_dir / key / "meta.json"
        if meta.is_file():
            library.by_source[photo.path] = ProcessedPhoto.from_json(json.loads(meta.read_text(encoding="utf-8")))
            library.reused += 1
        else:
            todo.setdefault(key, photo.path)
    failures: dict[str, tuple[str, str]] = {}
    jobs = [(path, key, cache_dir) for key, path in todo.items()]
    for done, (key, processed, message, hint) in enumerate(ordered_map(_job, jobs, workers=workers, minimum=4, chunksize=4), start=1):
        if processed is None:
            failures[key] = (message, hint)
        else:
            library.processed += 1
            for path, known in keys.items():
                if known == key:
                    library.by_source[path] = processed
        progress.tick("Xử lý ảnh", done, len(jobs))
    for entry, field_name, photo in photos:
        key = keys.get(photo.path) if photo.path else None
        if key in failures:
            message, hint = failures[key]
            problems.warning(entry.path, entry.line(*_path_of(field_name)), f"{field_name}.file",
                             f'ảnh "{photo.file}" không đăng được: {message}', hint + "; trang vẫn được đăng, không có ảnh này")
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    progress.stage("Xử lý ảnh", f"{number(library.processed)} ảnh xử lý mới, {number(library.reused)} ảnh dùng lại, "
                   f"{number(len(failures))} ảnh lỗi")
    return library


def _path_of(field_name: str) -> tuple:
    if "[" in field_name:
        name, index = field_name.rstrip("]").split("[")
        return name, int(index), "file"
    return field_name, "file"


def copy_into(files: list[str] | list[Path], cache_dir: Path, site_dir: Path) -> int:
    """Hard-link (or copy) cached files into the site; the cache mirrors the photo URLs. Returns how many.

    Two entries may show the same photo (a person and the model they lead): each file goes once."""
    base, prefix = str(site_dir / routes.PHOTOS), len(str(cache_dir)) + 1
    return link_files((str(source), f"{base}/{str(source)[prefix:]}") for source in dict.fromkeys(files))


AVATAR_COLOURS = ("#0a4a8f", "#8a1c2b", "#1f6b3a", "#6a3d9a", "#8a4b08", "#0f5e6b", "#4b5563", "#9d174d")


def avatar_colour(seed: str) -> str:
    """A stable, AA-contrast background colour for an initials avatar."""
    return AVATAR_COLOURS[int(hashlib.sha256(seed.encode()).hexdigest(), 16) % len(AVATAR_COLOURS)]
