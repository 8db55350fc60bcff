"""The risk app's forms, one module a part."""
