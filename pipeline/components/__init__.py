"""spaCy components: thin adapters, registered as factories and exposed through entry points."""
