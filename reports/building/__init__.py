"""One period's report for one area, built from `reports.queries` in one read.

`build.PeriodReport` holds the figures, `periods` the ISO weeks, months and years, `tables` the
rows the PDF and the XLSX share, `formatting` the words numbers, dates and codes are shown in.
"""
