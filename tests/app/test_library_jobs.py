"""An ingest started in the library runs as a job: progress, leaving and coming back, "Abbrechen".

Real app in AppTest, real job thread, real model and index. The second of three files is long
enough (~100 KB of text, about half a minute of embedding on 2 cores) that the stop reaches it
while it is being read or embedded.
"""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from council_qa.app import jobs
from council_qa.index import snapshot
from tests.app.conftest import AppFactory
from tests.app.test_app_flows import ok, plain
from tests.conftest import TEST_MEMOS

FIRST = TEST_MEMOS / "2022-02-17_Beschlusskontrolle_A0198-16_Sportstaetten.txt"
LAST = TEST_MEMOS / "2022-03-02_Beschlusskontrolle_V0640-20_Stadtbaeume.txt"
LONG = "2023-01-01_Sachstandsbericht_Quartiere.txt"


def long_report() -> bytes:
    """A plain report of ~900 distinct sentences in paragraphs: slow to embed, nothing to reject."""
    districts = ("Altstadt", "Nordstadt", "Weinhübel", "Königshufen", "Rauschwalde", "Biesnitz")
    paragraphs = []
    for p in range(180):
        sentences = [
            f"Im Quartier {districts[(p + s) % len(districts)]} wurden bis zum Jahr {2019 + s} insgesamt "
            f"{p * 7 + s * 3} Maßnahmen der Nummer {p}-{s} abgeschlossen und mit dem Ortsbeirat besprochen."
            for s in range(5)
        ]
        paragraphs.append(" ".join(sentences))
    return ("Sachstandsbericht zur Quartiersentwicklung\n\n" + "\n\n".join(paragraphs) + "\n").encode()


def wait_for(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def messages(at: AppTest) -> list[str]:
    return [plain(m.value) for kind in (at.success, at.info, at.error) for m in kind]


def test_ingest_runs_as_a_job_with_progress_leave_and_return_and_cancel(start_app: AppFactory, own_index: Path) -> None:
    at = ok(ok(start_app(own_index)).switch_page("views/library.py").run())
    before = {d.source for d in snapshot.load(own_index).documents.values()}
    at.file_uploader[0].set_value(
        [
            (FIRST.name, FIRST.read_bytes(), "text/plain"),
            (LONG, long_report(), "text/plain"),
            (LAST.name, LAST.read_bytes(), "text/plain"),
        ]
    )
    at = ok(at.run())
    at.button(key="ingest").click()
    at = ok(at.run())  # returns at once: the script thread does not wait for the ingest
    job = jobs.RUNNER.get(at.session_state["ingest_job"])
    assert job is not None and not job.progress().finished
    assert at.button(key="ingest").disabled and at.button(key="ingest-cancel")

    wait_for(lambda: job.progress().current == LONG, 120, "the first file to be committed")
    at = ok(at.switch_page("views/chat.py").run())  # away: the job goes on without the page
    assert job.progress().current == LONG
    at = ok(at.switch_page("views/library.py").run())  # back: the progress is there again
    assert plain(at.progress[0].text) == f"{LONG} wird gelesen (2/3) …"
    assert at.progress[0].value == 33

    at.button(key="ingest-cancel").click()
    stopped = time.monotonic()
    at = ok(at.run())
    job.join(120)
    progress = job.progress()
    print(f"cancel to stop: {time.monotonic() - stopped:.1f} s")
    assert progress.state == "cancelled" and progress.added == (FIRST.name,)
    assert [r.outcome for r in progress.results] == ["added", "cancelled", "cancelled"]

    at = ok(at.run())
    shown = messages(at)
    assert f"{FIRST.name}: aufgenommen" in shown
    assert f"Einlesen abgebrochen. Bereits aufgenommen: {FIRST.name}." in shown
    assert not at.progress and "ingest-cancel" not in {b.key for b in at.button}
    assert not [c for c in at.caption if "eingelesen" in c.value]  # no "busy" note: changes are open again
    after = {d.source for d in snapshot.load(own_index).documents.values()}
    assert after == before | {FIRST.name}  # the stopped file and the one after it left no trace
    at = ok(at.run())
    assert not messages(at)  # told once


def test_a_finished_job_is_reported_when_the_session_comes_back(start_app: AppFactory, own_index: Path) -> None:
    at = ok(ok(start_app(own_index)).switch_page("views/library.py").run())
    at.file_uploader[0].set_value((FIRST.name, FIRST.read_bytes(), "text/plain"))
    at = ok(at.run())
    at.button(key="ingest").click()
    at = ok(at.run())
    at = ok(at.switch_page("views/board.py").run())  # away while it runs and ends
    job = jobs.RUNNER.get(at.session_state["ingest_job"])
    assert job is not None
    job.join(120)
    at = ok(at.switch_page("views/library.py").run())
    assert f"{FIRST.name}: aufgenommen" in messages(at)
    assert FIRST.name in set(at.dataframe[0].value["Datei"])
