"""Every word the interface shows, in German (the default) and English.

The council works in German, so German is the default; English is offered for guests. Answer
texts come from the answer engine in the language of the question; only the chrome is here.
"""

from __future__ import annotations

from typing import Literal

from council_qa.answer.templates import STATUS_WORDS
from council_qa.types import Status, Visibility

Lang = Literal["de", "en"]
LANGS: tuple[Lang, ...] = ("de", "en")
LANG_NAMES: dict[Lang, str] = {"de": "Deutsch", "en": "English"}

_TEXTS: dict[str, tuple[str, str]] = {
    # navigation and sidebar
    "nav.chat": ("Chat", "Chat"),
    "nav.board": ("Beschlussstatus", "Resolution status"),
    "nav.library": ("Dokumente", "Documents"),
    "sidebar.language": ("Sprache", "Language"),
    "sidebar.new_chat": ("Neue Unterhaltung", "New conversation"),
    "sidebar.index": ("Index", "Index"),
    "sidebar.documents": ("Dokumente", "Documents"),
    "sidebar.generation": ("Generation", "Generation"),
    "sidebar.public": ("Öffentliche Ansicht: nur öffentliche Dokumente", "Public view: public documents only"),
    # staff sign-in (sidebar)
    "signin.title": ("Anmeldung für Mitarbeitende", "Staff sign-in"),
    "signin.user": ("Benutzername", "User name"),
    "signin.password": ("Passwort", "Password"),
    "signin.submit": ("Anmelden", "Sign in"),
    "signin.failed": (
        "Anmeldung fehlgeschlagen: Benutzername oder Passwort ist falsch.",
        "Sign-in failed: wrong user name or password.",
    ),
    "signin.locked": (
        "Zu viele Fehlversuche. Bitte in {seconds} Sekunden erneut versuchen.",
        "Too many failed attempts. Please try again in {seconds} seconds.",
    ),
    "signin.unavailable": (
        "Anmeldung derzeit nicht möglich; Einzelheiten stehen im Server-Protokoll.",
        "Sign-in is not possible right now; details are in the server log.",
    ),
    "signin.as": (
        "Angemeldet als **{name}**: alle Dokumente, auch nichtöffentliche",
        "Signed in as **{name}**: all documents, non-public ones too",
    ),
    "signin.signout": ("Abmelden", "Sign out"),
    "signin.signed_out": (
        "Abgemeldet. Die Unterhaltung wurde geleert.",
        "Signed out. The conversation was cleared.",
    ),
    "signin.expired": (
        "Ihre Anmeldung gilt nicht mehr (Konto geändert oder entfernt). Die Unterhaltung wurde geleert.",
        "Your sign-in is no longer valid (account changed or removed). The conversation was cleared.",
    ),
    "server_problem": (
        "Das ist gerade nicht möglich; Einzelheiten stehen im Server-Protokoll.",
        "That is not possible right now; details are in the server log.",
    ),
    "loading": ("Lade Sprachmodell und Index …", "Loading language model and index …"),
    "index_error": ("Der Index kann nicht gelesen werden: {error}", "The index cannot be read: {error}"),
    # chat
    "chat.title": ("Fragen zu Stadtratsbeschlüssen", "Questions about council resolutions"),
    "chat.intro": (
        "Fragen Sie nach dem Stand eines Beschlusses. Jede Antwort nennt ihre Quellen; "
        "ein Klick auf eine Quelle zeigt die Textstelle im Dokument.",
        "Ask about the state of a resolution. Every answer names its sources; "
        "click a source to see the passage in the document.",
    ),
    "chat.examples": ("Zum Beispiel:", "For example:"),
    "chat.example1": ("Ist Beschlusspunkt 1c erfüllt?", "Is clause 1c fulfilled?"),
    "chat.example2": ("Welche Beschlusspunkte sind nicht erfüllt?", "Which clauses are not fulfilled?"),
    "chat.example3": ("Wer hat die Beschlusskontrolle unterschrieben?", "Who signed the report?"),
    "chat.placeholder": ("Frage zu den Beschlüssen …", "Ask about the resolutions …"),
    "chat.thinking": ("Suche in den Dokumenten …", "Searching the documents …"),
    "chat.empty_index": (
        "Noch keine Dokumente im Index. Laden Sie unter „Dokumente“ Beschlusskontrollen hoch.",
        "No documents indexed yet. Upload reports on the “Documents” page.",
    ),
    "chat.empty_question": ("Bitte geben Sie eine Frage ein.", "Please type a question."),
    "chat.too_long": (
        "Die Frage ist {length} Zeichen lang; erlaubt sind höchstens {limit}.",
        "The question is {length} characters long; the limit is {limit}.",
    ),
    "chat.error": (
        "Die Frage konnte nicht beantwortet werden: {error}",
        "The question could not be answered: {error}",
    ),
    "chat.internal_error": (
        "Interner Fehler beim Beantworten; Einzelheiten stehen im Server-Protokoll.",
        "Internal error while answering; details are in the server log.",
    ),
    # citations and the source viewer
    "cite.page": ("S. {page}", "p. {page}"),
    "cite.clause": ("Punkt {clause}", "clause {clause}"),
    "cite.ref_clause": ("Beschlusspunkt {clause}", "clause {clause}"),
    "viewer.title": ("Quelle", "Source"),
    "viewer.page_of": ("Seite {page} von {pages}", "Page {page} of {pages}"),
    "viewer.whole": ("Ganzes Dokument", "Whole document"),
    "viewer.original": ("OCR-Original", "OCR original"),
    "viewer.original_help": (
        "Der Text, wie er in der Datei steht, mit allen Lesefehlern; sonst bereinigt wie beim Einlesen.",
        "The text as the file holds it, reading errors and all; otherwise cleaned as on ingest.",
    ),
    "viewer.copy": ("Zitat kopieren", "Copy citation"),
    "viewer.copy_hint": (
        "Quellenangabe zum Einfügen; das Kopier-Symbol erscheint oben rechts im Feld.",
        "A reference ready to paste; the copy icon appears at the field's top right.",
    ),
    "viewer.close": ("Schließen", "Close"),
    "viewer.page_image": ("Seite {page} von {source}", "Page {page} of {source}"),
    "viewer.loading_page": ("Seite wird geladen …", "Loading the page …"),
    "viewer.zoom": ("Vergrößern", "Zoom in"),
    "viewer.ocr_marks": (
        "Gescannte Seite: die Markierung folgt der Texterkennung und kann etwas abweichen.",
        "Scanned page: the marks follow text recognition and may be slightly off.",
    ),
    "viewer.no_marks": (
        "Die Stelle ließ sich auf dem Seitenbild nicht markieren; unten ist sie im Text hervorgehoben.",
        "The passage could not be marked on the page image; it is highlighted in the text below.",
    ),
    "viewer.gone": (
        "Dieses Dokument ist nicht mehr im Index.",
        "This document is no longer in the index.",
    ),
    # status board
    "board.title": ("Beschlussstatus", "Resolution status"),
    "board.intro": (
        "Jeder Beschlusspunkt mit dem Stand laut der jüngsten Beschlusskontrolle.",
        "Every clause with its state according to the latest report.",
    ),
    "board.open_only": ("nur nicht erfüllte", "only unfulfilled"),
    "board.export": ("CSV exportieren", "Export CSV"),
    "board.none": ("Keine Beschlusskontrollen im Index.", "No reports in the index."),
    "board.all_done": ("Keine offenen Beschlusspunkte.", "No open clauses."),
    "board.memo": ("Bericht vom {date}", "Report of {date}"),
    "board.next_review": ("nächste Kontrolle: {date}", "next review: {date}"),
    "board.older": ("frühere Berichte: {dates}", "earlier reports: {dates}"),
    "board.col.clause": ("Punkt", "Clause"),
    "board.col.status": ("Stand", "Status"),
    "board.col.verdict": ("Aussage der Verwaltung", "What the administration reports"),
    "board.col.pages": ("Seiten", "Pages"),
    # library
    "library.title": ("Dokumente", "Documents"),
    "library.count": ("{count} Dokumente im Index", "{count} documents indexed"),
    "library.empty": ("Noch keine Dokumente im Index.", "No documents indexed yet."),
    "library.upload": ("Dokumente hinzufügen", "Add documents"),
    "library.upload_label": (
        "PDF, TXT, MD, DOCX oder HTML, höchstens {limit} MB je Datei",
        "PDF, TXT, MD, DOCX or HTML, at most {limit} MB per file",
    ),
    "library.ingest": ("Indexieren", "Ingest"),
    "library.progress": ("{name} wird gelesen ({done}/{total}) …", "Reading {name} ({done}/{total}) …"),
    "library.progress_done": ("Fertig.", "Done."),
    "library.added": ("{name}: aufgenommen", "{name}: added"),
    "library.replaced": ("{name}: neue Fassung ersetzt die alte", "{name}: new version replaces the old one"),
    "library.skipped": ("{name}: unverändert, schon im Index", "{name}: unchanged, already indexed"),
    "library.rejected": ("{name}: abgelehnt – {reason}", "{name}: rejected – {reason}"),
    "library.failed": ("{name}: nicht aufgenommen – {reason}", "{name}: not added – {reason}"),
    "library.job_cancel": ("Abbrechen", "Cancel"),
    "library.job_cancelling": (
        "Wird abgebrochen … (nach dem laufenden Schritt)",
        "Cancelling … (after the current step)",
    ),
    "library.cancelled": (
        "Einlesen abgebrochen. Bereits aufgenommen: {names}.",
        "Ingest cancelled. Already added: {names}.",
    ),
    "library.cancelled_none": (
        "Einlesen abgebrochen; keine Datei wurde aufgenommen.",
        "Ingest cancelled; no file was added.",
    ),
    "library.job_failed": ("Einlesen fehlgeschlagen: {error}", "Ingest failed: {error}"),
    "library.busy": (
        "Gerade werden Dokumente eingelesen; Änderungen sind möglich, sobald das fertig ist.",
        "Documents are being ingested; changes are possible once that has finished.",
    ),
    "library.visibility": ("Sichtbarkeit ändern", "Change visibility"),
    "library.visibility_pick": ("Dokument", "Document"),
    "library.make_public": ("Öffentlich machen", "Make public"),
    "library.make_internal": ("Nicht öffentlich machen", "Make non-public"),
    "library.visibility_changed": ("„{name}“ ist jetzt {visibility}.", "“{name}” is now {visibility}."),
    "library.remove": ("Dokument entfernen", "Remove a document"),
    "library.remove_pick": ("Dokument", "Document"),
    "library.remove_placeholder": ("Dokument auswählen …", "Choose a document …"),
    "library.remove_button": ("Entfernen …", "Remove …"),
    "library.remove_confirm": (
        "„{name}“ wirklich aus dem Index entfernen? Die Datei selbst bleibt unberührt.",
        "Really remove “{name}” from the index? The file itself is not touched.",
    ),
    "library.remove_yes": ("Ja, entfernen", "Yes, remove"),
    "library.remove_no": ("Abbrechen", "Cancel"),
    "library.removed": ("{name} wurde entfernt.", "{name} was removed."),
    "library.public": (
        "In der öffentlichen Ansicht können keine Dokumente geändert werden.",
        "Documents cannot be changed in the public view.",
    ),
    "col.source": ("Datei", "File"),
    "col.kind": ("Art", "Kind"),
    "col.resolution": ("Beschluss", "Resolution"),
    "col.session": ("Sitzung", "Session"),
    "col.date": ("Datum", "Date"),
    "col.title": ("Titel", "Title"),
    "col.signed_by": ("Unterzeichnet", "Signed by"),
    "col.next_review": ("Nächste Kontrolle", "Next review"),
    "col.pages": ("Seiten", "Pages"),
    "col.clauses": ("Punkte", "Clauses"),
    "col.visibility": ("Sichtbarkeit", "Visibility"),
    "visibility.public": ("öffentlich", "public"),
    "visibility.internal": ("nicht öffentlich", "not public"),
    "col.id": ("ID", "ID"),
    "col.status": ("Stand", "Status"),
    "col.verdict": ("Aussage", "Verdict"),
    "col.clause": ("Punkt", "Clause"),
    "col.clause_text": ("Beschlusstext", "Clause text"),
}


def t(key: str, lang: Lang, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{name}`` placeholders filled from ``values``."""
    de, en = _TEXTS[key]
    text = de if lang == "de" else en
    return text.format(**values) if values else text


def visibility_word(visibility: Visibility, lang: Lang) -> str:
    """``öffentlich`` / ``nicht öffentlich``: how staff speak of a paper, not the stored value."""
    return t(f"visibility.{visibility}", lang)


def status_word(status: Status, lang: Lang) -> str:
    """The status as the answers word it, so board, chips and answers agree."""
    return STATUS_WORDS[lang][status]


def format_date(iso: str | None, lang: Lang) -> str:
    """ISO dates as a German reader expects them (25.01.2021); English keeps ISO."""
    if not iso:
        return "—"
    if lang == "de" and len(iso) == 10 and iso[4] == "-" and iso[7] == "-":
        return f"{iso[8:10]}.{iso[5:7]}.{iso[0:4]}"
    return iso
