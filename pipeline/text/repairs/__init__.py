"""The built-in cleaning steps; importing this package registers them (see pipeline.text.steps)."""

from pipeline.text.repairs import characters, layout, mr, words  # noqa: F401
