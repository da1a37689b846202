"""`rj completion bash|zsh|fish`: click's completion script for `rj`.

The script calls `rj` back on every tab (with `_RJ_COMPLETE` set); click answers with the
command words and options, and base.complete_person with people's names. Bash inserts a
candidate as it is given, so its candidates come escaped as the shell would type them
(`Ana\\ Lee`); zsh and fish quote candidates themselves.
"""

from __future__ import annotations

import re
from typing import Any

import click
from click.shell_completion import BashComplete, CompletionItem, add_completion_class

SHELLS = ("bash", "zsh", "fish")
# What bash reads literally in a word; everything else in ASCII gets a backslash.
_PLAIN = re.compile(r"[A-Za-z0-9_./,:@%+\-]|[^\x00-\x7f]")


def bash_word(text: str) -> str:
    """Text as one bash word, written as a user would type it: `Ana Lee` -> `Ana\\ Lee`."""
    return "".join(ch if _PLAIN.fullmatch(ch) else "\\" + ch for ch in text)


class RjBashComplete(BashComplete):
    """Bash completion whose plain candidates are shell words (see the module)."""

    def format_completion(self, item: CompletionItem[Any]) -> str:
        if item.type != "plain":
            return super().format_completion(item)
        # click's script reads each line with `read` (no -r), which drops one level of
        # backslashes: double them so the escaped word arrives whole.
        return f"plain,{bash_word(str(item.value)).replace(chr(92), chr(92) * 2)}"


def use_our_shells() -> None:
    """Answer bash's completion requests with RjBashComplete."""
    add_completion_class(RjBashComplete)


@click.command(short_help="Print the shell completion script.")
@click.argument("shell", metavar="SHELL", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the completion script for SHELL (bash, zsh or fish): commands, options, names.

    \b
    bash:  eval "$(rj completion bash)"   in ~/.bashrc
    zsh:   eval "$(rj completion zsh)"    in ~/.zshrc
    fish:  rj completion fish > ~/.config/fish/completions/rj.fish
    """
    use_our_shells()
    from click.shell_completion import get_completion_class

    root = click.get_current_context().find_root()
    prog = root.info_name if root.info_name in ("rj", "rjournal") else "rj"
    shell_class = get_completion_class(shell)
    assert shell_class is not None
    script = shell_class(root.command, {}, prog, f"_{prog.upper()}_COMPLETE").source()
    click.echo(script)
