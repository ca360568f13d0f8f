"""Mock ML system design interviewer: core domain, gateway, store, scoring and CLI."""

__version__ = "0.1.0"
