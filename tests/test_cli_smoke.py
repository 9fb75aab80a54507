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


def test_several_recordings_get_their_own_output_files(tmp_path):
    import glob

    root = __import__("pathlib").Path(__file__).resolve().parents[1]
    recs = sorted(glob.glob(str(root / "recordings" / "squat-bar-*.csv")))[:2]
    assert len(recs) == 2
    out = tmp_path / "s.jsonl"
    r = CliRunner().invoke(cli, ["replay", *recs, "--format", "csv", "--to", f"jsonl:{out}"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "s-1.jsonl").exists() and (tmp_path / "s-2.jsonl").exists()
    assert not out.exists()
