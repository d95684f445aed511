"""jobintel's shared runtime: what every service process is built from."""
