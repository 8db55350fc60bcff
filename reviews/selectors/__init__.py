"""Reads of partnership reviews, one module a part; `access.py` is the one road from an id to a
review, which every part's views take."""
