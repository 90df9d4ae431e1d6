"""The sentences answers are made of, in German and English."""

from __future__ import annotations

from datetime import date

from council_qa.answer.question import Language
from council_qa.ingest.dates import MONTH_NAMES
from council_qa.types import Status

STATUS_WORDS: dict[Language, dict[Status, str]] = {
    "de": {
        "fulfilled": "erfüllt",
        "partially_fulfilled": "teilweise erfüllt",
        "in_progress": "in Bearbeitung",
        "not_fulfilled": "nicht erfüllt",
        "obsolete": "erledigt",
        "unknown": "ohne Angabe",
    },
    "en": {
        "fulfilled": "fulfilled",
        "partially_fulfilled": "partially fulfilled",
        "in_progress": "in progress",
        "not_fulfilled": "not fulfilled",
        "obsolete": "obsolete",
        "unknown": "not reported",
    },
}
MONTHS_DE = MONTH_NAMES
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def clause_name(label: str, resolution: str | None, lang: Language) -> str:
    if lang == "en":
        return f"Clause {label}" + (f" of {resolution}" if resolution else "")
    return f"Beschlusspunkt {label}" + (f" der {resolution}" if resolution else "")


def status_sentence(label: str, resolution: str | None, status: Status, has_verdict: bool, lang: Language) -> str:
    name = clause_name(label, resolution, lang)
    word = STATUS_WORDS[lang][status]
    if lang == "en":
        if status == "fulfilled":
            return f"Yes. {name} is reported as fulfilled."
        if status == "in_progress" and not has_verdict:
            return f"{name} is not reported as fulfilled; the memo reports progress (in progress):"
        if status == "unknown":
            return f"The memo reports nothing on {name[0].lower()}{name[1:]}."
        return f"{name} is reported as {word}."
    if status == "fulfilled":
        return f"Ja. {name} ist als erfüllt gemeldet."
    if status == "in_progress" and not has_verdict:
        return f"{name} ist nicht als erfüllt gemeldet; der Bericht beschreibt den Stand (in Bearbeitung):"
    if status == "unknown":
        return f"Zu {name} enthält die Beschlusskontrolle keinen Bericht."
    return f"{name} ist als {word} gemeldet."


def paper_name(number: str | None, source: str, iso: str | None, lang: Language) -> str:
    """ "Bericht B 519 vom 14.06.2024": a report as a clerk names it, by number and date."""
    name = number or source
    if iso is None:
        return name
    d = date.fromisoformat(iso)
    return f"{name} of {d.day} {MONTHS_EN[d.month - 1]} {d.year}" if lang == "en" else f"{name} vom {d:%d.%m.%Y}"


def report_history(
    current: str, earlier: str | None, earlier_status: Status | None, confirmed_by: str | None, lang: Language
) -> str:
    """Where several reports covered a point: which one the status is from, a newer one that only
    confirmed it ("unverändert"), and the earlier one that said otherwise."""
    if lang == "en":
        out = f"(Status as of report {current}"
        if confirmed_by:
            out += f", confirmed as unchanged by the later report {confirmed_by}"
        if earlier and earlier_status:
            out += f"; the earlier report {earlier} said: {STATUS_WORDS['en'][earlier_status]}"
        return out + ".)"
    out = f"(Stand des Berichts {current}"
    if confirmed_by:
        out += f", vom späteren Bericht {confirmed_by} als unverändert bestätigt"
    if earlier and earlier_status:
        out += f"; der frühere Bericht {earlier} meldete: {STATUS_WORDS['de'][earlier_status]}"
    return out + ".)"


def long_date(iso: str, lang: Language) -> str:
    d = date.fromisoformat(iso)
    if lang == "en":
        return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year} ({iso})"
    return f"{d.day}. {MONTHS_DE[d.month - 1]} {d.year} ({d.day:02d}.{d.month:02d}.{d.year})"


def label_ranges(labels: list[str]) -> str:
    """ "1, 1a, 1b, 1c, 2" → "1, 1a–1c, 2": how a clerk lists clauses."""
    out: list[str] = []
    i = 0
    while i < len(labels):
        j = i
        while (
            j + 1 < len(labels)
            and labels[j][:-1] == labels[j + 1][:-1]
            and labels[j][-1:].isalpha()
            and labels[j + 1][-1:].isalpha()
            and ord(labels[j + 1][-1]) == ord(labels[j][-1]) + 1
        ):
            j += 1
        out.append(labels[i] if j - i < 2 else f"{labels[i]}–{labels[j]}")
        if 0 < j - i < 2:
            out.extend(labels[i + 1 : j + 1])
        i = j + 1
    return ", ".join(out)


NOT_FOUND = {
    "de": "Dazu enthalten die Dokumente keine Angabe.",
    "en": "The documents do not say anything about this.",
}
EMPTY_INDEX = {
    "de": "Es sind noch keine Dokumente indexiert. Laden Sie zuerst Dokumente hoch.",
    "en": "No documents are indexed yet. Upload documents first.",
}


def row_status_sentence(
    resolution: str, subject: str, status: Status, paper: str, lang: Language, point: str | None = None
) -> str:
    """What a row of a tabular Beschlusskontrolle says of a resolution, or of one of its points
    where the table lists them: its status, and which table says so."""
    about = f"{resolution} ({subject})" if subject else resolution
    word = STATUS_WORDS[lang][status]
    if lang == "en":
        what = f"clause {point} of resolution {about}" if point else f"resolution {about}"
        if status == "unknown":
            return f"The Beschlusskontrolle {paper} lists {what} without a status."
        return f"The Beschlusskontrolle {paper} reports {what} as {word}:"
    what = f"Beschlusspunkt {point} des Beschlusses {about}" if point else f"den Beschluss {about}"
    if status == "unknown":
        return f"Die Beschlusskontrolle {paper} führt {what} ohne Angabe zum Stand."
    return f"Die Beschlusskontrolle {paper} meldet {what} als {word}:"


def clause_text_lead(label: str, resolution: str, lang: Language) -> str:
    """Before a clause's own text, where its status comes from a row on the whole resolution."""
    if lang == "en":
        return f"Clause {label} of {resolution} reads:"
    return f"Beschlusspunkt {label} der {resolution} lautet:"
