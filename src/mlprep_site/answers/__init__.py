"""Answers to HTML: the one renderer of an answer's markdown, with the site's markdown configuration."""
