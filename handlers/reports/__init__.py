"""The coordinators' report: built from storage's numbers, rendered as text, chart, PDF, XLSX.

Layering: `storage/reports` counts (SQL `GROUP BY`), this package turns one count into words and
documents, `bot/reports` delivers them on a schedule and serves the CLI. The rendering sits here,
beside the conversation core and free of any platform SDK, because `/laporan` renders a report
inside a conversation turn and handlers may not import `bot/`. Heavy libraries (matplotlib,
WeasyPrint) are imported only when a file is rendered.
"""
