"""English council vocabulary in German, so English questions find German evidence by word.

The dense model bridges the languages for ranking, but evidence checks (does the passage
cover what was asked, does the question name something no paper mentions) work on words.
This is general municipal vocabulary, the kind a council keeps in its own term list; extend
it rather than special-casing questions.
"""

from __future__ import annotations

import re

GLOSSARY: dict[str, str] = {
    # people and bodies
    "city council": "stadtrat ratsversammlung", "council": "stadtrat ratsversammlung",
    "mayor": "bürgermeister oberbürgermeister", "administration": "verwaltung",
    "office": "amt", "department": "amt abteilung", "authority": "behörde",
    "commissioner": "beauftragte", "committee": "ausschuss", "citizens": "bürger",
    "residents": "einwohner anwohner", "people": "personen menschen", "persons": "personen",
    "staff": "mitarbeiter personal", "employees": "mitarbeiter", "volunteers": "ehrenamtliche",
    "migrants": "migranten", "refugees": "flüchtlinge asylsuchende", "asylum seekers": "asylsuchende",
    "engineering firm": "ingenieurbüro", "company": "unternehmen firma", "association": "verein",
    # papers and procedure
    "clause": "beschlusspunkt", "resolution": "beschluss", "decision": "beschluss",
    "report": "bericht", "proposal": "vorschlag vorlage", "draft": "entwurf",
    "concept": "konzept", "plan": "plan", "programme": "programm", "program": "programm",
    "study": "studie", "feasibility study": "machbarkeitsstudie", "analysis": "analyse",
    "published": "veröffentlicht", "publish": "veröffentlicht", "approved": "beschlossen",
    "decided": "beschlossen", "completed": "abgeschlossen fertiggestellt", "finished": "abgeschlossen",
    "delayed": "verzögert verzögerung", "delay": "verzögerung", "deadline": "frist",
    "participation": "beteiligung", "review": "beschlusskontrolle", "signed": "unterzeichnet",
    "session": "sitzung", "website": "internetauftritt internet", "redesign": "neugestaltet",
    "redesigned": "neugestaltet", "translated": "übersetzt", "languages": "sprachen",
    # money
    "budget": "haushalt haushaltsplan", "cost": "kosten", "costs": "kosten", "spent": "ausgegeben investiert",
    "money": "mittel geld", "funding": "förderung fördermittel", "funds": "förderung fördermittel",
    "fund": "förderung", "grant": "zuschuss förderung", "investment": "investition investitionsvolumen",
    "rate": "quote prozent", "share": "anteil", "shares": "anteile genossenschaftsanteilen",
    "euros": "eur euro", "million": "mio",
    # subjects
    "health": "gesundheit gesundheitliche", "health insurers": "krankenkassen", "insurers": "krankenkassen",
    "health insurance": "krankenkasse", "card": "karte versichertenkarten", "care": "pflege versorgung",
    "nursing": "pflege", "counselling": "beratung", "advice": "beratung", "integration": "integration",
    "intercultural": "interkulturell", "foreign languages": "fremdsprachen", "welcome center": "welcome center",
    "registered": "angemeldet", "cycling": "radverkehr", "cycle": "radverkehr", "bicycle": "fahrrad",
    "bicycles": "fahrräder", "bike": "fahrrad", "cycle lanes": "radverkehrsanlagen radwege",
    "infrastructure": "infrastruktur radverkehrsanlagen", "stands": "anlehnbügel stellplätze",
    "parking": "parken stellplätze", "parking fees": "parkgebühren", "garage": "parkhaus",
    "tram": "straßenbahn", "trams": "straßenbahnen", "stop": "haltestelle", "stops": "haltestellen",
    "bus": "bus", "station": "bahnhof", "accessible": "barrierefrei", "road": "straße",
    "school": "schule", "schools": "schulen", "renovation": "sanierung", "renovated": "saniert",
    "building": "gebäude", "buildings": "gebäude", "district": "stadtteil", "hall": "halle",
    "sports": "sport", "swimming pool": "schwimmhalle", "teaching": "unterricht", "lessons": "unterricht",
    "pupils": "schüler", "childcare": "kita kindertagesbetreuung", "kindergarten": "kita",
    "roof": "dach dachfläche", "roofs": "dächer dachflächen", "suitable": "geeignet",
    "solar": "solar photovoltaik", "photovoltaics": "photovoltaik", "photovoltaic": "photovoltaik",
    "installation": "anlage", "installations": "anlagen", "capacity": "leistung", "output": "leistung",
    "climate": "klima", "energy": "energie", "trees": "bäume", "planted": "gepflanzt",
    "homeless": "wohnungslos", "homelessness": "wohnungslosigkeit", "shelter": "unterkunft notunterkunft",
    "housing": "wohnungen wohnraum", "noise": "lärm", "zoo": "zoo", "opening hours": "öffnungszeiten",
    "dog tax": "hundesteuer", "wind turbines": "windkraftanlagen", "kilometres": "kilometer",
    "kilometers": "kilometer", "state": "land landes", "discontinued": "eingestellt",
}  # fmt: skip
_PHRASES = sorted(GLOSSARY, key=len, reverse=True)
_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in _PHRASES) + r")\b", re.IGNORECASE)


def german_terms(question: str) -> list[str]:
    """The German equivalents of the council terms an English question uses, one string each
    (alternatives separated by spaces), in the order they occur."""
    return [GLOSSARY[m.group().lower()] for m in _PATTERN.finditer(question)]


def untranslated(question: str) -> str:
    """The question with its glossary terms taken out (names and unknown words remain)."""
    return _PATTERN.sub(" ", question)
