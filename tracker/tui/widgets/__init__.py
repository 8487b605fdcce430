"""Widgets of the terminal UI, each drawing one thing from what it is handed."""
