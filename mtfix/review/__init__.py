"""Interactive review: walk the editor through every proposed fix.

``state`` and ``proposals`` are pure (no prompt_toolkit, no I/O);
``session`` reads and writes files and session records; ``view`` turns the
state into formatted-text fragments; ``layout``, ``keys`` and ``app`` build
the prompt_toolkit application; ``command`` is the ``mtfix review`` CLI.
"""
