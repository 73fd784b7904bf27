"""The bank on disk: YAML/JSON data, canonical markdown written, atomic contained writes."""
