"""`rj`, `rjournal` and `python -m rjournal`: the command line (rjournal.cli.main)."""

import gc


def main() -> None:
    # What the command line imports lives as long as the process: the cyclic collector's
    # passes over it free nothing and cost ~3 ms of every command's start (quick-add's
    # budget is a few times Python's own start).
    gc.disable()
    from rjournal.cli.main import main as command_line

    gc.enable()
    command_line()


if __name__ == "__main__":
    main()
