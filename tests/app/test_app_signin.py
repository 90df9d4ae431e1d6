"""Public mode and staff sign-in, in Streamlit's AppTest: real app, real index, real accounts file.

The index holds the public memos and one confidential memo (V0533/20, "☒ vertraulich"). A
question that memo answers must get no citation of it, and none of its words, until staff
sign in, in this browser session only; signing out must drop everything seen while signed in.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from council_qa import cli
from council_qa.app.signin import LOCK_SECONDS, MAX_FAILURES, Throttle
from council_qa.auth.accounts import remove_account, save_account
from council_qa.index import snapshot
from tests.app.conftest import AppFactory
from tests.app.test_app_flows import answers, ask, ok, plain
from tests.conftest import TEST_MEMOS

MEMO = TEST_MEMOS / "2020-11-05_Beschlusskontrolle_V0533-20_Kitaplaetze.txt"
INTERNAL = "V0533/20"
QUESTION = "Ist Beschlusspunkt 3 der V0533/20 erfüllt?"
SECRETS = ("Sonnenkäfer", "Kindertagespflege", "Planitz")  # words of the memo no public paper has
USER, NAME, PASSWORD = "mueller", "Petra Müller", "Rathaus-Zwickau 2026"
FAILED = "Anmeldung fehlgeschlagen: Benutzername oder Passwort ist falsch."


@pytest.fixture(scope="module")
def mixed_index(app_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app's index plus the confidential memo, ingested by the CLI (detected as internal)."""
    root = tmp_path_factory.mktemp("signin") / "index"
    shutil.copytree(app_index, root, ignore=shutil.ignore_patterns("write.lock"))
    assert cli.main(["ingest", str(MEMO), "--index", str(root)]) == 0
    docs = snapshot.load(root).documents.values()
    assert [d.visibility for d in docs if d.resolution == INTERNAL] == ["internal"]
    assert any(d.visibility == "public" for d in docs)
    return root


@pytest.fixture(scope="module")
def public_count(mixed_index: Path) -> int:
    return sum(d.visibility == "public" for d in snapshot.load(mixed_index).documents.values())


@pytest.fixture
def accounts(tmp_path: Path) -> Path:
    path = tmp_path / "accounts.yaml"
    save_account(path, USER, PASSWORD, NAME)
    return path


def cited(at: AppTest) -> set[str]:
    """Resolutions cited by any answer on screen: the answers' citations and the chips' labels."""
    turns = at.session_state["turns"] if "turns" in at.session_state else []  # noqa: SIM401 (has no .get)
    from_answers = {c.resolution or c.source for turn in turns if turn.answer for c in turn.answer.citations}
    chips = {plain(b.label).split(" · ")[0] for b in at.button if b.key and b.key.startswith("cite-")}
    return from_answers | chips


def leaked(at: AppTest) -> list[str]:
    """What of the confidential memo is on screen: a citation of it, or its words in an answer.

    Its number alone may appear: the question names it, and the answer may say it is not found.
    """
    text = " ".join(answers(at))
    return [word for word in SECRETS if word in text] + [f"cites {r}" for r in cited(at) if r == INTERNAL]


def sign_in(at: AppTest, user: str, password: str) -> AppTest:
    at.sidebar.text_input(key="signin-user").set_value(user)
    at.sidebar.text_input(key="signin-password").set_value(password)
    at.sidebar.button(key="sign-in").click()
    return ok(at.run())


def signed_in_as(at: AppTest) -> str | None:
    captions = (plain(c.value).replace("**", "") for c in at.sidebar.caption)
    return next((c for c in captions if c.startswith("Angemeldet als")), None)


def errors(at: AppTest) -> list[str]:
    return [plain(e.value) for e in at.sidebar.error]


def test_public_until_staff_sign_in(
    start_app: AppFactory, mixed_index: Path, accounts: Path, public_count: int
) -> None:
    at = ok(start_app(mixed_index, auth=accounts))
    assert signed_in_as(at) is None and at.sidebar.text_input(key="signin-password")
    assert at.sidebar.metric[0].value == str(public_count)  # the confidential memo is not even counted
    at = ask(at, QUESTION)
    assert not leaked(at), answers(at)
    at = ok(at.switch_page("views/library.py").run())
    assert INTERNAL not in set(at.dataframe[0].value["Beschluss"])
    assert not at.file_uploader and "öffentlichen Ansicht" in at.info[-1].value

    at = sign_in(at, USER, PASSWORD)
    assert signed_in_as(at) == f"Angemeldet als {NAME}: alle Dokumente, auch nichtöffentliche"
    assert not at.sidebar.text_input and not errors(at)
    assert at.sidebar.metric[0].value == str(public_count + 1)
    assert INTERNAL in set(at.dataframe[0].value["Beschluss"]) and at.file_uploader  # upload and removal
    at = ok(at.switch_page("views/chat.py").run())
    at = ask(at, QUESTION)
    assert INTERNAL in cited(at) and "Beschlusspunkt 3" in answers(at)[-1]


