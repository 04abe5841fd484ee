"""The service's web endpoints."""
