"""The language server (``dipterm lsp``): ``session`` keeps the workspace's glossary fresh,
``features`` computes diagnostics, hover and completions in code points, ``actions`` the quick
fixes and proposals, ``positions`` converts to the client's units, ``server`` speaks the protocol
(pygls)."""
