"""dipterm: English-Vietnamese terminology for diplomatic texts."""

__version__ = "0.1.0"
