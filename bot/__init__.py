"""The running service: settings, composition root, channels, web endpoints, pipeline, CLI."""
