"""recovery-print: print products of the Emerging Best Practices in Mental Health Recovery framework."""

__version__ = "0.1.0"
