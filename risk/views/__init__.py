"""The risk app's pages, one module a part (meetings, concern, growth, due diligence)."""
