"""The `histner` command line: typer commands that parse arguments, call one function, print."""
