"""``council-qa users``: add, change and remove staff accounts, so nobody edits hashes by hand.

The password never comes from the command line (it would stay in the shell history and be
visible to every user in ``ps``): it is asked for twice on a terminal, or read as one line
from standard input for scripts (``printf '%s\\n' "$PW" | council-qa users add mueller``).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from council_qa.auth.accounts import AUTH_ENV, AccountsError, auth_path, load, remove_account, save_account


def _fail(message: str) -> int:
    print(f"council-qa users: {message}", file=sys.stderr)
    return 2


def _password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Passwort / password: ")
        if getpass.getpass("Noch einmal / again: ") != first:
            raise AccountsError("the two passwords differ")
        return first
    line = sys.stdin.readline()
    if not line:
        raise AccountsError("no password on standard input")
    return line.removesuffix("\n").removesuffix("\r")


def cmd_users(args: argparse.Namespace) -> int:
    path = auth_path(args.auth)
    if path is None:
        return _fail(f"no accounts file: pass --auth FILE or set ${AUTH_ENV}")
    try:
        if args.action == "add":
            created = save_account(path, args.username, _password(), args.name)
            print(f"{'added' if created else 'updated'} {args.username} in {path}")
        elif args.action == "remove":
            remove_account(path, args.username)
            print(f"removed {args.username} from {path}")
        else:
            for account in load(path).values():
                print(f"{account.username}\t{account.name}")
    except AccountsError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{path}: {exc}")
    return 0


def register(subparsers: Any) -> None:
    """Add the ``users`` subparser to ``subparsers`` (from ``ArgumentParser.add_subparsers``)."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "users",
        help="manage the staff accounts of the app",
        description="Staff accounts for `council-qa app --auth FILE`; passwords are stored as bcrypt hashes.",
    )
    actions = p.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add an account or set its password (asked for, or one line on stdin)")
    add.add_argument("username")
    add.add_argument("--name", help="the name the app shows (default: kept, or the user name)")
    remove = actions.add_parser("remove", help="delete an account")
    remove.add_argument("username")
    listing = actions.add_parser("list", help="user names and names, no hashes")
    for q in (add, remove, listing):
        q.add_argument("--auth", help=f"accounts file (default: ${AUTH_ENV})")
    p.set_defaults(func=cmd_users)
