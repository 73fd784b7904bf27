"""The model and its rules: the immutable bank, findings with `file:line`, field rules, tags."""
