from mlprep_site.cli import entry_point

entry_point()
