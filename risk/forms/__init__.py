"""Forms of the risk app, one module a part (categories, meetings, concern, growth)."""
