"""How much the build accepts from one file or one field: every limit in one place, each with its reason.

The editors' guide lists them with the message each gives (section "Giới hạn").
"""

from __future__ import annotations

ENTRY_FILE_BYTES = 2_000_000  # 60 times the largest sample entry (30 KB); long rolls belong in a spreadsheet
DATA_FILE_BYTES = 2_000_000  # the sample units.yml holds 27 units in 3.8 KB: room for ten thousand
FIELD_CHARACTERS = {
    "line": 300,  # a name, title or unit: the longest title in the sample content has 106 characters
    "text": 2_000,  # a summary or an achievement: a few sentences; the longest sample summary has 226
    "lines": 1_000,  # one result line
}
BODY_CHARACTERS = 200_000  # the body of an entry: seven times the longest sample entry

SPREADSHEET_BYTES = 20_000_000  # the file as uploaded
SPREADSHEET_UNPACKED_BYTES = 20_000_000  # an .xlsx is a zip of XML: 2,000 rows unpack to about 1 MB
SPREADSHEET_ROWS = 20_000  # one sheet: ten times a 2,000-name list
SPREADSHEET_CELLS = 400_000  # all sheets together
SPREADSHEET_SECONDS = 30.0  # reading one workbook, checked between rows
