"""The Textual UI: screens and widgets that render domain results."""
