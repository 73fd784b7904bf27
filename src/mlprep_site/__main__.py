from mlprep_site.cli.main import entry_point

entry_point()
