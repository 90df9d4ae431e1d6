"""Staff accounts: ``council-qa users`` end to end (real subprocesses) and the file's rules.

What matters for security is checked on the file itself: the password is nowhere in it,
only a bcrypt hash that verifies; a clear-text password typed into the file by hand makes
the file invalid instead of usable; the password is never accepted on the command line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from council_qa.auth.accounts import AccountsError, load, save_account, verify

PASSWORD = "Rathaus-Zwickau 2026"


def users(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "council_qa.cli", "users", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        check=False,
    )


def test_users_add_stores_only_a_bcrypt_hash_that_verifies(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "accounts.yaml"
    done = users("add", "mueller", "--name", "Petra Müller", "--auth", str(path), stdin=f"{PASSWORD}\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"added mueller in {path}"
    text = path.read_text(encoding="utf-8")
    assert PASSWORD not in text and "Rathaus" not in text
    assert path.stat().st_mode & 0o777 == 0o600  # a new file is readable by its owner only
    stored = yaml.safe_load(text)["credentials"]["usernames"]["mueller"]
    assert stored["name"] == "Petra Müller" and stored["password"].startswith("$2b$12$")
    accounts = load(path)
    assert verify(accounts, "mueller", PASSWORD) == accounts["mueller"]
    assert verify(accounts, "mueller", PASSWORD.lower()) is None
    assert verify(accounts, "meier", PASSWORD) is None


def test_users_add_updates_the_password_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "accounts.yaml"
    save_account(path, "mueller", PASSWORD, "Petra Müller")
    save_account(path, "schulz", "anderes Passwort", "Jan Schulz")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["cookie"] = {"name": "kept", "key": "kept", "expiry_days": 0}  # a streamlit-authenticator section
    data["credentials"]["usernames"]["mueller"]["email"] = "p.mueller@example.org"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    path.chmod(0o640)
    before = load(path)

    done = users("add", "mueller", "--auth", str(path), stdin="ein neues Passwort\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"updated mueller in {path}"
    after = load(path)
    assert after["mueller"].password_hash != before["mueller"].password_hash
    assert verify(after, "mueller", "ein neues Passwort") and not verify(after, "mueller", PASSWORD)
    assert after["mueller"].name == "Petra Müller" and after["schulz"] == before["schulz"]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["cookie"]["name"] == "kept" and data["credentials"]["usernames"]["mueller"]["email"]
    assert path.stat().st_mode & 0o777 == 0o640  # an existing file keeps its mode

    listed = users("list", "--auth", str(path))
    assert listed.stdout.splitlines() == ["mueller\tPetra Müller", "schulz\tJan Schulz"]
    assert "$2" not in listed.stdout


def test_password_is_never_taken_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "accounts.yaml"
    done = users("add", "mueller", PASSWORD, "--auth", str(path), stdin="")
    assert done.returncode == 2 and "unrecognized arguments" in done.stderr
    assert not path.exists()


@pytest.mark.parametrize(
    ("username", "stdin", "error"),
    [
        ("mueller", "kurz\n", "at least 8 characters"),
        ("mueller", "ä" * 37 + "\n", "at most 72 bytes"),  # bcrypt would ignore the rest
        ("mueller", "", "no password on standard input"),
        ("p mueller", f"{PASSWORD}\n", "user name 'p mueller'"),
    ],
)
def test_bad_accounts_are_refused_and_the_file_is_left_alone(
    tmp_path: Path, username: str, stdin: str, error: str
) -> None:
    path = tmp_path / "accounts.yaml"
    save_account(path, "schulz", "anderes Passwort")
    before = path.read_bytes()
    done = users("add", username, "--auth", str(path), stdin=stdin)
    assert done.returncode == 2 and error in done.stderr, done.stderr
    assert path.read_bytes() == before


def test_users_remove(tmp_path: Path) -> None:
    path = tmp_path / "accounts.yaml"
    save_account(path, "mueller", PASSWORD)
    save_account(path, "schulz", "anderes Passwort")
    assert users("remove", "mueller", "--auth", str(path)).returncode == 0
    assert set(load(path)) == {"schulz"}
    again = users("remove", "mueller", "--auth", str(path))
    assert again.returncode == 2 and "no account 'mueller'" in again.stderr


def test_a_clear_text_password_in_the_file_is_refused_everywhere(tmp_path: Path) -> None:
    path = tmp_path / "accounts.yaml"
    path.write_text("credentials:\n  usernames:\n    mueller:\n      password: geheim123\n", encoding="utf-8")
    with pytest.raises(AccountsError, match="no bcrypt hash"):
        load(path)
    listed = users("list", "--auth", str(path))
    assert listed.returncode == 2 and "users add mueller" in listed.stderr
    added = users("add", "schulz", "--auth", str(path), stdin=f"{PASSWORD}\n")  # would keep the clear text
    assert added.returncode == 2 and "geheim123" in path.read_text(encoding="utf-8")


def test_app_will_not_start_on_a_broken_or_empty_accounts_file(tmp_path: Path) -> None:
    """Checked before Streamlit starts: these runs fail fast instead of serving anything."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("credentials: [", encoding="utf-8")
    empty = tmp_path / "empty.yaml"
    empty.write_text("credentials:\n  usernames: {}\n", encoding="utf-8")
    good = tmp_path / "good.yaml"
    save_account(good, "mueller", PASSWORD)
    for path, error in (
        (broken, "not valid YAML"),
        (empty, "no accounts"),
        (tmp_path / "missing.yaml", "no such file"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "council_qa.cli", "app", "--auth", str(path), "--index", str(tmp_path)],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 2 and error in done.stderr, (path, done.stderr)
    mixed = subprocess.run(
        [sys.executable, "-m", "council_qa.cli", "app", "--auth", str(good), "--visibility", "public"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert mixed.returncode == 2 and "--visibility does not go with an accounts file" in mixed.stderr
