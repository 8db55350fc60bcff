from pathlib import Path

# Real slices of DfE and Ofsted files (Open Government Licence v3.0; see its README.md).
DFE = Path(__file__).resolve().parent / "data" / "dfe"
