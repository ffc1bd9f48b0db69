"""The framing version, in one place (read by the package, the CLI and every provenance record)."""

__version__ = "0.1.0"
