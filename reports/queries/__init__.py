"""The numbers of the coordinators' reports: `GROUP BY` queries scoped to an area and a period.

Every function takes the session as a keyword argument and an area code; an area covers itself
and every region below it (a kecamatan its kelurahan). Periods are [start, end) in the area's
local dates; records with `deleted_at` set never count. The chat text, the PDF and the XLSX are
all rendered from these results, so they always agree.
"""
