"""Jinja2 templates of the reports: chat summaries (id, en) and the HTML that becomes the PDF."""

from pathlib import Path

TEMPLATE_DIR = Path(__file__).parent
