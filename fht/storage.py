from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; JavaScript module imports are rewritten to hashed names."""

    support_js_module_import_aggregation = True
