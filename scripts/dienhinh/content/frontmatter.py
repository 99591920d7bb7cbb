"""Split an entry file into YAML front matter and Markdown body, keeping line numbers.

Safe YAML only (the C-accelerated safe loader when PyYAML has it). Every key and
list item remembers the line it is on, so later stages can point staff at the
exact line of a wrong value.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from ..problems import Problems
from ..text.vietnamese import nfc

Path_ = tuple  # where a value sits in the front matter, e.g. ("awards", 0, "form")
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, with PyYAML's tag resolution short-cut for the common cases.

    The C parser asks the Python resolver about every scalar. A scalar whose first
    character starts no implicit type is a string; one that starts with a letter is a
    bool or null only when it is one of YAML 1.1's words. That is what the resolver
    concludes too, after trying its patterns (a test compares the two).
    """

    _starts = frozenset(k for k in _BaseLoader.yaml_implicit_resolvers if k)
    _letters = frozenset(k for k in _starts if k.isalpha())
    _words = frozenset("yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF "
                       "null Null NULL".split())
    _simple = not _BaseLoader.yaml_implicit_resolvers.get(None)

    def resolve(self, kind, value, implicit):  # noqa: D102 - same contract as yaml.resolver
        if self._simple and not self.yaml_path_resolvers:
            if kind is yaml.ScalarNode:
                if implicit[0] and value and (value[0] not in self._starts
                                              or (value[0] in self._letters and value not in self._words)):
                    return self.DEFAULT_SCALAR_TAG
            elif kind is yaml.MappingNode:
                return self.DEFAULT_MAPPING_TAG
            elif kind is yaml.SequenceNode:
                return self.DEFAULT_SEQUENCE_TAG
        return super().resolve(kind, value, implicit)


