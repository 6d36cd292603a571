"""``mtfix lsp``: the findings of ``mtfix check`` in the editor, as a language server.

``analysis`` and ``positions`` are plain Python (no pygls): they turn an open
buffer into findings placed in the buffer and into the edits that fix them.
``server`` wires them to the protocol with pygls, which is imported only when
the command runs (``pip install 'mtfix[lsp]'``).
"""
