"""One-off studies that decided something (each names its decision in docs/decisions.md); run
from a checkout as `python -m eval.studies.NAME`. Not part of the CI gate."""
