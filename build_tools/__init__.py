"""Build tools for the therapy-ethics knowledge base.

A plain Python package: load and validate the YAML data, then render pages, flowcharts,
the PDF handbook and the JSON export from the one validated model. It knows nothing of
MkDocs; `hooks/` is the thin glue that calls it.
"""
