"""Delivering the coordinators' reports: on a schedule (`delivery`), the CLI, data exports.

The report itself is built and rendered in `handlers/reports` (so that `/laporan` can render it
in a conversation turn); its numbers come from `storage/reports`.
"""
