"""The coordinators' reports: weekly, monthly and yearly, as chat text, chart, PDF and XLSX.

- `reports.queries`: the numbers (SQL `GROUP BY`, scoped to an area and a period).
- `reports.building`: one period's figures for one area (`PeriodReport`), periods, tables and
  the words numbers and codes are shown in.
- `reports.rendering`: the chat text, the charts, the PDF and the XLSX.
- `reports.delivery`: the scheduler's requests, the render worker and the messages it queues.
- `reports.commands`: `psmbot report` and `psmbot export`.

Building and rendering are free of any platform SDK: `/laporan` builds a report inside a
conversation turn. Heavy libraries (matplotlib, WeasyPrint, openpyxl) are imported only when a
file is rendered, and nothing is imported here, so `psmbot --help` stays light.
"""
