"""Word lists for the synthetic council corpus: cities, people, topics and their vocabulary.

Every topic brings its own countable items and facilities, each with a synonym that the
questions use instead (so a question is a paraphrase, not a copy of the passage) and an
English rendering for the English questions. Genders drive the German articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from council_qa.ingest.dates import MONTH_NAMES

Gender = Literal["m", "f", "n"]

# nominative, accusative, dative, genitive
ARTICLES: dict[Gender, tuple[str, str, str, str]] = {
    "m": ("der", "den", "dem", "des"),
    "f": ("die", "die", "der", "der"),
    "n": ("das", "das", "dem", "des"),
}


@dataclass(frozen=True)
class Noun:
    gender: Gender
    noun: str
    genitive: str = ""  # the noun's genitive form where it differs (masculine/neuter)

    def nom(self) -> str:
        return f"{ARTICLES[self.gender][0]} {self.noun}"

    def acc(self) -> str:
        return f"{ARTICLES[self.gender][1]} {self.noun}"

    def dat(self) -> str:
        return f"{ARTICLES[self.gender][2]} {self.noun}"

    def gen(self) -> str:
        return f"{ARTICLES[self.gender][3]} {self.genitive or self.noun}"


@dataclass(frozen=True)
class Facility:
    name: Noun
    synonym: Noun
    en: str


@dataclass(frozen=True)
class Item:
    plural: str
    synonym: str
    participle: str  # "aufgestellt"
    infinitive: str  # "aufzustellen"
    en: str
    en_participle: str


@dataclass(frozen=True)
class Topic:
    key: str
    titles: tuple[str, ...]  # may use {city}, {y1}, {y2}
    concept_titles: tuple[str, ...]
    department: str
    office: str
    items: tuple[Item, ...]
    facilities: tuple[Facility, ...]
    partners: tuple[str, ...]  # dative, after "mit"
    goals: tuple[str, ...]  # genitive phrases: "der Anteil {goal}"
    fields: tuple[str, ...]  # fields of action of a concept


def _f(gender: Gender, noun: str, syn_gender: Gender, syn: str, en: str, gen: str = "", syn_gen: str = "") -> Facility:
    return Facility(Noun(gender, noun, gen), Noun(syn_gender, syn, syn_gen), en)


TOPICS: tuple[Topic, ...] = (
    Topic(
        "rad",
        (
            "Radverkehrsentwicklungsplan {y1} - {y2} der Stadt {city}",
            "Ausbau der Radverkehrsinfrastruktur im Stadtgebiet",
            "Sichere Schulwege für den Radverkehr",
        ),
        ("Radverkehrskonzept {y1} der Stadt {city}", "Konzept zur Förderung des Radverkehrs {y1} - {y2}"),
        "Dezernat Stadtentwicklung und Bau",
        "Verkehrs- und Tiefbauamt",
        (
            Item("Fahrradanlehnbügel", "Fahrradbügel", "aufgestellt", "aufzustellen", "bicycle stands", "installed"),
            Item(
                "Radabstellplätze",
                "Fahrradstellplätze",
                "geschaffen",
                "zu schaffen",
                "bicycle parking spaces",
                "created",
            ),
            Item(
                "Fahrradstraßen",
                "Straßen mit Vorrang für Räder",
                "ausgewiesen",
                "auszuweisen",
                "cycle streets",
                "designated",
            ),
        ),
        (
            _f("f", "Fahrradstation", "f", "Radstation", "bicycle station"),
            _f(
                "n",
                "Fahrradparkhaus",
                "n",
                "Radparkhaus",
                "bicycle parking garage",
                "Fahrradparkhauses",
                "Radparkhauses",
            ),
            _f("m", "Radschnellweg", "m", "Schnellradweg", "cycle highway", "Radschnellwegs", "Schnellradwegs"),
        ),
        ("den Verkehrsbetrieben", "dem Allgemeinen Deutschen Fahrrad-Club", "der Polizeidirektion"),
        ("des Radverkehrs an allen Wegen", "der sicheren Radwege am Hauptnetz"),
        ("Radverkehrsnetz", "Abstellanlagen", "Verkehrssicherheit", "Kommunikation"),
    ),
    Topic(
        "schule",
        (
            "Schulsanierungsprogramm {y1} - {y2}",
            "Sanierung und Erweiterung der Grundschulen",
            "Schulnetzplanung der Stadt {city}",
        ),
        ("Schulentwicklungskonzept {y1} der Stadt {city}", "Konzept zur Digitalisierung der Schulen {y1}"),
        "Dezernat Bildung, Jugend und Soziales",
        "Amt für Schule",
        (
            Item("Klassenräume", "Unterrichtsräume", "saniert", "zu sanieren", "classrooms", "renovated"),
            Item(
                "interaktive Tafeln",
                "digitale Tafeln",
                "installiert",
                "zu installieren",
                "interactive whiteboards",
                "installed",
            ),
            Item("Hortplätze", "Plätze im Hort", "geschaffen", "zu schaffen", "after-school care places", "created"),
        ),
        (
            _f("f", "Turnhalle", "f", "Sporthalle", "gym"),
            _f("f", "Mensa", "f", "Schulkantine", "school canteen"),
            _f("m", "Schulcampus", "m", "Bildungscampus", "school campus", "Schulcampus", "Bildungscampus"),
            _f("m", "Erweiterungsbau", "m", "Anbau", "school extension", "Erweiterungsbaus", "Anbaus"),
        ),
        ("den Schulleitungen", "dem Landesamt für Schule und Bildung", "dem Stadtelternrat"),
        ("der sanierten Schulgebäude", "der digital ausgestatteten Klassenräume"),
        ("Gebäudesanierung", "Digitalisierung", "Ganztagsangebote", "Inklusion"),
    ),
    Topic(
        "kita",
        (
            "Ausbau der Kindertagesbetreuung - Schaffung zusätzlicher Kita-Plätze",
            "Bedarfsplan Kindertagesbetreuung {y1}",
        ),
        ("Konzept Kindertagesbetreuung {y1} - {y2}", "Fachkräftekonzept für die Kindertagesbetreuung"),
        "Dezernat Bildung, Jugend und Soziales",
        "Amt für Jugend und Familie",
        (
            Item("Betreuungsplätze", "Kita-Plätze", "geschaffen", "zu schaffen", "childcare places", "created"),
            Item(
                "Erzieherinnen und Erzieher",
                "pädagogische Fachkräfte",
                "eingestellt",
                "einzustellen",
                "nursery teachers",
                "hired",
            ),
            Item(
                "Ausbildungsplätze", "Plätze in der Ausbildung", "besetzt", "zu besetzen", "training places", "filled"
            ),
        ),
        (
            _f("f", "Kindertagesstätte", "f", "Kita", "day care centre"),
            _f(
                "n",
                "Familienzentrum",
                "n",
                "Eltern-Kind-Zentrum",
                "family centre",
                "Familienzentrums",
                "Eltern-Kind-Zentrums",
            ),
            _f("f", "Kinderkrippe", "f", "Krippe", "nursery"),
        ),
        ("den freien Trägern", "dem Beruflichen Schulzentrum", "dem Jugendhilfeausschuss"),
        ("der Kinder in Ganztagsbetreuung", "der Fachkräfte mit Abschluss"),
        ("Platzausbau", "Fachkräftegewinnung", "Qualität", "Elternbeteiligung"),
    ),
    Topic(
        "solar",
        ("Photovoltaik auf städtischen Dächern - Beitrag zum Klimaschutz", "Klimaschutzprogramm {y1} der Stadt {city}"),
        ("Energie- und Klimaschutzkonzept {y1} - {y2}", "Konzept für erneuerbare Energien in {city}"),
        "Dezernat Umwelt, Klima und Sport",
        "Amt für Umweltschutz",
        (
            Item("Photovoltaikanlagen", "Solaranlagen", "installiert", "zu installieren", "solar panels", "installed"),
            Item("Ladesäulen", "Ladestationen", "errichtet", "zu errichten", "charging points", "built"),
            Item(
                "Energieberatungen",
                "Beratungen zum Energiesparen",
                "durchgeführt",
                "durchzuführen",
                "energy consultations",
                "held",
            ),
        ),
        (
            _f("m", "Solarpark", "m", "Photovoltaikpark", "solar park", "Solarparks", "Photovoltaikparks"),
            _f(
                "n",
                "Blockheizkraftwerk",
                "n",
                "Heizkraftwerk",
                "combined heat and power plant",
                "Blockheizkraftwerks",
                "Heizkraftwerks",
            ),
            _f("f", "Energieberatungsstelle", "f", "Energieberatung", "energy advice centre"),
        ),
        ("den Stadtwerken", "der Energieagentur", "der Verbraucherzentrale"),
        ("des Solarstroms am Stromverbrauch", "der erneuerbaren Wärme"),
        ("Solarenergie", "Wärmewende", "Mobilität", "Klimaanpassung"),
    ),
    Topic(
        "gruen",
        ("Mehr Bäume für {city} - Stadtbaumkonzept", "Pflege und Entwicklung der städtischen Grünflächen"),
        ("Stadtbaumkonzept {y1} - {y2}", "Freiraumkonzept der Stadt {city}"),
        "Dezernat Umwelt, Klima und Sport",
        "Amt für Stadtgrün und Gewässer",
        (
            Item("Straßenbäume", "Bäume am Straßenrand", "gepflanzt", "zu pflanzen", "street trees", "planted"),
            Item("Bewässerungssäcke", "Gießsäcke", "verteilt", "zu verteilen", "watering bags", "handed out"),
            Item("Nistkästen", "Vogelkästen", "angebracht", "anzubringen", "nest boxes", "put up"),
        ),
        (
            _f("m", "Stadtpark", "m", "Park", "city park", "Stadtparks", "Parks"),
            _f("f", "Streuobstwiese", "f", "Obstwiese", "orchard meadow"),
            _f("m", "Spielplatz", "m", "Kinderspielplatz", "playground", "Spielplatzes", "Kinderspielplatzes"),
        ),
        ("dem Naturschutzbund", "den Kleingartenvereinen", "dem Forstbezirk"),
        ("der Baumkronen an der Stadtfläche", "der entsiegelten Flächen"),
        ("Baumpflanzungen", "Grünflächenpflege", "Artenschutz", "Wasserhaushalt"),
    ),
    Topic(
        "sozial",
        ("Wohnungslosenhilfe in der Stadt {city} - Fortschreibung", "Hilfen für Menschen ohne Obdach"),
        ("Konzept zur Wohnungsnotfallhilfe {y1}", "Sozialplanung {y1} - {y2} der Stadt {city}"),
        "Dezernat Soziales und Gesundheit",
        "Sozialamt",
        (
            Item(
                "Notübernachtungsplätze",
                "Schlafplätze für Obdachlose",
                "bereitgestellt",
                "bereitzustellen",
                "emergency beds",
                "provided",
            ),
            Item(
                "Stellen in der Straßensozialarbeit",
                "Streetworker-Stellen",
                "besetzt",
                "zu besetzen",
                "street work posts",
                "filled",
            ),
            Item("Beratungsgespräche", "Beratungen", "geführt", "zu führen", "counselling sessions", "held"),
        ),
        (
            _f("f", "Notunterkunft", "f", "Unterkunft", "emergency shelter"),
            _f("f", "Beratungsstelle", "f", "Anlaufstelle", "counselling centre"),
            _f("f", "Tagesstätte", "m", "Tagestreff", "day centre", "", "Tagestreffs"),
        ),
        ("der Diakonie", "dem Caritasverband", "dem Jobcenter"),
        ("der vermittelten Wohnungen", "der Menschen ohne eigene Wohnung"),
        ("Prävention", "Unterbringung", "Beratung", "Gesundheit"),
    ),
    Topic(
        "sport",
        ("Sportstättenentwicklungsplan der Stadt {city}", "Sanierung der kommunalen Sportanlagen"),
        ("Sportentwicklungskonzept {y1} - {y2}", "Bäderkonzept der Stadt {city}"),
        "Dezernat Umwelt, Klima und Sport",
        "Amt für Sport",
        (
            Item("Kunstrasenplätze", "Kunstrasenfelder", "gebaut", "zu bauen", "artificial turf pitches", "built"),
            Item("Umkleidekabinen", "Umkleiden", "modernisiert", "zu modernisieren", "changing rooms", "modernised"),
            Item("Flutlichtanlagen", "Flutlichtmasten", "erneuert", "zu erneuern", "floodlights", "replaced"),
        ),
        (
            _f("f", "Schwimmhalle", "n", "Hallenbad", "indoor swimming pool", "", "Hallenbads"),
            _f("n", "Stadion", "f", "Sportarena", "stadium", "Stadions"),
            _f("f", "Leichtathletikanlage", "f", "Laufbahn", "athletics ground"),
        ),
        ("dem Stadtsportbund", "den Sportvereinen", "dem Landessportbund"),
        ("der sanierten Sportstätten", "der Schulschwimmzeiten"),
        ("Vereinssport", "Schulsport", "Bäder", "Freizeitsport"),
    ),
    Topic(
        "oepnv",
        ("Barrierefreier Ausbau der Haltestellen", "Nahverkehrsplan {y1} - {y2} der Stadt {city}"),
        ("Mobilitätskonzept {y1} der Stadt {city}", "Konzept zum barrierefreien Nahverkehr"),
        "Dezernat Stadtentwicklung und Bau",
        "Mobilitäts- und Tiefbauamt",
        (
            Item(
                "barrierefreie Haltestellen",
                "stufenlose Haltestellen",
                "umgebaut",
                "umzubauen",
                "step-free stops",
                "rebuilt",
            ),
            Item("Fahrgastunterstände", "Wartehäuschen", "aufgestellt", "aufzustellen", "bus shelters", "installed"),
            Item(
                "dynamische Anzeigetafeln",
                "digitale Abfahrtsanzeigen",
                "montiert",
                "zu montieren",
                "real-time displays",
                "mounted",
            ),
        ),
        (
            _f("m", "Busbahnhof", "m", "Omnibusbahnhof", "bus station", "Busbahnhofs", "Omnibusbahnhofs"),
            _f("m", "Verknüpfungspunkt", "m", "Umsteigeknoten", "interchange", "Verknüpfungspunkts", "Umsteigeknotens"),
            _f("f", "Wendeschleife", "f", "Straßenbahnschleife", "tram turning loop"),
        ),
        ("den Verkehrsbetrieben", "dem Zweckverband Nahverkehr", "dem Behindertenbeirat"),
        ("des Nahverkehrs an allen Wegen", "der barrierefreien Haltestellen"),
        ("Barrierefreiheit", "Taktverdichtung", "Fahrgastinformation", "Umsteigepunkte"),
    ),
    Topic(
        "digital",
        ("Digitale Verwaltung {y1} - Onlinezugang für Bürgerinnen und Bürger", "Breitbandausbau und öffentliches WLAN"),
        ("Digitalisierungsstrategie {y1} der Stadt {city}", "Konzept Smart City {city}"),
        "Dezernat Allgemeine Verwaltung",
        "Amt für Informationstechnik",
        (
            Item(
                "WLAN-Zugangspunkte",
                "WLAN-Hotspots",
                "installiert",
                "zu installieren",
                "wifi access points",
                "installed",
            ),
            Item(
                "Onlinedienste",
                "digitale Verwaltungsleistungen",
                "freigeschaltet",
                "freizuschalten",
                "online services",
                "launched",
            ),
            Item("Tablets", "mobile Endgeräte", "beschafft", "zu beschaffen", "tablets", "purchased"),
        ),
        (
            _f("n", "Bürgerbüro", "n", "Bürgeramt", "citizens' office", "Bürgerbüros", "Bürgeramts"),
            _f("n", "Rechenzentrum", "n", "Datenzentrum", "data centre", "Rechenzentrums", "Datenzentrums"),
            _f("n", "Serviceportal", "n", "Bürgerportal", "service portal", "Serviceportals", "Bürgerportals"),
        ),
        ("dem Zweckverband Kommunale Informationsverarbeitung", "der Telekom", "dem Landesamt für Digitales"),
        ("der online verfügbaren Leistungen", "der Haushalte mit Glasfaser"),
        ("Onlinezugang", "Infrastruktur", "Datenschutz", "Qualifizierung"),
    ),
    Topic(
        "wohnen",
        ("Wohnungspolitisches Konzept der Stadt {city}", "Förderung des sozialen Wohnungsbaus {y1} - {y2}"),
        ("Wohnungsmarktkonzept {y1} - {y2}", "Konzept für bezahlbares Wohnen in {city}"),
        "Dezernat Stadtentwicklung und Bau",
        "Amt für Wohnungsbau und Stadterneuerung",
        (
            Item(
                "Sozialwohnungen",
                "mietpreisgebundene Wohnungen",
                "fertiggestellt",
                "fertigzustellen",
                "social housing units",
                "completed",
            ),
            Item("Wohneinheiten", "Wohnungen", "genehmigt", "zu genehmigen", "housing units", "approved"),
            Item("Belegungsrechte", "Belegungsbindungen", "erworben", "zu erwerben", "occupancy rights", "acquired"),
        ),
        (
            _f("n", "Wohnquartier", "n", "Neubaugebiet", "housing estate", "Wohnquartiers", "Neubaugebiets"),
            _f(
                "n",
                "Mehrgenerationenhaus",
                "n",
                "Generationenhaus",
                "multi-generation house",
                "Mehrgenerationenhauses",
                "Generationenhauses",
            ),
            _f("f", "Wohnanlage", "f", "Siedlung", "housing complex"),
        ),
        ("der kommunalen Wohnungsgesellschaft", "den Wohnungsgenossenschaften", "dem Mieterverein"),
        ("der geförderten Wohnungen am Neubau", "der leerstehenden Wohnungen"),
        ("Neubau", "Bestand", "Quartiersentwicklung", "Wohnberatung"),
    ),
    Topic(
        "kultur",
        ("Entwicklungskonzept für die Stadtbibliothek", "Kulturentwicklungsplan {y1} - {y2}"),
        ("Kulturkonzept {y1} der Stadt {city}", "Bibliothekskonzept {y1} - {y2}"),
        "Dezernat Kultur",
        "Kulturamt",
        (
            Item("Medien", "Bücher und Medien", "angeschafft", "anzuschaffen", "media items", "acquired"),
            Item("Veranstaltungen", "Lesungen und Konzerte", "durchgeführt", "durchzuführen", "events", "held"),
            Item("Leseplätze", "Arbeitsplätze zum Lesen", "eingerichtet", "einzurichten", "reading places", "set up"),
        ),
        (
            _f("f", "Stadtbibliothek", "f", "Bibliothek", "city library"),
            _f("n", "Stadtmuseum", "n", "Museum", "city museum", "Stadtmuseums", "Museums"),
            _f(
                "n",
                "Kulturzentrum",
                "n",
                "Soziokulturzentrum",
                "cultural centre",
                "Kulturzentrums",
                "Soziokulturzentrums",
            ),
        ),
        ("den Kulturvereinen", "dem Kulturbeirat", "der Volkshochschule"),
        ("der Nutzerinnen und Nutzer unter 25 Jahren", "der digitalen Ausleihen"),
        ("Bibliotheken", "Museen", "Freie Szene", "Kulturelle Bildung"),
    ),
    Topic(
        "feuerwehr",
        ("Brandschutzbedarfsplan der Stadt {city}", "Modernisierung der Freiwilligen Feuerwehren"),
        ("Brandschutzkonzept {y1} - {y2}", "Konzept zum Bevölkerungsschutz in {city}"),
        "Dezernat Ordnung und Sicherheit",
        "Branddirektion",
        (
            Item("Löschfahrzeuge", "Feuerwehrfahrzeuge", "beschafft", "zu beschaffen", "fire engines", "purchased"),
            Item("Sirenen", "Warnsirenen", "installiert", "zu installieren", "sirens", "installed"),
            Item(
                "Atemschutzgeräte",
                "Atemschutzausrüstungen",
                "ersetzt",
                "zu ersetzen",
                "breathing apparatus sets",
                "replaced",
            ),
        ),
        (
            _f("f", "Feuerwache", "f", "Wache", "fire station"),
            _f(
                "n",
                "Gerätehaus",
                "n",
                "Feuerwehrgerätehaus",
                "fire equipment house",
                "Gerätehauses",
                "Feuerwehrgerätehauses",
            ),
            _f("f", "Rettungswache", "f", "Wache des Rettungsdienstes", "ambulance station"),
        ),
        ("den Freiwilligen Feuerwehren", "dem Rettungszweckverband", "dem Katastrophenschutzamt"),
        ("der Einsätze innerhalb der Hilfsfrist", "der aktiven Kameradinnen und Kameraden"),
        ("Einsatzbereitschaft", "Fahrzeuge", "Gebäude", "Nachwuchs"),
    ),
)

CITIES = (
    "Leipzig",
    "Dresden",
    "Chemnitz",
    "Zwickau",
    "Magdeburg",
    "Erfurt",
    "Jena",
    "Gera",
    "Plauen",
    "Görlitz",
    "Bautzen",
    "Potsdam",
    "Cottbus",
    "Rostock",
    "Schwerin",
    "Weimar",
    "Gotha",
    "Freiberg",
    "Meißen",
    "Pirna",
)
FIRST_NAMES = (
    "Anna",
    "Katrin",
    "Ulrike",
    "Sabine",
    "Claudia",
    "Petra",
    "Susanne",
    "Heike",
    "Birgit",
    "Karin",
    "Monika",
    "Julia",
    "Matthias",
    "Thomas",
    "Andreas",
    "Michael",
    "Stefan",
    "Frank",
    "Jens",
    "Torsten",
    "Uwe",
    "Ralf",
    "Holger",
    "Jan",
)
LAST_NAMES = (
    "Schubert",
    "Sommer",
    "Brenner",
    "Albrecht",
    "Krause",
    "Lehmann",
    "Hoffmann",
    "Schulze",
    "Richter",
    "Neumann",
    "Schröder",
    "Wolf",
    "Zimmermann",
    "Hartmann",
    "Lange",
    "Werner",
    "Köhler",
    "Fiedler",
    "Seidel",
    "Vogel",
    "Günther",
    "Böhme",
    "Arnold",
    "Ullrich",
    "Kühn",
    "Pohl",
    "Winkler",
    "Franke",
    "Heinrich",
    "Beyer",
)
ROLES = (
    "Oberbürgermeister",
    "Bürgermeister",
    "Beigeordneter",
    "Oberbürgermeisterin",
    "Bürgermeisterin",
    "Beigeordnete",
)
HEADER_ROLES = (
    "Der Oberbürgermeister",
    "Die Oberbürgermeisterin",
    "Der Bürgermeister und Beigeordnete",
    "Die Bürgermeisterin",
)
DOC_TYPES = ("Informationsschreiben", "Hausmitteilung", "Information an den Stadtrat", "Mitteilung an den Stadtrat")
ADDRESSEES = (
    "An die Fraktionen sowie die Stadträtinnen und Stadträte",
    "An die Mitglieder des Stadtrates",
    "An die Mitglieder der Ratsversammlung",
)
BODIES = ("Ratsversammlung", "Stadtrat", "Stadtverordnetenversammlung")
FUNDERS = (
    "Freistaates Sachsen",
    "Bundes",
    "Landes",
    "Europäischen Fonds für regionale Entwicklung",
    "Bundesministeriums für Wohnen, Stadtentwicklung und Bauwesen",
    "Landes Thüringen",
)
REASONS = (
    "Leitungsarbeiten der Stadtwerke",
    "fehlender Fördermittelbescheide",
    "gestiegener Baupreise",
    "ausstehender Genehmigungen",
    "Lieferengpässen bei Baumaterial",
    "eines Einspruchs im Vergabeverfahren",
    "archäologischer Funde",
    "fehlenden Personals im Bauamt",
    "eines Wasserschadens",
    "der Insolvenz eines Auftragnehmers",
)
COMMITTEES = (
    "Stadtentwicklung und Bau",
    "Umwelt und Klima",
    "Jugend, Soziales und Gesundheit",
    "Finanzen",
    "Kultur",
    "Allgemeine Verwaltung",
    "Sport",
    "Ordnung und Sicherheit",
)
FIRM_FORMS = ("{last} & Partner", "Planungsgruppe {last}", "{last} Ingenieure GmbH", "Architekturbüro {last}")
MONTHS = MONTH_NAMES
# Place names are built from two parts; a seeded share of them is reserved for the planted facts.
PLACE_HEADS = (
    "Linden",
    "Birken",
    "Eichen",
    "Ahorn",
    "Buchen",
    "Erlen",
    "Eschen",
    "Kastanien",
    "Rosen",
    "Tannen",
    "Fichten",
    "Weiden",
    "Ulmen",
    "Mühl",
    "Sonnen",
    "Berg",
    "Wiesen",
    "Feld",
    "Wald",
    "Bach",
    "Brunnen",
    "Garten",
    "Quell",
    "See",
    "Stein",
    "Burg",
    "Markt",
    "Kirch",
    "Schloss",
    "Anger",
    "Auen",
    "Heide",
    "Moor",
    "Schanzen",
    "Turm",
    "Wall",
    "Kiefern",
    "Holunder",
    "Lerchen",
    "Finken",
    "Schwalben",
    "Hirsch",
    "Falken",
    "Biber",
    "Otter",
    "Hasel",
    "Flieder",
    "Mohn",
    "Klee",
    "Nessel",
)
PLACE_TAILS = (
    "höhe",
    "grund",
    "winkel",
    "feld",
    "aue",
    "hang",
    "blick",
    "tal",
    "hain",
    "bogen",
    "garten",
    "wiese",
    "rain",
    "eck",
    "berg",
    "heide",
    "hof",
    "park",
    "ring",
    "weg",
    "mark",
    "born",
    "bruch",
    "kamp",
)
