"""Load, validate and catalog: content files → typed entries → the catalog of what is published.

The validator here is the only gate: a later stage never meets input it cannot write.
"""
