"""Shell completion: `rj completion SHELL` prints click's script, and bash, running it for
real, completes command words, options and people's names from the chosen journal."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import rjournal
from rjournal.cli.completion import bash_word
from rjournal.cli.main import main

BIN = Path(sys.executable).parent
BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")
needs_rj = pytest.mark.skipif(not (BIN / "rj").exists(), reason="the rj script is not installed")


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "people.db"
    for args in (
        ["add", "Ana Lee", "--nickname", "Nana"],
        ["add", "Ana Bell"],
        ["add", "Bob Stone"],
        ["add", "Zoë Ångström"],
        ["add", "Ann [red] O'Neil"],
        ["add", "Gone Person"],
        ["delete", "gone"],
    ):
        result = CliRunner().invoke(main, ["--db", str(path), *args])
        assert result.exit_code == 0, result.output
    return path


def bash_completes(
    tmp_path: Path, words: list[str], env: dict[str, str] | None = None
) -> list[str]:
    """COMPREPLY after bash sources `rj completion bash` and calls its completion function,
    as bash does on tab with the cursor at the end of the last word (one already typed
    before the cursor when the last word is empty)."""
    assert BASH is not None
    script = (
        "source <(rj completion bash) || exit 9\n"
        'COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))\n'
        "_rj_completion rj\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        [BASH, "--norc", "--noprofile", "-c", script, "bash", *words],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOME": str(tmp_path / "home"),
            "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
            "PYTHONPATH": str(Path(rjournal.__file__).parent.parent),
            "LANG": "C.UTF-8",
            **(env or {}),
        },
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [line for line in done.stdout.split("\n") if line]


@needs_bash
@needs_rj
def test_bash_completes_a_command_word(tmp_path: Path) -> None:
    assert bash_completes(tmp_path, ["rj", "lo"]) == ["log"]
    assert bash_completes(tmp_path, ["rj", "--db", "x.db", "ne"]) == ["next"]
    assert "completion" in bash_completes(tmp_path, ["rj", ""])


@needs_bash
@needs_rj
def test_bash_completes_an_option(tmp_path: Path) -> None:
    assert bash_completes(tmp_path, ["rj", "log", "--v"]) == ["--via"]
    assert bash_completes(tmp_path, ["rj", "log", "ana", "hi", "--fr"]) == ["--from-them"]
    assert bash_completes(tmp_path, ["rj", "export", "csv", "--d"]) == ["--db"]


@needs_bash
@needs_rj
def test_bash_completes_a_name_as_the_shell_would_insert_it(tmp_path: Path, journal: Path) -> None:
    env = {"RJOURNAL_DB": str(journal)}
    # Escaped for bash: inserted, `Ana\ Lee` is one word, the name as typed.
    assert bash_completes(tmp_path, ["rj", "show", "An"], env) == [
        "Ana\\ Bell",
        "Ana\\ Lee",
        "Ann\\ \\[red\\]\\ O\\'Neil",
    ]
    assert bash_completes(tmp_path, ["rj", "show", "Ana\\ L"], env) == ["Ana\\ Lee"]
    # Case and accents aside, nicknames too; the trash is left out.
    assert bash_completes(tmp_path, ["rj", "log", "zoe"], env) == ["Zoë\\ Ångström"]
    assert bash_completes(tmp_path, ["rj", "log", "nan"], env) == ["Ana\\ Lee"]
    assert bash_completes(tmp_path, ["rj", "show", "gone"], env) == []
    # --with, and --db given on the line (after the command word) instead of the variable.
    assert bash_completes(tmp_path, ["rj", "log", "bob", "hi", "--with", "b"], env) == [
        "Bob\\ Stone"
    ]
    on_line = ["rj", "merge", "--db", str(journal), "bob", "Z"]
    assert bash_completes(tmp_path, on_line) == ["Zoë\\ Ångström"]


@needs_bash
@needs_rj
def test_the_inserted_name_reads_back_as_the_name(tmp_path: Path, journal: Path) -> None:
    """What bash would insert, read back by bash as a word, is exactly the name."""
    assert BASH is not None
    (inserted,) = bash_completes(tmp_path, ["rj", "show", "Ann"], {"RJOURNAL_DB": str(journal)})
    echoed = subprocess.run(
        [BASH, "--norc", "-c", f"printf %s {inserted}"], capture_output=True, text=True, check=True
    )
    assert echoed.stdout == "Ann [red] O'Neil"


@needs_bash
@needs_rj
def test_completion_never_creates_a_journal(tmp_path: Path) -> None:
    assert bash_completes(tmp_path, ["rj", "show", "a"]) == []
    missing = tmp_path / "missing.db"
    assert bash_completes(tmp_path, ["rj", "--db", str(missing), "show", "a"]) == []
    assert not missing.exists()
    assert not (tmp_path / "xdg-data").exists()


@needs_bash
@needs_rj
def test_a_file_that_is_not_a_journal_completes_nothing(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("not a journal")
    assert bash_completes(tmp_path, ["rj", "--db", str(notes), "show", "a"]) == []
    assert notes.read_text() == "not a journal"


@pytest.mark.parametrize(
    ("shell", "holds"),
    [
        ("bash", "complete -o nosort -F _rj_completion rj"),
        ("zsh", "compdef _rj_completion rj"),
        ("fish", "complete --no-files --command rj"),
    ],
)
def test_rj_completion_prints_the_script(shell: str, holds: str) -> None:
    result = CliRunner().invoke(main, ["completion", shell])
    assert result.exit_code == 0, result.stderr
    assert holds in result.stdout
    assert "_RJ_COMPLETE" in result.stdout


def test_rjournal_completion_completes_rjournal() -> None:
    result = CliRunner().invoke(main, ["completion", "zsh"], prog_name="rjournal")
    assert "compdef _rjournal_completion rjournal" in result.stdout
    assert "_RJOURNAL_COMPLETE" in result.stdout


def test_an_unknown_shell_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["completion", "tcsh"])
    assert result.exit_code == 2
    assert result.stderr.startswith("rj: invalid value for 'SHELL': 'tcsh' is not one of")


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("Ana Lee", "Ana\\ Lee"),
        ("Zoë Ångström", "Zoë\\ Ångström"),
        ("O'Neil & Sons; $HOME `x` *", "O\\'Neil\\ \\&\\ Sons\\;\\ \\$HOME\\ \\`x\\`\\ \\*"),
        ("a-b_c.d@e+f:g,h%i/j", "a-b_c.d@e+f:g,h%i/j"),
    ],
)
def test_bash_words(name: str, word: str) -> None:
    assert bash_word(name) == word
