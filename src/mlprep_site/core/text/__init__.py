"""Markdown text as GitHub reads it: code, code spans, inline text, math, ids from words, line
breaks, YAML read safely, HTML cleaned."""
