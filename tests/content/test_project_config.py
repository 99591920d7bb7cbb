"""mkdocs.yml read without MkDocs: the file it INHERITs from merged under it, MkDocs' own tags read as text."""

from __future__ import annotations

from dienhinh.project import config_chain, read_config


def test_inherited_settings_merge_and_mkdocs_tags_are_read_as_text(tmp_path):
    (tmp_path / "base.yml").write_text(
        "site_name: Cơ sở\ntheme:\n  name: material\n  language: vi\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("INHERIT: base.yml\nsite_name: Trang điển hình\nsite_url: !ENV [SITE_URL, 'https://a.example/']\n"
                      "theme:\n  custom_dir: theme\n", encoding="utf-8")
    merged = read_config(config)
    assert merged["site_name"] == "Trang điển hình"
    assert merged["theme"] == {"name": "material", "language": "vi", "custom_dir": "theme"}
    assert merged["site_url"] == ["SITE_URL", "https://a.example/"]
    assert merged["markdown_extensions"][0]["pymdownx.emoji"]["emoji_index"] == ""
    assert [path.name for path, _ in config_chain(config)] == ["mkdocs.yml", "base.yml"]


def test_a_loop_of_inherited_files_is_cut(tmp_path):
    (tmp_path / "a.yml").write_text("INHERIT: b.yml\nsite_name: A\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("INHERIT: a.yml\nsite_name: B\ncopyright: B\n", encoding="utf-8")
    assert read_config(tmp_path / "a.yml") == {"site_name": "A", "copyright": "B"}
