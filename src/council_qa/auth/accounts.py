"""The accounts file: staff user names, display names and bcrypt password hashes, in YAML.

The layout is streamlit-authenticator's ``credentials`` section, so a file made for that
library works here and the other way round::

    credentials:
      usernames:
        mueller:
          name: Petra Müller
          password: $2b$12$...        # bcrypt, made by ``council-qa users add``

Only hashes are ever stored: a password that is not a bcrypt hash makes the whole file
invalid, so a clear-text password typed in by hand stops the app instead of being used.
Other keys (a ``cookie`` section, e-mail addresses, roles) are kept as they are when an
account is added or changed.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bcrypt
import yaml

log = logging.getLogger("council_qa.auth")
AUTH_ENV = "COUNCIL_QA_AUTH"
MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_BYTES = 72  # bcrypt reads no more; a longer password is refused, never silently cut
ROUNDS = 12  # bcrypt's default cost: about 0.3 s a check on one core, which also slows guessing
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
_BCRYPT_HASH = re.compile(r"\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}")


class AccountsError(ValueError):
    """The accounts file cannot be used, or an account cannot be made as asked; says why."""


@dataclass(frozen=True)
class Account:
    username: str
    name: str
    password_hash: str


def auth_path(value: str | None = None) -> Path | None:
    """The accounts file: ``value`` (``--auth``), else ``$COUNCIL_QA_AUTH``, else none (no sign-in)."""
    chosen = value or os.environ.get(AUTH_ENV, "").strip()
    return Path(chosen) if chosen else None


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AccountsError(f"{path}: no such file; add an account with `council-qa users add`") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AccountsError(f"{path}: cannot be read ({exc})") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise AccountsError(f"{path}: not valid YAML ({exc})") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise AccountsError(f"{path}: expected a mapping with a 'credentials' section")
    return data


def _users(data: dict[str, Any], path: Path) -> dict[Any, Any]:
    """The ``credentials.usernames`` mapping of ``data``, created empty where missing."""
    credentials = data.setdefault("credentials", {}) or {}
    if not isinstance(credentials, dict):
        raise AccountsError(f"{path}: 'credentials' must be a mapping")
    data["credentials"] = credentials
    users = credentials.setdefault("usernames", {}) or {}
    if not isinstance(users, dict):
        raise AccountsError(f"{path}: 'credentials.usernames' must be a mapping")
    credentials["usernames"] = users
    return users


def load(path: Path) -> dict[str, Account]:
    """Every account in the file, by user name; raises ``AccountsError`` naming what is wrong."""
    accounts: dict[str, Account] = {}
    for key, entry in _users(_read(path), path).items():
        username = str(key)
        if not isinstance(entry, dict):
            raise AccountsError(f"{path}: account {username!r} must be a mapping")
        password = entry.get("password")
        if not isinstance(password, str) or not _BCRYPT_HASH.fullmatch(password):
            raise AccountsError(
                f"{path}: account {username!r} has no bcrypt hash as its password; "
                f"set one with `council-qa users add {username}`"
            )
        accounts[username] = Account(username, str(entry.get("name") or username), password)
    return accounts


def check_password(password: str) -> None:
    """Refuse passwords bcrypt cannot keep whole, and ones too short to be worth hashing."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountsError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise AccountsError(f"the password must be at most {MAX_PASSWORD_BYTES} bytes long (UTF-8)")


def hash_password(password: str) -> str:
    check_password(password)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(ROUNDS)).decode("ascii")


@functools.cache
def _dummy_hash() -> bytes:
    """A hash to check unknown user names against, so they take as long as a wrong password."""
    return bcrypt.hashpw(b"council-qa: no such account", bcrypt.gensalt(ROUNDS))


def verify(accounts: dict[str, Account], username: str, password: str) -> Account | None:
    """The account if user name and password match, else None.

    An unknown user name costs one bcrypt check like a known one, so the time taken does not
    tell a guesser which of the two was wrong.
    """
    account = accounts.get(username.strip())
    secret = password.encode("utf-8")
    if len(secret) > MAX_PASSWORD_BYTES:  # bcrypt raises on these; no stored password is that long
        return None
    if account is None:
        bcrypt.checkpw(secret, _dummy_hash())
        return None
    return account if bcrypt.checkpw(secret, account.password_hash.encode("ascii")) else None


def _write(path: Path, data: dict[str, Any]) -> None:
    """Replace the file atomically: a reader (the running app) sees the old or the new file, whole.

    A new file is made readable by its owner only; an existing one keeps its mode, so an app
    running as another user that could read it still can.
    """
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o600
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yaml.safe_dump(data, fh, sort_keys=False, allow_unicode=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_account(path: Path, username: str, password: str, name: str | None = None) -> bool:
    """Add the account or set its password (and name, if given); True if it is new.

    The rest of the file, other accounts included, is kept; the file is checked first, so an
    invalid one is reported rather than overwritten.
    """
    if not USERNAME.fullmatch(username):
        raise AccountsError(f"user name {username!r}: use letters, digits and . _ @ - (at most 64)")
    password_hash = hash_password(password)
    data: dict[str, Any] = {}
    if path.exists():
        load(path)  # refuse to touch a file that is already broken
        data = _read(path)
    users = _users(data, path)
    old = users.get(username)
    created = not isinstance(old, dict)
    entry: dict[str, Any] = dict(old) if isinstance(old, dict) else {}
    entry["name"] = name or entry.get("name") or username
    entry["password"] = password_hash
    users[username] = entry
    _write(path, data)
    log.info("%s account %s in %s", "added" if created else "updated", username, path)
    return created


def remove_account(path: Path, username: str) -> None:
    """Delete one account; a session signed in with it falls back to public on its next click."""
    data = _read(path)
    load(path)
    users = _users(data, path)
    if username not in users:
        raise AccountsError(f"{path}: no account {username!r}")
    del users[username]
    _write(path, data)
    log.info("removed account %s from %s", username, path)
