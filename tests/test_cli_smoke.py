from click.testing import CliRunner

from repcount.cli import cli


def test_help_lists_replay():
    r = CliRunner().invoke(cli, ["--help"])
    assert r.exit_code == 0
    assert "replay" in r.output


def test_missing_file_is_one_line_error(tmp_path):
    r = CliRunner().invoke(cli, ["replay", str(tmp_path / "nope.csv")])
    assert r.exit_code != 0
    assert "Traceback" not in r.output
