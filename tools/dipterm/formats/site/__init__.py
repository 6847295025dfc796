"""The page's style sheet and script, inlined by ``dipterm.formats.html`` into every export."""
