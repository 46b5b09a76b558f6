"""One router per concept: search, documents (reading), writes, facets and health, answers."""
