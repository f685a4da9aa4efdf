"""Rendering: every number-to-text and text-to-cells rule, once; the reports and the status line."""
