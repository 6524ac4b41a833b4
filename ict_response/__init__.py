"""ICT Response Dashboard: how ICTs were used in the COVID-19 response, from WSIS data."""

__version__ = "0.1.0"
