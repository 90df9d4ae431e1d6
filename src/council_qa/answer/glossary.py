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
    "pupils": "schüler schulkinder kinder", "childcare": "kita kindertagesbetreuung", "kindergarten": "kita",
    "roof": "dach dachfläche", "roofs": "dächer dachflächen", "suitable": "geeignet",
    "solar": "solar photovoltaik", "photovoltaics": "photovoltaik", "photovoltaic": "photovoltaik",
    "installation": "anlage", "installations": "anlagen", "capacity": "leistung", "output": "leistung",
    "climate": "klima", "energy": "energie", "trees": "bäume", "planted": "gepflanzt",
    "homeless": "wohnungslos", "homelessness": "wohnungslosigkeit", "shelter": "unterkunft notunterkunft",
    "housing": "wohnungen wohnraum", "noise": "lärm", "zoo": "zoo", "opening hours": "öffnungszeiten",
    "dog tax": "hundesteuer", "wind turbines": "windkraftanlagen", "kilometres": "kilometer",
    "kilometers": "kilometer", "state": "land landes", "discontinued": "eingestellt",
    # more of a council's everyday vocabulary
    "price": "preis kosten", "prices": "preise", "fare": "fahrpreis preis tarif", "fee": "gebühr entgelt",
    "fees": "gebühren entgelte", "ticket": "ticket fahrkarte", "monthly ticket": "monatskarte",
    "social ticket": "sozialticket", "public transport": "öpnv nahverkehr", "subsidy": "zuschuss förderung",
    "grant programme": "förderprogramm", "funding programme": "förderprogramm", "state funding": "landesförderung",
    "federal": "bund bundes", "contract": "vertrag auftrag", "tender": "ausschreibung vergabe",
    "awarded": "vergeben beauftragt", "commissioned": "beauftragt vergeben", "procured": "beschafft beschaffung",
    "purchased": "beschafft gekauft erworben", "bought": "beschafft gekauft", "built": "gebaut errichtet",
    "constructed": "gebaut errichtet", "construction": "bau baubeginn", "opened": "eröffnet",
    "installed": "installiert errichtet aufgestellt", "connected": "angeschlossen anschluss",
    "connection": "anschluss", "applied": "beantragt antrag", "application": "antrag",
    "applications": "anträge", "submitted": "eingereicht vorgelegt", "postponed": "verschoben verzögert",
    "extended": "verlängert erweitert", "appointed": "ernannt besetzt", "hired": "eingestellt besetzt",
    "position": "stelle", "post": "stelle", "employed": "beschäftigt", "trained": "geschult fortgebildet",
    "training": "fortbildung schulung", "teachers": "lehrkräfte lehrer", "teacher": "lehrkraft lehrer",
    "digital": "digital", "tablets": "tablets endgeräte", "devices": "endgeräte geräte",
    "network": "netz netzwerk", "fibre-optic": "glasfaser", "fiber-optic": "glasfaser", "fibre": "glasfaser",
    "fiber": "glasfaser", "broadband": "breitband", "internet": "internet", "wifi": "wlan", "wlan": "wlan",
    "flood": "hochwasser", "flood protection": "hochwasserschutz", "flooding": "hochwasser überflutung",
    "storm surge": "sturmflut", "wall": "wand mauer", "dike": "deich", "sirens": "sirenen", "siren": "sirene",
    "warning": "warnung", "fire brigade": "feuerwehr", "fire department": "feuerwehr", "police": "polizei",
    "elements": "elemente", "water": "wasser", "waste": "abfall müll", "recycling": "recycling wertstoff",
    "lighting": "beleuchtung", "street lighting": "straßenbeleuchtung", "park": "park grünanlage",
    "playground": "spielplatz", "library": "bibliothek bücherei", "museum": "museum", "theatre": "theater",
    "theater": "theater", "cemetery": "friedhof", "swimming": "schwimmen", "pool": "bad schwimmhalle",
    "rent": "miete", "rents": "mieten", "apartments": "wohnungen", "flats": "wohnungen",
    "social housing": "sozialwohnungen",
    "elderly": "senioren ältere", "seniors": "senioren", "children": "kinder", "young people": "jugendliche",
    "families": "familien", "disabled": "behinderung", "unemployed": "arbeitslose", "jobcentre": "jobcenter",
    "welfare": "sozialleistungen", "benefits": "leistungen", "eligible": "berechtigt anspruchsberechtigt",
    "recipients": "empfänger bezieher", "users": "nutzer nutzerinnen", "passengers": "fahrgäste",
    "emissions": "emissionen", "carbon": "co2", "electricity": "strom", "heating": "heizung wärme",
    "advisory board": "beirat", "board": "beirat gremium", "working group": "arbeitsgruppe arbeitskreis",
    "meeting": "sitzung treffen", "meetings": "sitzungen", "hearing": "anhörung", "survey": "befragung umfrage",
    "evaluation": "evaluation auswertung", "monitoring": "monitoring", "statistics": "statistik",
    "target": "ziel zielwert", "targets": "ziele", "goal": "ziel", "measures": "maßnahmen", "measure": "maßnahme",
    "project": "projekt vorhaben", "projects": "projekte", "pilot": "pilot modellprojekt",
    "staffing": "personal stellen",
    "percent": "prozent", "per cent": "prozent", "percentage": "prozent anteil", "proportion": "anteil",
    "total": "insgesamt gesamt", "delivered": "geliefert", "completion": "fertigstellung abschluss",
    "renovating": "sanierung", "refurbishment": "sanierung", "demolition": "abriss rückbau",
    "charging points": "ladepunkte ladesäulen ladestationen", "charging stations": "ladesäulen ladestationen",
    "electric cars": "elektroautos elektrofahrzeuge", "electric vehicles": "elektrofahrzeuge elektroautos",
    "contractor": "auftragnehmer firma unternehmen dienstleister", "provider": "dienstleister anbieter",
    "interface": "schnittstelle", "portal": "portal", "booking": "buchung anmeldung", "online": "online digital",
    "additional": "zusätzliche weitere", "watering": "bewässerung wässerung", "bags": "säcke",
    "operates": "betrieben betreibt betreiber", "operator": "betreiber träger",
    "rough sleepers": "obdachlose wohnungslose", "homeless people": "wohnungslose obdachlose",
    "outreach": "aufsuchend straßensozialarbeit", "night shelter": "notschlafstelle",
    "apprentices": "auszubildende", "trainees": "auszubildende nachwuchskräfte", "places": "plätze",
    "extension": "erweiterung anbau erweiterungsbau", "insolvency": "insolvenz", "insolvent": "insolvenz",
    "day care": "kita kindertageseinrichtung", "daycare": "kita kindertageseinrichtung",
    "childcare centre": "kita kindertageseinrichtung", "nursery": "kita krippe", "sponsorships": "patenschaften",
    "noise action plan": "lärmaktionsplan", "action plan": "aktionsplan", "noise protection": "lärmschutz",
    "noise barrier": "lärmschutzwand", "quiet areas": "ruhige gebiete", "pools": "bäder schwimmbäder",
    "swimming pools": "bäder schwimmbäder", "indoor pool": "hallenbad", "outdoor pool": "freibad",
    "visitors": "besucher besucherzahl", "accidents": "unfälle unfall", "primary school": "grundschule",
    "primary schools": "grundschulen", "way to school": "schulweg", "route to school": "schulweg",
    "consultancy": "büro ingenieurbüro gutachter", "consultant": "gutachter büro",
    "opening": "eröffnung", "to open": "eröffnung eröffnet", "reopened": "wiedereröffnet wieder geöffnet",
    "speed limit": "höchstgeschwindigkeit tempo", "traffic": "verkehr", "crossing": "überweg querung",
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
