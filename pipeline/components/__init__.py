"""spaCy components: thin adapters, registered as factories and exposed through entry points.

Importing the package registers the `mr_key` extensions the components match with.
"""

from pipeline.components.extensions import register_extensions

register_extensions()
