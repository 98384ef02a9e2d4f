"""One module per CLI command (loaded lazily by generator.cli)."""
