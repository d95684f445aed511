"""jobintel service."""
