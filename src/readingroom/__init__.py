"""readingroom: a digital archive for historical documents."""

__version__ = "0.1.0"
