"""The content contract: one Pydantic model per entry type and registry.

These models are the single source of truth. The JSON Schemas in schemas/json/ are generated
from them (`opit schema`), the validator checks files against them, and `opit new` writes its
scaffold from their fields and descriptions. Kept in one file (over 300 lines) so that the
whole contract reads as one specification, in the order a contributor meets it.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from schemas.types import (
    BusinessId,
    EntryId,
    FindingRef,
    IsoDate,
    Language,
    Line,
    PartialDate,
    PlainText,
    Slug,
    Statement,
    Title,
    WebUrl,
    Year,
)

EntryType = Literal["case", "workshop", "event"]
ENTRY_TYPES: tuple[EntryType, ...] = get_args(EntryType)
# Each type's folder in content/, which is also its part of the site's and the API's paths.
TYPE_FOLDERS: dict[EntryType, str] = {entry_type: f"{entry_type}s" for entry_type in ENTRY_TYPES}
ENTRY_FOLDERS: dict[str, EntryType] = {folder: entry_type for entry_type, folder in TYPE_FOLDERS.items()}

Format = Literal["in-person", "online", "hybrid"]
LevelOfGovernment = Literal["national", "regional", "local", "cross-government"]
Stage = Literal[
    "identifying-problems",
    "generating-ideas",
    "developing-proposals",
    "implementing",
    "evaluating",
    "diffusing-lessons",
]
LEVELS: tuple[LevelOfGovernment, ...] = get_args(LevelOfGovernment)
STAGES: tuple[Stage, ...] = get_args(Stage)
Sector = Literal["public", "private", "third-sector", "academia", "citizens"]
Barrier = Literal["regulation", "resources", "operating-model", "data", "skills", "other"]
FindingStatus = Literal["open", "in-progress", "adopted", "dropped"]
LinkKind = Literal["recording", "slides", "report", "article", "website", "dataset", "other"]
OrganisationType = Literal[
    "ministry",
    "agency",
    "municipality",
    "wellbeing-services-county",
    "region",
    "company",
    "association",
    "university",
    "network",
    "other",
]
SeriesKind = Literal["workshop-series", "event-series", "programme"]


class Strict(BaseModel):
    """Unknown keys are errors: a typo must never silently drop data."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Source(Strict):
    title: Line = Field(description="Title of the document, page or talk the facts come from.")
    publisher: Line | None = Field(None, description="Who published it.")
    url: WebUrl | None = Field(None, description="Where it can be read online.")
    date: IsoDate | None = Field(None, description="When it was published, YYYY-MM-DD.")


class Link(Strict):
    title: Line = Field(description="What the link is, in a few words.")
    url: WebUrl
    kind: LinkKind = Field(
        description="recording, slides, report, article, website, dataset or other."
    )


class Translations(Strict):
    fi: EntryId | None = Field(None, description="Id of the Finnish version of this entry.")
    sv: EntryId | None = Field(None, description="Id of the Swedish version of this entry.")
    en: EntryId | None = Field(None, description="Id of the English version of this entry.")


class EntryBase(Strict):
    type: EntryType | None = Field(
        None, description="Optional; the folder gives the type, and this must agree with it."
    )
    title: Title = Field(
        description="The entry's title, 5-160 characters."
    )
    summary: Annotated[PlainText, Field(min_length=20, max_length=400)] = Field(
        description="Plain text, 20-400 characters: shown in listings and search results."
    )
    language: Language = Field(description="Language of the entry's text: fi, sv or en.")
    themes: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="Theme ids from content/themes.yml, at least one."
    )
    organisations: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="Organisation ids from content/organisations.yml, at least one."
    )
    published: IsoDate = Field(description="Date the entry was added, YYYY-MM-DD.")
    updated: IsoDate | None = Field(None, description="Date of the last real change, YYYY-MM-DD.")
    sources: Annotated[list[Source], Field(min_length=1)] = Field(
        description="Where the facts come from, at least one: title, publisher, url, date."
    )
    links: list[Link] = Field(
        default_factory=list, description="Recordings, slides, reports and other material."
    )
    related: list[EntryId] = Field(default_factory=list, description="Ids of related entries.")
    keywords: list[Annotated[Line, Field(max_length=60)]] = Field(
        default_factory=list, description="Short search words."
    )
    license: Annotated[str, Field(pattern=r"^[A-Za-z0-9.+-]+$")] = Field(
        "CC-BY-4.0", description="SPDX licence identifier of the text."
    )
    translations: Translations | None = Field(
        None, description="Ids of this entry in other languages."
    )

    @model_validator(mode="after")
    def _updated_after_published(self) -> EntryBase:
        if self.updated is not None and self.updated < self.published:
            raise ValueError(
                f"updated ({self.updated}) is before published ({self.published}); "
                "fix one of the dates"
            )
        return self


class Period(Strict):
    start: PartialDate = Field(description="When the work started, YYYY-MM or YYYY-MM-DD.")
    end: PartialDate | None = Field(None, description="When it ended, YYYY-MM or YYYY-MM-DD.")

    @model_validator(mode="after")
    def _end_after_start(self) -> Period:
        if self.end is not None and self.end[: len(self.start)] < self.start[: len(self.end)]:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self


