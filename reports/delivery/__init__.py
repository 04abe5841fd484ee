"""Delivering the coordinators' reports: the scheduler's requests (`scheduled`), the render
worker that makes them outside any transaction (`render_worker`), and the outbox messages and
notices it queues (`render_messages`).
"""
