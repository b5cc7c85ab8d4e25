"""A deterministic synthetic content folder for the benchmark: `python bench/corpus.py N OUT`.

Writes OUT/content/ in the real content contract: cases (60%), events (20%) and workshops (20%),
registries of 300 organisations, 40 themes and 10 series, bodies of 400-900 words drawn from a
Zipf-weighted vocabulary of English, Finnish (with inflected forms) and Swedish words, and
cross-references (related entries, cases addressing workshop findings, event speakers).

Entry number i depends only on the seed and i, and refers only to entries before it within a
fixed window, so the first entries of a 10,000-entry corpus are the same files as those of a
100-entry corpus: entry pages can be compared across corpus sizes. Never written into the
project's own content/ folder.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import unicodedata
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

import yaml

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[1]
MARKER = ".opit-bench-corpus"
DEFAULT_SEED = 2026
TYPE_BLOCK = ["case"] * 6 + ["workshop"] * 2 + ["event"] * 2
RELATED_WINDOW = 60
ADDRESS_WINDOW = 40  # workshops

# --- vocabulary -------------------------------------------------------------------------------


def _w(text: str) -> list[str]:
    return text.split()


EN_FUNCTION = _w("""the of and to in a for is that on with as by was were be are this it from at
or an which their they have has not but also more its can our into been other all these when
than how who what would about them so one there only after new we could some most over
between through such each many both because while where then those very well own same""")

EN_DOMAIN = _w("""service services digital digitalisation data public sector citizens users user
municipality municipalities city region regional national government ministry agency agencies
organisation organisations design development project projects pilot pilots programme team
teams workshop workshops event events case cases finding findings lesson lessons learning
learnings experiment experiments experimentation prototype prototypes prototyping co-creation
co-design collaboration cooperation network networks ecosystem ecosystems platform platforms
interoperability architecture system systems information legislation regulation law policy
policies strategy strategies management leadership culture skills competence capacity training
customers customer journey journeys life event needs research interviews survey surveys
feedback evaluation impact impacts outcome outcomes result results budget funding resources
procurement supplier suppliers vendor market open source software application applications
portal website chatbot artificial intelligence automation algorithm algorithms analytics
dashboard identity identification authentication security privacy consent trust
accessibility usability inclusion equality wellbeing health social care education school
schools employment jobseekers business businesses companies entrepreneurs startup growth
economy sustainability climate environment energy transport mobility housing planning
participation engagement democracy transparency openness accountability ethics guidelines
principles standards model models framework frameworks method methods tool tools process
processes workflow change transformation operating practice practices routine everyday
understanding knowledge expertise experts stakeholders partners residents people families
children elderly students immigrants language languages communication channel channels
mobile online digitally paper form forms application permits permit registry registries
records document documents archive archives reporting statistics indicators measurement
maintenance integration interfaces api apis x-road exchange sharing reuse scale scaling
rollout deployment launch implementation adoption uptake support helpdesk guidance advice
mentoring coaching facilitation facilitator participants sessions meeting meetings seminar
webinar conference discussion discussions proposal proposals recommendation recommendations
barrier barriers challenge challenges problem problems solution solutions opportunity
opportunities risk risks failure failures success condition conditions requirement
requirements priority priorities goal goals vision roadmap milestone timeline phase phases
stage first second third final early later previous next several different common shared
clear simple complex practical concrete real small large key main important critical
successful difficult possible necessary useful relevant responsible human-centric
user-centred agile iterative cross-sector multidisciplinary joint collective local
operational strategic technical legal financial organisational cultural administrative
helped showed learned found noticed decided started continued improved reduced increased
created built tested developed designed launched shared published agreed proposed identified
described explained measured compared reviewed analysed needed wanted tried worked
supported enabled required allowed involved""")

FI_STEMS = _w("""palvelu kunta kaupunki alue hyvinvointialue ministeriö virasto hanke kokeilu
asiakas kansalainen käyttäjä tieto tietojärjestelmä rajapinta yhteentoimivuus digitalisaatio
palvelumuotoilu yhteiskehittäminen verkosto ekosysteemi työpaja tilaisuus oppi oppiminen
osaaminen johtaminen muutos kehittäminen toimintamalli prosessi lainsäädäntö sääntely
tietosuoja tietoturva tunnistautuminen saavutettavuus asiointi elämäntapahtuma
sosiaalihuolto terveydenhuolto koulutus työllisyys yritys yrittäjä talous kestävyys
ilmasto liikenne asuminen osallisuus avoimuus luottamus etiikka tekoäly automaatio
data analytiikka mittari tulos vaikutus palaute kysely haastattelu tutkimus selvitys
rahoitus budjetti hankinta toimittaja ohjelmisto sovellus verkkopalvelu portaali lomake
hakemus lupa rekisteri arkisto asiakirja viestintä kanava neuvonta tuki ohjaus
mentorointi valmennus fasilitointi osallistuja kokous seminaari webinaari keskustelu
ehdotus suositus este haaste ongelma ratkaisu mahdollisuus riski epäonnistuminen
onnistuminen edellytys vaatimus tavoite visio tiekartta vaihe pilotti prototyyppi
kumppani sidosryhmä asukas perhe lapsi ikääntynyt opiskelija maahanmuuttaja kieli
yhteistyö kokonaisarkkitehtuuri alusta standardi periaate ohje malli menetelmä työkalu
käytäntö arki ymmärrys asiantuntija asiantuntijuus päätös päätöksenteko strategia
politiikka valtio valtionhallinto julkishallinto sektori toimiala""")
FI_SUFFIXES = ["", "", "", "n", "ssa", "sta", "lla", "lle", "ksi", "t", "jen", "a", "ssä"]
FI_FUNCTION = _w("""ja on oli että ei se myös kun tai mutta jotta sekä kanssa mukaan kautta
avulla lisäksi nyt jo vielä sitten koska kuin joka jotka tämä nämä hyvin paljon""")

SV_WORDS = _w("""och att det som för med på är av till en ett den de har inte kommun kommunen
tjänst tjänster digitalisering medborgare användare myndighet samarbete projekt verkstad
evenemang lärdomar information data utveckling förvaltning välfärdsområde region staten
ministeriet plattform nätverk kunskap ledning förändring lagstiftning öppenhet förtroende
invånare familjer barn äldre studerande företag ekonomi hållbarhet""")

FI_WORDS_IN_EN = _w("""Suomi.fi Kela Verohallinto Digi- hyvinvointialue kunta sote tietojohtaminen
palvelumuotoilu asiakasraati kokeilukulttuuri yhteiskehittäminen""")

HEADINGS_EN = ["Background", "What was done", "How it worked", "What we learned",
               "Results", "Next steps", "Who took part", "Why it matters", "In practice"]
HEADINGS_FI = ["Tausta", "Mitä tehtiin", "Miten se toimi", "Mitä opimme", "Tulokset",
               "Seuraavat askeleet", "Keitä oli mukana"]
HEADINGS_SV = ["Bakgrund", "Vad som gjordes", "Vad vi lärde oss", "Resultat"]

MUNICIPALITIES = _w("""Helsinki Espoo Tampere Vantaa Oulu Turku Jyväskylä Lahti Kuopio Pori
Kouvola Joensuu Lappeenranta Hämeenlinna Vaasa Seinäjoki Rovaniemi Mikkeli Kotka Salo Porvoo
Kokkola Hyvinkää Lohja Järvenpää Rauma Kajaani Kerava Savonlinna Nokia Ylöjärvi Kangasala
Riihimäki Raasepori Imatra Raahe Sastamala Tornio Kemi Iisalmi Varkaus Kirkkonummi Tuusula
Nurmijärvi Sipoo Pirkkala Lempäälä Kaarina Raisio Naantali Uusikaupunki Forssa Heinola Loviisa
Hamina Pieksämäki Kuusamo Sodankylä Inari Utsjoki Kittilä Närpiö Pietarsaari Maarianhamina
Kauniainen Kempele Liminka Kirkkonummi Siilinjärvi Mäntsälä Orimattila Hollola Lieto Akaa
Valkeakoski Kurikka Lapua Ilmajoki Kauhajoki Kitee Nurmes Lieksa Kuhmo Sotkamo Suomussalmi
Kemijärvi Kolari Muonio Enontekiö Salla Posio Taivalkoski Pudasjärvi Ii Haapajärvi Nivala
Ylivieska Kalajoki Oulainen Haapavesi Pyhäjärvi Kannus Kaustinen Veteli Perho Lestijärvi""")
REGIONS = ["Uusimaa", "Pirkanmaa", "Varsinais-Suomi", "Pohjois-Pohjanmaa", "Keski-Suomi",
           "Pohjois-Savo", "Päijät-Häme", "Satakunta", "Kymenlaakso", "Etelä-Karjala",
           "Pohjois-Karjala", "Etelä-Savo", "Kanta-Häme", "Pohjanmaa", "Etelä-Pohjanmaa",
           "Keski-Pohjanmaa", "Kainuu", "Lappi", "Ahvenanmaa"]
MINISTRIES = [
    ("Valtiovarainministeriö", "Ministry of Finance"),
    ("Sosiaali- ja terveysministeriö", "Ministry of Social Affairs and Health"),
    ("Työ- ja elinkeinoministeriö", "Ministry of Economic Affairs and Employment"),
    ("Opetus- ja kulttuuriministeriö", "Ministry of Education and Culture"),
    ("Liikenne- ja viestintäministeriö", "Ministry of Transport and Communications"),
    ("Ympäristöministeriö", "Ministry of the Environment"),
    ("Oikeusministeriö", "Ministry of Justice"),
    ("Sisäministeriö", "Ministry of the Interior"),
    ("Maa- ja metsätalousministeriö", "Ministry of Agriculture and Forestry"),
    ("Ulkoministeriö", "Ministry for Foreign Affairs"),
    ("Puolustusministeriö", "Ministry of Defence"),
    ("Valtioneuvoston kanslia", "Prime Minister's Office"),
]
AGENCY_WORDS = ["Digital", "Data", "Transport", "Health", "Tax", "Employment", "Education",
                "Environment", "Statistics", "Innovation", "Welfare", "Housing", "Energy",
                "Food", "Safety", "Culture", "Land Survey", "Patent", "Consumer", "Migration"]
THEMES = [
    ("digital-services", "Digital services", "Digitaaliset palvelut"),
    ("service-design", "Service design", "Palvelumuotoilu"),
    ("interoperability", "Interoperability", "Yhteentoimivuus"),
    ("data-and-apis", "Data and APIs", "Data ja rajapinnat"),
    ("ai-ethics", "AI ethics", "Tekoälyn etiikka"),
    ("artificial-intelligence", "Artificial intelligence", "Tekoäly"),
    ("life-event-services", "Life-event services", "Elämäntapahtumapalvelut"),
    ("accessibility", "Accessibility", "Saavutettavuus"),
    ("digital-identity", "Digital identity", "Digitaalinen identiteetti"),
    ("open-data", "Open data", "Avoin data"),
    ("information-policy", "Information policy", "Tietopolitiikka"),
    ("cyber-security", "Cyber security", "Kyberturvallisuus"),
    ("privacy", "Privacy and data protection", "Tietosuoja"),
    ("procurement", "Procurement", "Hankinnat"),
    ("open-source", "Open source", "Avoin lähdekoodi"),
    ("skills-and-culture", "Skills and culture", "Osaaminen ja kulttuuri"),
    ("leadership", "Leadership", "Johtaminen"),
    ("co-creation", "Co-creation", "Yhteiskehittäminen"),
    ("participation", "Participation", "Osallisuus"),
    ("policy-making", "Policy making", "Politiikan valmistelu"),
    ("legislation", "Legislation", "Lainsäädäntö"),
    ("experimentation", "Experimentation", "Kokeilut"),
    ("automation", "Automation", "Automaatio"),
    ("knowledge-management", "Knowledge management", "Tietojohtaminen"),
    ("health-and-social-services", "Health and social services", "Sote-palvelut"),
    ("education", "Education", "Koulutus"),
    ("employment", "Employment services", "Työllisyyspalvelut"),
    ("business-services", "Services for businesses", "Yrityspalvelut"),
    ("mobility-as-a-service", "Mobility as a service", "Liikenne palveluna"),
    ("smart-cities", "Smart cities", "Älykkäät kaupungit"),
    ("climate-and-environment", "Climate and environment", "Ilmasto ja ympäristö"),
    ("housing", "Housing and building", "Asuminen ja rakentaminen"),
    ("digital-inclusion", "Digital inclusion", "Digituki"),
    ("customer-feedback", "Customer feedback", "Asiakaspalaute"),
    ("chatbots", "Chatbots and virtual assistants", "Chatbotit"),
    ("cloud", "Cloud services", "Pilvipalvelut"),
    ("architecture", "Enterprise architecture", "Kokonaisarkkitehtuuri"),
    ("regional-cooperation", "Regional cooperation", "Alueellinen yhteistyö"),
    ("evaluation", "Evaluation and impact", "Arviointi ja vaikuttavuus"),
    ("ecosystems", "Ecosystems and networks", "Ekosysteemit ja verkostot"),
]
ROLES = ["programme director", "service designer", "chief digital officer", "data scientist",
         "project manager", "head of development", "researcher", "senior adviser",
         "special adviser (erityisasiantuntija)", "mayor", "state secretary", "product owner",
         "lead architect", "communications specialist", "customer experience lead"]
FIRST_NAMES = ["Aino", "Eero", "Helmi", "Juhani", "Kaisa", "Lauri", "Maria", "Mikko", "Noora",
               "Oskari", "Pia", "Sanna", "Tuomas", "Veera", "Ville", "Anna", "Elias", "Ilona"]
LAST_NAMES = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen",
              "Laine", "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Saarinen", "Lindqvist"]
METHODS = ["service design", "user interviews", "co-creation workshops", "prototyping",
           "customer journey mapping", "surveys", "design sprint", "agile development",
           "experimentation", "data analysis", "shadowing", "usability testing",
           "stakeholder mapping", "living lab", "hackathon"]
PUBLISHERS = ["Suomidigi.fi", "Valtiovarainministeriö", "Kuntaliitto", "Sitra", "OECD OPSI",
              "Digi- ja väestötietovirasto", "Yle", "Helsingin Sanomat", "Tivi", "Medium"]
HOSTS = ["suomidigi.fi", "vm.fi", "kuntaliitto.fi", "sitra.fi", "oecd-opsi.org", "dvv.fi",
         "yle.fi", "hs.fi", "tivi.fi", "medium.com", "julkaisut.valtioneuvosto.fi"]


def _ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out = []
    for char in plain:
        out.append(char if char.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)


def _zipf(words: list[str], exponent: float = 1.0, shift: float = 2.7) -> tuple[list[str], list]:
    weights = [1.0 / (rank + shift) ** exponent for rank in range(len(words))]
    return words, list(accumulate(weights))


def _vocabularies(seed: int) -> dict[str, tuple[list[str], list]]:
    rng = random.Random(f"{seed}-vocabulary")
    fi_forms = [stem + suffix for stem in FI_STEMS for suffix in FI_SUFFIXES]
    fi_forms = list(dict.fromkeys(fi_forms))
    rng.shuffle(fi_forms)
    en_domain = EN_DOMAIN[:]
    rng.shuffle(en_domain)
    # Function words lead (the most frequent); a few Finnish loan words ride along in English.
    en = EN_FUNCTION + en_domain[:60] + FI_WORDS_IN_EN + en_domain[60:] + fi_forms[:150]
    fi = FI_FUNCTION + fi_forms + en_domain[:40]
    sv = SV_WORDS + en_domain[:80] + fi_forms[:60]
    return {"en": _zipf(en), "fi": _zipf(fi), "sv": _zipf(sv)}


# --- generator --------------------------------------------------------------------------------


class Corpus:
    def __init__(self, n: int, seed: int = DEFAULT_SEED) -> None:
        self.n = n
        self.seed = seed
        self.vocab = _vocabularies(seed)
        self.organisations = self._organisations()
        self.themes = [
            {"id": tid, "name": {"en": en, "fi": fi},
             "description": f"Entries about {en.lower()} in public administration."}
            for tid, en, fi in THEMES
        ]
        self.series = self._series()
        org_ids = [o["id"] for o in self.organisations]
        self.org_pick = _zipf(org_ids, 0.9, 5)
        self.theme_pick = _zipf([t["id"] for t in self.themes], 0.8, 3)
        self.ids: list[str] = []
        self.types: list[str] = []
        self.workshops: list[tuple[int, str, list[str]]] = []  # (index, id, finding ids)

    # registries
    def _organisations(self) -> list[dict]:
        rng = random.Random(f"{self.seed}-organisations")
        orgs: list[dict] = []
        seen: set[str] = set()

        def add(org: dict) -> None:
            if org["id"] not in seen and len(orgs) < 300:
                seen.add(org["id"])
                orgs.append(org)

        for fi, en in MINISTRIES:
            host = _ascii_slug(fi)[:12].strip("-")
            add({"id": _ascii_slug(en), "name": {"fi": fi, "en": en}, "type": "ministry",
                 "business_id": _business_id(rng), "website": f"https://{host}.fi"})
        for word in AGENCY_WORDS:
            en = f"Finnish {word} Agency"
            add({"id": _ascii_slug(en), "name": {"en": en, "fi": f"{word}virasto"},
                 "type": "agency", "business_id": _business_id(rng)})
        for region in REGIONS[:-1]:
            add({"id": _ascii_slug(f"{region}-wellbeing-services-county"),
                 "name": {"fi": f"{region}n hyvinvointialue",
                          "en": f"Wellbeing services county of {region}"},
                 "type": "wellbeing-services-county", "region": region})
            add({"id": _ascii_slug(f"regional-council-of-{region}"),
                 "name": {"fi": f"{region}n liitto", "en": f"Regional Council of {region}"},
                 "type": "region", "region": region})
        for town in MUNICIPALITIES:
            add({"id": _ascii_slug(f"city-of-{town}"),
                 "name": {"fi": f"{town}n kaupunki", "en": f"City of {town}"},
                 "type": "municipality", "municipality": town,
                 "region": rng.choice(REGIONS), "business_id": _business_id(rng),
                 "website": f"https://www.{_ascii_slug(town)}.fi"})
        kinds = [("company", "Oy", "Ltd"), ("association", "ry", "Association"),
                 ("university", "yliopisto", "University"), ("network", "verkosto", "Network"),
                 ("other", "säätiö", "Foundation")]
        count = 0
        while len(orgs) < 300:
            count += 1
            kind, fi_suffix, en_suffix = rng.choice(kinds)
            stem = rng.choice(FI_STEMS).capitalize()
            town = rng.choice(MUNICIPALITIES)
            en = f"{stem} {town} {en_suffix} {count}"
            org = {"id": _ascii_slug(en), "name": {"fi": f"{stem} {town} {fi_suffix}", "en": en},
                   "type": kind}
            if kind == "company":
                org["business_id"] = _business_id(rng)
            add(org)
        return orgs

    def _series(self) -> list[dict]:
        rng = random.Random(f"{self.seed}-series")
        series = []
        plan = [("workshop-series", 4), ("event-series", 3), ("programme", 3)]
        for kind, count in plan:
            for number in range(1, count + 1):
                name = f"{kind.replace('-', ' ').capitalize()} {rng.choice(THEMES)[1]} {number}"
                item = {"id": _ascii_slug(name), "name": {"en": name},
                        "kind": kind, "organiser": self.organisations[rng.randrange(60)]["id"],
                        "start": f"{rng.randint(2015, 2020)}-{rng.randint(1, 12):02d}",
                        "description": f"A {kind.replace('-', ' ')} on "
                                       f"{rng.choice(THEMES)[1].lower()}."}
                series.append(item)
        return series

    def series_of(self, kind: str) -> list[str]:
        return [s["id"] for s in self.series if s["kind"] == kind]

    # text
    def words(self, rng: random.Random, language: str, count: int) -> list[str]:
        words, cum = self.vocab[language]
        return rng.choices(words, cum_weights=cum, k=count)

    def sentence(self, rng: random.Random, language: str, low: int = 8, high: int = 22) -> str:
        words = self.words(rng, language, rng.randint(low, high))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def statement(self, rng: random.Random, language: str) -> str:
        return " ".join(self.sentence(rng, language) for _ in range(rng.randint(1, 2)))

    def body(self, rng: random.Random, language: str) -> str:
        target = rng.randint(400, 900)
        ampersand = rng.random() < 0.05  # '&' makes the body check render the Markdown
        headings = {"en": HEADINGS_EN, "fi": HEADINGS_FI, "sv": HEADINGS_SV}[language]
        parts: list[str] = []
        written = 0
        paragraph = 0
        while written < target:
            paragraph += 1
            if paragraph > 1 and paragraph % 3 == 1:
                parts.append("## " + rng.choice(headings))
            if rng.random() < 0.15:
                items = [self.sentence(rng, language, 4, 10) for _ in range(rng.randint(2, 5))]
                parts.append("\n".join(f"- {item}" for item in items))
                written += sum(len(item.split()) for item in items)
                continue
            sentences = [self.sentence(rng, language) for _ in range(rng.randint(3, 6))]
            if rng.random() < 0.2:
                host = rng.choice(HOSTS)
                label = " ".join(self.words(rng, language, 3))
                sentences.append(f"See [{label}](https://{host}/{_ascii_slug(label)}/).")
            if ampersand and paragraph == 2:
                sentences.append("The R&D work was **shared openly**.")
            written += sum(len(s.split()) for s in sentences)
            parts.append(_wrap(" ".join(sentences)))
        return "\n\n".join(parts) + "\n"

    def title(self, rng: random.Random, language: str) -> str:
        words = [w for w in self.words(rng, language, 12) if len(w) > 3][:rng.randint(3, 7)]
        text = " ".join(words) or "public service pilot"
        place = rng.choice(MUNICIPALITIES)
        return (text[0].upper() + text[1:] + f" in {place}")[:150]

    # entries
    def entry(self, i: int) -> tuple[str, str, dict, str]:
        """(type, id, front matter, body) of entry number i (0-based)."""
        rng = random.Random(f"{self.seed}-entry-{i}")
        block = TYPE_BLOCK[:]
        random.Random(f"{self.seed}-block-{i // 10}").shuffle(block)
        kind = block[i % 10]
        language = rng.choices(["en", "fi", "sv"], weights=[70, 25, 5])[0]
        title = self.title(rng, language)
        entry_id = f"{_ascii_slug(title)[:60].strip('-')}-{i:05d}"
        summary = _clip(" ".join(self.sentence(rng, language) for _ in range(2)), 380)
        published = date(2016, 1, 1) + timedelta(days=rng.randrange(3650))
        data: dict = {
            "title": title,
            "summary": summary,
            "language": language,
            "themes": _distinct(rng, self.theme_pick, rng.randint(1, 4)),
            "organisations": _distinct(rng, self.org_pick, rng.randint(1, 3)),
            "published": published.isoformat(),
        }
        if rng.random() < 0.3:
            data["updated"] = (published + timedelta(days=rng.randrange(1, 400))).isoformat()
        data["sources"] = [self.source(rng, language) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.5:
            data["links"] = [{"title": " ".join(self.words(rng, language, 4)).capitalize(),
                              "url": f"https://{rng.choice(HOSTS)}/material/{i}/{k}",
                              "kind": rng.choice(["recording", "slides", "report", "article",
                                                  "website", "dataset", "other"])}
                             for k in range(rng.randint(1, 2))]
        earlier = range(max(0, i - RELATED_WINDOW), i)
        if earlier and rng.random() < 0.7:
            picks = rng.sample(list(earlier), min(len(earlier), rng.randint(1, 3)))
            data["related"] = [self.ids[j] for j in sorted(picks)]
        data["keywords"] = [" ".join(self.words(rng, language, rng.randint(1, 2)))[:60]
                            for _ in range(rng.randint(2, 6))]
        year = rng.randint(2012, 2025)
        happened = date(year, rng.randint(1, 12), rng.randint(1, 28))
        if kind == "case":
            data.update(self.case_fields(rng, language, year))
        elif kind == "workshop":
            data.update(self.workshop_fields(rng, language, happened))
        else:
            data.update(self.event_fields(rng, language, happened))
        return kind, entry_id, data, self.body(rng, language)

    def source(self, rng: random.Random, language: str) -> dict:
        source = {"title": " ".join(self.words(rng, language, rng.randint(3, 8))).capitalize(),
                  "publisher": rng.choice(PUBLISHERS)}
        if rng.random() < 0.8:
            source["url"] = f"https://{rng.choice(HOSTS)}/{rng.randrange(10**6)}"
        if rng.random() < 0.5:
            source["date"] = (date(2012, 1, 1) + timedelta(days=rng.randrange(5000))).isoformat()
        return source

    def case_fields(self, rng: random.Random, language: str, year: int) -> dict:
        fields: dict = {
            "year": year,
            "level_of_government": rng.choice(["national", "regional", "local",
                                               "cross-government"]),
            "stage": rng.choice(["identifying-problems", "generating-ideas",
                                 "developing-proposals", "implementing", "evaluating",
                                 "diffusing-lessons"]),
        }
        if rng.random() < 0.6:
            start = f"{year}-{rng.randint(1, 12):02d}"
            fields["period"] = {"start": start}
            if rng.random() < 0.6:
                fields["period"]["end"] = f"{year + rng.randint(1, 3)}-{rng.randint(1, 12):02d}"
        if rng.random() < 0.3:
            fields["series"] = rng.choice(self.series_of("programme"))
        fields["methods"] = rng.sample(METHODS, rng.randint(1, 4))
        fields["lessons"] = [self.statement(rng, language) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.7:
            fields["challenges_and_failures"] = [self.statement(rng, language)
                                                 for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.6:
            fields["conditions_for_success"] = [self.statement(rng, language)
                                                for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.4:
            fields["replication"] = self.statement(rng, language)
        recent = [w for w in self.workshops if w[0] >= len(self.ids) - 10 * ADDRESS_WINDOW]
        if recent and rng.random() < 0.4:
            addresses = []
            for _ in range(rng.randint(1, 2)):
                _, workshop_id, findings = rng.choice(recent[-ADDRESS_WINDOW:])
                addresses.append(f"{workshop_id}#{rng.choice(findings)}")
            fields["addresses"] = list(dict.fromkeys(addresses))
        return fields

    def workshop_fields(self, rng: random.Random, language: str, happened: date) -> dict:
        fields: dict = {"date": happened.isoformat()}
        if rng.random() < 0.5:
            fields["series"] = rng.choice(self.series_of("workshop-series"))
        fields["format"] = rng.choice(["in-person", "online", "hybrid"])
        fields["participants"] = {
            "count": rng.randint(5, 120),
            "sectors": rng.sample(["public", "private", "third-sector", "academia", "citizens"],
                                  rng.randint(1, 4)),
        }
        findings = []
        for number in range(1, rng.randint(2, 6) + 1):
            finding: dict = {"id": f"finding-{number}",
                             "statement": self.statement(rng, language)}
            if rng.random() < 0.7:
                finding["barrier"] = rng.choice(["regulation", "resources", "operating-model",
                                                 "data", "skills", "other"])
            if rng.random() < 0.6:
                finding["proposals"] = [self.statement(rng, language)
                                        for _ in range(rng.randint(1, 3))]
            if rng.random() < 0.5:
                finding["status"] = rng.choice(["open", "in-progress", "adopted", "dropped"])
            findings.append(finding)
        fields["findings"] = findings
        return fields

    def event_fields(self, rng: random.Random, language: str, happened: date) -> dict:
        fields: dict = {"date": happened.isoformat()}
        if rng.random() < 0.5:
            fields["start_time"] = f"{rng.randint(8, 18):02d}:{rng.choice(['00', '15', '30'])}"
        if rng.random() < 0.5:
            fields["series"] = rng.choice(self.series_of("event-series"))
        fields["format"] = rng.choice(["in-person", "online", "hybrid"])
        fields["participants"] = {"count": rng.randint(10, 400)}
        speakers = []
        for _ in range(rng.randint(1, 5)):
            speaker = {"organisation": _distinct(rng, self.org_pick, 1)[0],
                       "role": rng.choice(ROLES)}
            if rng.random() < 0.5:
                speaker["name"] = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            speakers.append(speaker)
        fields["speakers"] = speakers
        fields["takeaways"] = [self.statement(rng, language) for _ in range(rng.randint(1, 4))]
        return fields

    def write(self, out: Path) -> Path:
        content = out / "content"
        if content.resolve() == (ROOT / "content").resolve() or (
                content.resolve().is_relative_to((ROOT / "content").resolve())):
            raise SystemExit("refusing to write into the project's own content/ folder")
        if content.exists():
            if not (content / MARKER).exists():
                raise SystemExit(f"{content} exists and is not a benchmark corpus; "
                                 "choose another OUT")
            shutil.rmtree(content)
        for folder in ("cases", "workshops", "events"):
            (content / folder).mkdir(parents=True)
        (content / MARKER).write_text(f"n={self.n} seed={self.seed}\n", "utf-8")
        _dump(content / "organisations.yml", self.organisations)
        _dump(content / "themes.yml", self.themes)
        _dump(content / "series.yml", self.series)
        folders = {"case": "cases", "workshop": "workshops", "event": "events"}
        for i in range(self.n):
            kind, entry_id, data, body = self.entry(i)
            self.ids.append(entry_id)
            self.types.append(kind)
            if kind == "workshop":
                self.workshops.append((i, entry_id, [f["id"] for f in data["findings"]]))
            front = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                              width=100)
            path = content / folders[kind] / f"{entry_id}.md"
            path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
        return content


def _wrap(text: str, width: int = 100) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.") + "."


def _distinct(rng: random.Random, pick: tuple[list[str], list], count: int) -> list[str]:
    words, cum = pick
    chosen: list[str] = []
    while len(chosen) < count:
        word = rng.choices(words, cum_weights=cum)[0]
        if word not in chosen:
            chosen.append(word)
    return chosen


def _business_id(rng: random.Random) -> str:
    while True:
        digits = f"{rng.randrange(10**7):07d}"
        remainder = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2),
                                                   strict=True)) % 11
        if remainder != 1:
            return f"{digits}-{0 if remainder == 0 else 11 - remainder}"


def _dump(path: Path, data: list[dict]) -> None:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text("# Synthetic benchmark registry (bench/corpus.py)\n" + text, "utf-8")


def write_corpus(n: int, out: Path, seed: int = DEFAULT_SEED) -> Path:
    """Write an n-entry corpus to out/content/ and return that folder."""
    return Corpus(n, seed).write(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("entries", type=int, help="number of entries")
    parser.add_argument("out", type=Path, help="folder to write content/ into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    content = write_corpus(args.entries, args.out, args.seed)
    print(f"wrote {args.entries} entries to {content}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
