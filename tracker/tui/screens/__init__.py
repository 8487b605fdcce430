"""Screens of the terminal UI: prompts, pickers, evidence and help."""
