"""Training custom NER models: gold → DocBin (`convert`), spaCy's own training (`train`), learning curve (`curve`)."""
