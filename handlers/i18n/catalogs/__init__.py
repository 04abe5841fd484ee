"""Text catalogs, one module per feature, each with an `ID` and an `EN` dict."""
