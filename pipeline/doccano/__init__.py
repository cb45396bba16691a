"""The annotation loop with a doccano server: install/start/stop it, push documents, pull corrections."""
