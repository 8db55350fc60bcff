"""What each part of the reviews app adds to the core registries (fht.registry) and to the app's
own hooks, one module a part, called from `ReviewsConfig.ready()`."""
