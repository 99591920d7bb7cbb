"""The pages stage: the catalog → generated pages (Markdown files with front matter, HTML bodies)."""