@dataclass
class FrontMatter:
    data: dict[str, Any]
    lines: dict[Path_, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line(self, *path: Any) -> int:
        """The line of a key path, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


# Vietnamese explanations of PyYAML's messages, with the usual cause.
_YAML_MESSAGES = [
    ("found character '\\t'", "có ký tự Tab", "YAML không nhận phím Tab để thụt lề; hãy thay bằng dấu cách"),
    ("mapping values are not allowed", "dấu hai chấm ':' đặt sai chỗ",
     "nếu giá trị có dấu ':', hãy đặt cả giá trị trong ngoặc kép, ví dụ: title: \"Mô hình: ...\""),
    ("could not find expected ':'", "thiếu dấu hai chấm ':' sau tên trường",
     "mỗi dòng phải có dạng 'tên_trường: giá trị'; kiểm tra dòng này và dòng trên"),
    ("did not find expected key", "thụt lề không thẳng hàng",
     "các trường cùng cấp phải thụt lề bằng nhau; mục trong danh sách bắt đầu bằng '- '"),
    ("did not find expected '-' indicator", "danh sách thụt lề không thẳng hàng",
     "mỗi mục của danh sách bắt đầu bằng '- ' và thẳng cột với mục trên"),
    ("found unexpected end of stream", "thiếu dấu ngoặc kép đóng", "kiểm tra mỗi dấu \" mở đều có dấu \" đóng"),
    ("found unknown escape character", "có ký tự '\\' không hợp lệ trong ngoặc kép",
     "dùng ngoặc đơn '...' hoặc bỏ dấu '\\'"),
    ("found undefined alias", "dấu '*' ở đầu giá trị", "đặt giá trị bắt đầu bằng '*' trong ngoặc kép"),
    ("found character that cannot start any token", "giá trị bắt đầu bằng ký tự đặc biệt",
     "đặt giá trị trong ngoặc kép (các ký tự @ ` % ! không được đứng đầu)"),
    ("could not determine a constructor", "thẻ YAML không được phép", "bỏ phần bắt đầu bằng '!' trước giá trị"),
    ("expected <block end>, but found", "thụt lề không thẳng hàng", "các trường cùng cấp phải thụt lề bằng nhau"),
    ("while parsing a flow", "ngoặc [ ] hoặc { } chưa đóng", "kiểm tra các dấu ngoặc vuông/nhọn có đủ cặp"),
]


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based, within the YAML text
    indent: int
    item: bool  # starts with "- "
    key: str  # the key it declares ("" when none)
    opens: bool  # a key with no value on the line: a block follows
    text: str  # how staff would name the line: "- form", "- Lao động giỏi", "kind"

    def named(self) -> str:
        return f"'{self.text}'"


def _outline(source: str) -> list[_Line]:
    """The lines that carry structure, ignoring blanks, comments and block-scalar text."""
    outline: list[_Line] = []
    block_indent: int | None = None
    for number, raw in enumerate(source.split("\n"), start=1):
        stripped = raw.lstrip(" ")
        indent = len(raw) - len(stripped)
        if not stripped or stripped.startswith("#"):
            continue
        if block_indent is not None and indent > block_indent:
            continue
        block_indent = None
        item = stripped == "-" or stripped.startswith("- ")
        rest = stripped[2:].lstrip(" ") if item else stripped
        key, colon, value = rest.partition(":")
        if not colon or (value and not value.startswith(" ")) or key.startswith(("'", '"', "[", "{")):
            key, value = "", rest
        value = value.split(" #")[0].strip()
        if value[:1] in ("|", ">"):
            block_indent = indent
        key = key.strip()
        text = (key or value)[:30]
        outline.append(_Line(number, indent, item, key, bool(key) and not value, f"- {text}" if item else text))
    return outline


def _indentation(source: str, row: int, offset: int) -> tuple[int, str, str] | None:
    """Say which line to line up with when a parse error comes from indentation.

    Returns (line in the file, message, hint), or None when the error is not about indentation."""
    outline = [replace(line, number=line.number + offset) for line in _outline(source)]
    here = next((line for line in outline if line.number == row + 1 + offset), None)
    if here is None:
        return None
    above = [line for line in outline if line.number < here.number]
    if not above:
        return None
    previous = above[-1]
    name = here.named()
    if here.item:
        items = [line for line in above if line.item]
        if not items and not previous.opens:
            return (here.number, f"mục danh sách {name} đứng sau trường '{previous.key}' đã có giá trị",
                    "mục danh sách phải nằm dưới một trường để trống giá trị (ví dụ 'awards:'), "
                    "thụt vào 2 dấu cách")
        sibling = items[-1] if items else None
        if sibling is not None and sibling.indent != here.indent:
            return (here.number, f"mục {name} bắt đầu ở cột {here.indent + 1}, không thẳng cột với mục "
                    f"{sibling.named()} ở dòng {sibling.number} (cột {sibling.indent + 1})",
                    _spaces_hint(here.indent, sibling.indent, f"mục {name}", "như mục trên"))
        return None
    if not here.key:
        return None
    if here.indent > previous.indent and not previous.opens:
        target = previous.indent + (2 if previous.item else 0)
        if here.indent == target:
            return None
        return (here.number, f"trường {name} thụt vào sâu hơn trường '{previous.key}' ở dòng "
                f"{previous.number}, trường này đã có giá trị",
                _spaces_hint(here.indent, target, f"trường {name}", f"như '{previous.key}'"))
    keys = [line for line in above if line.key and line.indent != here.indent]
    levels = {line.indent + (2 if line.item else 0): line for line in keys}
    if not levels or here.indent in {line.indent + (2 if line.item else 0) for line in above if line.key}:
        return None
    target = min(levels, key=lambda level: (abs(level - here.indent), -level))
    sibling = levels[target]
    return (here.number, f"trường {name} bắt đầu ở cột {here.indent + 1}, không thẳng cột với trường "
            f"'{sibling.key}' ở dòng {sibling.number} (cột {target + 1})",
            _spaces_hint(here.indent, target, f"trường {name}", f"như '{sibling.key}' (cùng cấp)"))


def _spaces_hint(indent: int, target: int, what: str, like: str) -> str:
    change = f"thêm {target - indent}" if target > indent else f"bớt {indent - target}"
    return f"{change} dấu cách ở đầu dòng để {what} bắt đầu ở cột {target + 1} {like}"


def _explain(error: yaml.YAMLError, source: str = "") -> tuple[str, str]:
    text = str(error)
    mark = getattr(error, "problem_mark", None)
    if mark is not None and source:
        lines = source.split("\n")
        if 0 <= mark.line < len(lines) and "\t" in lines[mark.line][: max(mark.column, 0) + 1]:
            return _YAML_MESSAGES[0][1], _YAML_MESSAGES[0][2]
    for needle, message, hint in _YAML_MESSAGES:
        if needle in text:
            return message, hint
    problem = getattr(error, "problem", None) or text.splitlines()[0]
    return f"cú pháp YAML không hợp lệ ({problem})", "kiểm tra dấu hai chấm, thụt lề và ngoặc kép quanh dòng này"


class _AliasUsed(Exception):
    """An anchor (&) used again through an alias (*): refused, it can nest without end."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def _build(loader: Any, node: yaml.Node, path: Path_, lines: dict, problems: Problems, label: str,
           offset: int, seen: set[int] | None = None) -> Any:
    """Construct a value from a composed node, recording each key's and item's line on the way.

    A node met twice is an alias: refused at once, so "a: &x [*x]" cannot recurse forever and a
    few lines of nested aliases cannot grow into gigabytes."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        raise _AliasUsed(node.start_mark.line + 1 + offset)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if key_node.tag == _STR else loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1 + offset
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            if key in first_line:
                problems.error(label, line, ".".join(map(str, path + (key,))),
                               f"trường bị khai báo hai lần (lần đầu ở dòng {first_line[key]})",
                               "xóa một trong hai dòng; YAML chỉ giữ giá trị sau cùng")
            first_line[key] = line
            lines[path + (key,)] = line
            if id(value_node) in seen:
                raise _AliasUsed(line)
            if value_node.tag == _STR and type(value_node) is yaml.ScalarNode:
                seen.add(id(value_node))
                result[key] = value_node.value
            else:
                result[key] = _build(loader, value_node, path + (key,), lines, problems, label, offset, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1 + offset
            if item.tag == _STR and type(item) is yaml.ScalarNode:
                if id(item) in seen:
                    raise _AliasUsed(item.start_mark.line + 1 + offset)
                seen.add(id(item))
                items.append(item.value)
            else:
                items.append(_build(loader, item, path + (index,), lines, problems, label, offset, seen))
        return items
    if node.tag == _STR:
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError):
        return node.value  # e.g. date: 2020-13-40; the field's own check explains what is wrong


_STR = "tag:yaml.org,2002:str"


def load_package_data(path: Path) -> Any:
    """A YAML file shipped with the package (labels, editor settings): safe-loaded by the C loader, a
    twentieth of the pure-Python one's time; staff files go through parse_yaml, which reports lines."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)


