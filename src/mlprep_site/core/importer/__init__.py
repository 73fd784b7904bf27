"""What `import` does to a topic: markdown made publishable, linked files, markup cleaned as text."""
