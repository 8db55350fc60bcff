"""The QA visit pages: `visits` (planning, the cadence, writing and reading a visit, the head's
response) and `proforma` (the proforma PDF's download and re-render)."""
