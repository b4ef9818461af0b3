"""Kyrgyz–Tajik Border Conflict Atlas: data loading, validation, filtering and maps.

The package never imports streamlit; ``app.py`` wires widgets to it.
"""

__version__ = "0.1.0"
