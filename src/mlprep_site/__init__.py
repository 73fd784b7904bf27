"""mlprep-site: interview question/answer markdown into a searchable study site."""

__version__ = "0.1.0"
