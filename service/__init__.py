"""The Flask service and the `stance` command line."""