def test_wrong_password_or_unknown_user_stays_public_and_says_so(
    start_app: AppFactory, mixed_index: Path, accounts: Path
) -> None:
    at = ok(start_app(mixed_index, auth=accounts))
    at = sign_in(at, USER, PASSWORD + "x")
    assert errors(at) == [FAILED] and signed_in_as(at) is None
    assert at.sidebar.text_input(key="signin-password").value == ""  # the typed password is not kept
    at = sign_in(at, "meier", PASSWORD)
    assert errors(at) == [FAILED]  # the same words: nothing tells which part was wrong
    at = ask(at, QUESTION)
    assert not leaked(at), answers(at)
    assert "staff_account" not in at.session_state
    at.sidebar.segmented_control[0].set_value("en")
    at = sign_in(ok(at.run()), USER, "wrong-wrong")
    assert errors(at) == ["Sign-in failed: wrong user name or password."]
    assert at.sidebar.button(key="sign-in").label == "Sign in"


def test_sign_out_returns_to_public_and_clears_the_conversation(
    start_app: AppFactory, mixed_index: Path, accounts: Path
) -> None:
    at = ask(sign_in(ok(start_app(mixed_index, auth=accounts)), USER, PASSWORD), QUESTION)
    assert INTERNAL in cited(at)
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("cite-"))).click()
    at = ok(at.run())  # the cited source is open beside the chat
    at.sidebar.button(key="sign-out").click()
    at = ok(at.run())
    assert not at.chat_message and at.session_state["turns"] == []
    assert signed_in_as(at) is None and at.sidebar.text_input(key="signin-user")
    assert [plain(i.value) for i in at.sidebar.info] == ["Abgemeldet. Die Unterhaltung wurde geleert."]
    assert not any(INTERNAL in h.value or "Sonnenkäfer" in h.value for h in at.html)  # the viewer is closed
    at = ask(at, QUESTION)
    assert not leaked(at), answers(at)


def test_sign_in_is_per_browser_session(start_app: AppFactory, mixed_index: Path, accounts: Path) -> None:
    staff = sign_in(ok(start_app(mixed_index, auth=accounts)), USER, PASSWORD)
    visitor = ask(ok(start_app(mixed_index, auth=accounts)), QUESTION)  # same process, same cached answerers
    assert not leaked(visitor), answers(visitor)
    staff = ask(staff, QUESTION)
    assert INTERNAL in cited(staff)


def test_a_removed_account_ends_its_sessions(start_app: AppFactory, mixed_index: Path, accounts: Path) -> None:
    at = ask(sign_in(ok(start_app(mixed_index, auth=accounts)), USER, PASSWORD), QUESTION)
    assert INTERNAL in cited(at)
    save_account(accounts, "schulz", "anderes Passwort")
    remove_account(accounts, USER)
    at = ok(at.run())  # the next click
    assert not at.chat_message and signed_in_as(at) is None
    assert "Konto geändert oder entfernt" in plain(at.sidebar.info[0].value)


def test_repeated_failures_lock_the_session_out(start_app: AppFactory, mixed_index: Path, accounts: Path) -> None:
    at = ok(start_app(mixed_index, auth=accounts))
    for _ in range(MAX_FAILURES - 1):
        at = sign_in(at, USER, "falsch-falsch")
        assert errors(at) == [FAILED]
    at = sign_in(at, USER, "falsch-falsch")
    assert errors(at)[0].startswith("Zu viele Fehlversuche. Bitte in ")
    at = sign_in(at, USER, PASSWORD)  # even the right password is not checked while locked
    assert errors(at)[0].startswith("Zu viele Fehlversuche.") and signed_in_as(at) is None


def test_an_unreadable_accounts_file_means_public_without_sign_in(
    start_app: AppFactory, mixed_index: Path, accounts: Path
) -> None:
    at = sign_in(ok(start_app(mixed_index, auth=accounts)), USER, PASSWORD)
    accounts.write_text("credentials: [", encoding="utf-8")
    at = ok(at.run())
    assert signed_in_as(at) is None and not at.sidebar.text_input
    assert errors(at) == ["Anmeldung derzeit nicht möglich; Einzelheiten stehen im Server-Protokoll."]
    at = ask(at, QUESTION)
    assert not leaked(at), answers(at)


def test_throttle_locks_after_max_failures_and_doubles() -> None:
    throttle = Throttle()
    for _ in range(MAX_FAILURES - 1):
        throttle = throttle.failed(now=100.0)
        assert throttle.wait(100.0) == 0
    throttle = throttle.failed(now=100.0)
    assert throttle.wait(100.0) == LOCK_SECONDS and throttle.wait(100.0 + LOCK_SECONDS) == 0
    for _ in range(MAX_FAILURES):
        throttle = throttle.failed(now=1000.0)
    assert throttle.wait(1000.0) == 2 * LOCK_SECONDS
