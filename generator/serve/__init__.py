"""Serve: `opit serve`, a local server that rebuilds the pages you change.

Takes the same as the pipeline, plus a port. Gives a server on 127.0.0.1 that rebuilds only the
changed pages through the builder, then the whole site in the background.

May import pipeline and every stage before it.
"""