def parse_yaml(text: str, label: str, problems: Problems, offset: int = 0) -> tuple[Any, dict[Path_, int]] | None:
    """Safe-load one YAML document; on a syntax error report it with line and column and return None."""
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {(): offset + 1}
        lines: dict[Path_, int] = {(): node.start_mark.line + 1 + offset}
        data = _build(loader, node, (), lines, problems, label, offset)
        return data, lines
    except _AliasUsed as error:
        problems.error(label, error.line, "YAML", "không dùng neo, bí danh (ký hiệu & và *) trong phần thông tin",
                       "chép lại giá trị ở mỗi chỗ cần dùng thay vì đặt & và *")
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 + offset) if mark else offset + 1
        column = (mark.column + 1) if mark else 0
        indentation = _indentation(text, mark.line, offset) if mark else None
        if indentation is not None:
            row, message, hint = indentation
            problems.error(label, row, "YAML", f"thụt lề không thẳng hàng: {message}", hint)
            return None
        message, hint = _explain(error, text)
        problems.error(label, line, "YAML", f"{message} (cột {column})", hint, column=column)
        return None
    except yaml.YAMLError as error:
        message, hint = _explain(error)
        problems.error(label, offset + 1, "YAML", message, hint)
        return None
    finally:
        loader.dispose()


def split(text: str, label: str, problems: Problems) -> FrontMatter | None:
    """Parse '---\\nYAML\\n---\\nbody'; report a missing fence or bad YAML and return None."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.error(label, 1, "phần thông tin",
                       "tệp phải bắt đầu bằng dòng '---' rồi đến phần thông tin (YAML)",
                       "sao chép một tệp mẫu trong thư mục templates/ và điền lại")
        return None
    close = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if close is None:
        problems.error(label, 1, "phần thông tin", "không tìm thấy dòng '---' kết thúc phần thông tin",
                       "thêm một dòng chỉ có '---' giữa phần thông tin và phần nội dung")
        return None
    parsed = parse_yaml("\n".join(lines[1:close]), label, problems, offset=1)
    if parsed is None:
        return None
    data, line_map = parsed
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.error(label, 2, "phần thông tin", "phần thông tin phải là các dòng 'tên_trường: giá trị'",
                       "xem tệp mẫu trong thư mục templates/")
        return None
    non_text_keys = [k for k in data if not isinstance(k, str)]
    for key in non_text_keys:
        problems.error(label, line_map.get((key,), 2), str(key), "tên trường phải là chữ",
                       "đặt tên trường bằng chữ thường không dấu, ví dụ: title")
        del data[key]
    return FrontMatter(data=data, lines=line_map, body="\n".join(lines[close + 1:]), body_line=close + 2)


def line_map(file: Path) -> dict[Path_, int]:
    """The line of every key path of a file's front matter (empty when it cannot be read)."""
    try:
        text = nfc(file.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return {}
    parsed = split(text, file.name, Problems())
    return parsed.lines if parsed else {}
