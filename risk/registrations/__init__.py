"""What each part of the risk app adds to the core registries (fht.registry), one module a part,
called from `RiskConfig.ready()`."""
