"""A built report made into what people read: chat text, charts, PDF and XLSX.

matplotlib, WeasyPrint and openpyxl are imported only inside the functions that render a file.
"""
