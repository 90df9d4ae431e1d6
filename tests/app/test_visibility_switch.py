"""Staff switch a paper between public and non-public in the library; a public session follows at once.

Two real sessions in AppTest on one index and one accounts file: staff signed in on the
library, the public asking in the chat and reading the lists. Nothing is restarted between
the switch and the public session's next click.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from council_qa import cli
from council_qa.auth.accounts import save_account
from council_qa.index import snapshot
from tests.app.conftest import AppFactory
from tests.app.test_app_flows import answers, ask, ok, plain
from tests.app.test_app_signin import cited, sign_in
from tests.conftest import TEST_MEMOS

MEMO = TEST_MEMOS / "2019-06-24_Beschlusskontrolle_A0075-17_Wohnungslosenhilfe.txt"  # public ("☐ vertraulich")
PAPER = "A0075/17"
QUESTION = "Wie viele Notübernachtungsplätze stehen zur Verfügung?"  # answered only by the paper
SECRETS = ("Stollberg", "94")  # words of its answer
USER, PASSWORD = "mueller", "Rathaus-Zwickau 2026"


@pytest.fixture
def two_public(app_index: Path, tmp_path: Path) -> Path:
    root = tmp_path / "index"
    shutil.copytree(app_index, root, ignore=shutil.ignore_patterns("write.lock"))
    assert cli.main(["ingest", str(MEMO), "--index", str(root)]) == 0
    assert {d.visibility for d in snapshot.load(root).documents.values()} == {"public"}
    return root


def paper_id(root: Path) -> str:
    return next(d.document_id for d in snapshot.load(root).documents.values() if d.resolution == PAPER)


def public_sees(at: AppTest) -> dict[str, object]:
    """What the public session shows of the paper after one more question: answers, lists, counts."""
    at = ok(at.switch_page("views/chat.py").run())
    at.sidebar.button(key="new-chat").click()  # only this question's answer counts
    at = ask(ok(at.run()), QUESTION)
    seen: dict[str, object] = {
        "cited": PAPER in cited(at),
        "words": any(word in answers(at)[-1] for word in SECRETS),
        "count": int(at.sidebar.metric[0].value),
    }
    at = ok(at.switch_page("views/library.py").run())
    seen["library"] = PAPER in set(at.dataframe[0].value["Beschluss"])
    at = ok(at.switch_page("views/board.py").run())
    seen["board"] = any(PAPER in plain(m.value) for m in at.markdown)
    return seen


def switch(staff: AppTest, doc_id: str, button: str) -> AppTest:
    staff.selectbox(key="visibility-choice").select(doc_id)
    staff = ok(staff.run())
    assert staff.button(key="visibility-set").label == button
    staff.button(key="visibility-set").click()
    return ok(staff.run())


def test_paper_switched_to_internal_vanishes_for_the_public_and_comes_back(
    start_app: AppFactory, two_public: Path, tmp_path: Path
) -> None:
    accounts = tmp_path / "accounts.yaml"
    save_account(accounts, USER, PASSWORD, "Petra Müller")
    doc_id = paper_id(two_public)
    public = ok(start_app(two_public, auth=accounts))
    staff = sign_in(ok(start_app(two_public, auth=accounts)), USER, PASSWORD)
    staff = ok(staff.switch_page("views/library.py").run())

    visible = {"cited": True, "words": True, "count": 2, "library": True, "board": True}
    assert public_sees(public) == visible
    column = dict(zip(staff.dataframe[0].value["Beschluss"], staff.dataframe[0].value["Sichtbarkeit"], strict=True))
    assert column[PAPER] == "öffentlich"  # staff's words, not the stored value

    staff = switch(staff, doc_id, "Nicht öffentlich machen")
    assert [plain(s.value) for s in staff.success] == [f"„{MEMO.name}“ ist jetzt nicht öffentlich."]
    column = dict(zip(staff.dataframe[0].value["Beschluss"], staff.dataframe[0].value["Sichtbarkeit"], strict=True))
    assert column[PAPER] == "nicht öffentlich"
    assert snapshot.load(two_public).documents[doc_id].visibility == "internal"
    hidden = {"cited": False, "words": False, "count": 1, "library": False, "board": False}
    assert public_sees(public) == hidden  # at the public session's next click, no restart

    staff = switch(staff, doc_id, "Öffentlich machen")
    assert [plain(s.value) for s in staff.success] == [f"„{MEMO.name}“ ist jetzt öffentlich."]
    assert public_sees(public) == visible


def test_visibility_words_in_english(start_app: AppFactory, two_public: Path) -> None:
    at = ok(ok(start_app(two_public)).switch_page("views/library.py").run())
    at.sidebar.segmented_control[0].set_value("en")
    at = ok(at.run())
    assert set(at.dataframe[0].value["Visibility"]) == {"public"}
    at.selectbox(key="visibility-choice").select(paper_id(two_public))
    at = ok(at.run())
    assert at.button(key="visibility-set").label == "Make non-public"
    at.button(key="visibility-set").click()
    at = ok(at.run())
    assert "not public" in set(at.dataframe[0].value["Visibility"])
