"""Static site of exemplary collectives, individuals and initiatives for a provincial labour federation."""

__version__ = "0.1.0"
