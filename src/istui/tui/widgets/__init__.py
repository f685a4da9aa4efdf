"""Widgets shared by the screens; they format domain results and compute nothing."""
