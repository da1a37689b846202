from rjournal.cli.main import main

main()
