"""Topic files read into the model: sources, blocks, the canonical reader, dialect detection and
the dialect readers (`dialects/`), front matter, answer blocks, limits."""
