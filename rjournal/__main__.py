from rjournal.cli.entry import main

main()
