"""The one base class for errors a user can act on.

The CLI prints these as a single line and exits non-zero; anything else is a bug
and is reported with a hint to re-run with ``--debug`` for the traceback.
"""


class LeadtrendsError(Exception):
    """An error with a message written for the user (what failed and what to do)."""