class Case(EntryBase):
    year: Year = Field(description="Year the work started.")
    period: Period | None = Field(None, description="When the work ran: start and end.")
    level_of_government: LevelOfGovernment = Field(
        description="national, regional, local or cross-government."
    )
    stage: Stage = Field(
        description="identifying-problems, generating-ideas, developing-proposals, implementing, "
        "evaluating or diffusing-lessons."
    )
    series: Slug | None = Field(None, description="Id of the programme in content/series.yml.")
    methods: list[Line] = Field(
        default_factory=list, description="Methods used: service design, user interviews, ..."
    )
    lessons: list[Statement] = Field(default_factory=list, description="What was learned.")
    challenges_and_failures: list[Statement] = Field(
        default_factory=list, description="What went wrong or was hard. Failures are welcome."
    )
    conditions_for_success: list[Statement] = Field(
        default_factory=list, description="What has to be in place for this to work."
    )
    replication: Statement | None = Field(None, description="Could others repeat it, and how.")
    addresses: list[FindingRef] = Field(
        default_factory=list,
        description="Workshop findings this case addresses: '<workshop-id>#<finding-id>'.",
    )


class Participants(Strict):
    count: Annotated[int, Field(ge=1, le=1_000_000)] | None = Field(
        None, description="How many took part."
    )
    sectors: list[Sector] = Field(
        default_factory=list,
        description="public, private, third-sector, academia, citizens.",
    )


class EventParticipants(Strict):
    count: Annotated[int, Field(ge=1, le=1_000_000)] | None = Field(
        None, description="How many took part."
    )


class Finding(Strict):
    id: Slug = Field(description="Short id, unique within the workshop (used in #finding-<id>).")
    statement: Statement = Field(description="The finding in one or two plain sentences.")
    barrier: Barrier | None = Field(
        None, description="regulation, resources, operating-model, data, skills or other."
    )
    proposals: list[Statement] = Field(default_factory=list, description="What was proposed.")
    status: FindingStatus | None = Field(
        None, description="open, in-progress, adopted or dropped."
    )


class Workshop(EntryBase):
    date: IsoDate = Field(description="Date of the workshop, YYYY-MM-DD.")
    series: Slug | None = Field(None, description="Id of the workshop series in series.yml.")
    format: Format = Field(description="in-person, online or hybrid.")
    participants: Participants | None = Field(None, description="Who took part.")
    findings: Annotated[list[Finding], Field(min_length=1)] = Field(
        description="What the workshop found, at least one."
    )

    @model_validator(mode="after")
    def _unique_findings(self) -> Workshop:
        seen: set[str] = set()
        for index, finding in enumerate(self.findings):
            if finding.id in seen:
                # Raised with its location, so that the error points at the repeated id.
                problem = PydanticCustomError(
                    "duplicate_finding",
                    "finding id '{id}' is used twice; make each id unique",
                    {"id": finding.id},
                )
                raise ValidationError.from_exception_data(
                    "Workshop",
                    [{"type": problem, "loc": ("findings", index, "id"), "input": finding.id}],
                )
            seen.add(finding.id)
        return self


class Speaker(Strict):
    organisation: Slug = Field(description="Organisation id from organisations.yml.")
    role: Line = Field(description="Role in plain words, e.g. 'programme director'.")
    name: Line | None = Field(None, description="Only for someone speaking in a public role.")


class Event(EntryBase):
    date: IsoDate = Field(description="Date of the event, YYYY-MM-DD.")
    start_time: Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] | None = Field(
        None, description="Start time HH:MM, Europe/Helsinki."
    )
    series: Slug | None = Field(None, description="Id of the event series in series.yml.")
    format: Format = Field(description="in-person, online or hybrid.")
    participants: EventParticipants | None = Field(None, description="How many took part.")
    speakers: list[Speaker] = Field(default_factory=list, description="Who spoke.")
    takeaways: list[Statement] = Field(default_factory=list, description="What to take away.")


class LocalName(Strict):
    fi: Line | None = None
    sv: Line | None = None
    en: Line | None = None

    @model_validator(mode="after")
    def _at_least_one(self) -> LocalName:
        if not (self.fi or self.sv or self.en):
            raise ValueError("give the name in at least one language: fi, sv or en")
        return self


class EnglishName(LocalName):
    en: Line = Field(description="The English name (required).")


class Organisation(Strict):
    id: Slug
    name: LocalName = Field(description="Name by language: fi, sv, en (at least one).")
    type: OrganisationType
    business_id: BusinessId | None = None
    municipality: Line | None = None
    region: Line | None = None
    website: WebUrl | None = None


class Theme(Strict):
    id: Slug
    name: EnglishName = Field(description="Name by language: en (required), fi, sv.")
    description: PlainText | None = None


class Series(Strict):
    id: Slug
    name: EnglishName = Field(description="Name by language: en (required), fi, sv.")
    kind: SeriesKind
    organiser: Slug = Field(description="Organisation id from organisations.yml.")
    start: PartialDate | None = None
    end: PartialDate | None = None
    description: PlainText | None = None
    website: WebUrl | None = None


class Organisations(RootModel[list[Organisation]]):
    pass


class Themes(RootModel[list[Theme]]):
    pass


class SeriesList(RootModel[list[Series]]):
    pass


ENTRY_MODELS: dict[EntryType, type[EntryBase]] = {
    "case": Case,
    "workshop": Workshop,
    "event": Event,
}
REGISTRY_MODELS: dict[str, type[RootModel]] = {
    "organisations": Organisations,
    "themes": Themes,
    "series": SeriesList,
}
Entry = Case | Workshop | Event
