"""Validate: documents into Pydantic models, or every problem as a Diagnostic.

Takes the documents of read/. Gives the valid models (validate.py runs the checks), with each
Pydantic error translated into `path:line:column: what is wrong, and how to fix it`
(explain.py) and the story's safety rules checked (bodycheck.py).

May import read and what read may import.
"""
