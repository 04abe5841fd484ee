"""Before `make run`: are the system libraries there that the PDF report needs (Pango)?

Prints what to install when they are missing. The bot runs without them; reports then go as
text, chart and XLSX, with a note that the PDF could not be made.
"""

from __future__ import annotations

import sys

INSTALL = """\
PDF reports need the Pango libraries, which this machine lacks:
  {problem}
Install them, then run `make run` again:
  Debian/Ubuntu:  sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
  Fedora:         sudo dnf install pango
  macOS:          brew install pango
The bot runs without them; reports then go as text, chart and XLSX, without the PDF.
"""


def main() -> int:
    """Print the outcome; never fails the build (the PDF is optional at run time)."""
    from reports.rendering.pdf import pdf_available

    problem = pdf_available()
    if problem is None:
        print("PDF rendering: OK (WeasyPrint and Pango)")
    else:
        print(INSTALL.format(problem=problem), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
