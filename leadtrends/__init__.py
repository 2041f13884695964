"""leadtrends: job-market trends for technology leadership roles."""

__version__ = "0.1.0"
