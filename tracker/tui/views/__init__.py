"""The six views of the terminal UI, one per tab, each reading its own rows."""
