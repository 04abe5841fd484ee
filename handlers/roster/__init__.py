"""The roster: reading a CSV/XLSX of PSM and coordinators, checking each row, storing the good ones.

The command line (`psmbot roster import`) and a roster sent to the bot by chat share this code.
"""

from handlers.roster.files import RosterFileError, read_table
from handlers.roster.rows import ImportScope, RosterRow, validate
from handlers.roster.store import ImportReport, import_file, import_in_session

__all__ = [
    "ImportReport",
    "ImportScope",
    "RosterFileError",
    "RosterRow",
    "import_file",
    "import_in_session",
    "read_table",
    "validate",
]
