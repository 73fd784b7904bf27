from mlprep_site.cli import main

main()
