"""`rj`, `rjournal` and `python -m rjournal`: the command line (rjournal.cli.main)."""

import gc


def main() -> None:
    # What the command line imports lives as long as the process, so the cyclic collector
    # has nothing to free there: off while importing, then frozen out of every later pass
    # (the last one, at exit, included). Together about 10 ms of each command's start.
    gc.disable()
    import sys

    # `rj today` runs from shells' rc files: its simple forms are answered without click.
    if "today" in sys.argv[1:4]:
        from rjournal.cli.digest_out import quick_today

        if quick_today(sys.argv[1:]):
            return
    # Bare `rj` and `rj --db PATH` open the app without loading click (cli.launch).
    from rjournal.cli.session import app_only

    line = app_only(sys.argv[1:])
    if line is not None:
        from rjournal.cli.launch import open_app_only

        sys.exit(open_app_only(line))
    from rjournal.cli.main import main as command_line

    gc.freeze()
    gc.enable()
    command_line()


if __name__ == "__main__":
    main()
