"""``python -m leadtrends`` is the same as the ``leadtrends`` command."""

from leadtrends.cli import main

main()
