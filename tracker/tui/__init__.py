"""The terminal UI: a Textual app over the public `Tracker` API (`make_app`)."""
