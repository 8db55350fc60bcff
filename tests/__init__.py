from pathlib import Path

# Real slices of DfE and Ofsted files (Open Government Licence v3.0; see its README.md).
DFE = Path(__file__).resolve().parent / "data" / "dfe"


def work_after_commit(callbacks: list) -> list:  # type: ignore[type-arg]
    """The on-commit callbacks a request queued for its own work (emails, jobs), without the one
    that retires the trust's kept pages (fht.cache), which any write queues."""
    return [c for c in callbacks if not hasattr(c, "fht_bumps")]
