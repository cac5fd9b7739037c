"""The shared vocabulary: languages, CEFR levels, the skills/needs taxonomy and interests.

Codes are stable identifiers stored in profiles and requests; labels exist in Polish,
Ukrainian and English and are chosen by the reader's language. Language names come from the
CLDR data shipped with Babel, so they are spelled the way each language spells them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from babel import Locale

from core.collation import sorted_for_reader
from core.languages import SUPPORTED_LANGUAGES, reader_language


@dataclass(frozen=True)
class Label:
    pl: str
    uk: str
    en: str

    def in_language(self, language: str | None) -> str:
        code = (language or "en").split("-")[0].lower()
        return str(getattr(self, code, self.en)) if code in SUPPORTED_LANGUAGES else self.en

    def in_sentence(self, language: str | None) -> str:
        return in_sentence(self.in_language(language), language)


def in_sentence(label: str, language: str | None) -> str:
    """A label inside running text: Polish and Ukrainian write a common noun in lower case
    there ("w zakresie: sprawy urzędowe"); English keeps its capitals ("Polish practice")."""
    code = (language or "en").split("-")[0].lower()
    return label[:1].lower() + label[1:] if code in ("pl", "uk") else label


@dataclass(frozen=True)
class Term:
    code: str
    label: Label
    description: Label | None = None


# ISO 639-1 codes of the languages residents and newcomers speak most often in Polish cities.
LANGUAGE_CODES = (
    "pl", "uk", "ru", "be", "en", "de", "ka", "vi", "ar", "tr", "hy", "es", "fr", "it",
    "lt", "ro", "cs", "sk", "hi", "zh", "fa", "kk", "uz", "az", "tg", "ky", "so", "ti",
)  # fmt: skip

# CEFR levels in ascending order, `native` above C2.
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
LEVEL_LABELS = {
    "A1": Label("A1 – początkujący", "A1 – початковий", "A1 – beginner"),
    "A2": Label("A2 – podstawowy", "A2 – елементарний", "A2 – elementary"),
    "B1": Label("B1 – średnio zaawansowany", "B1 – середній", "B1 – intermediate"),
    "B2": Label(
        "B2 – ponad średnio zaawansowany", "B2 – вище середнього", "B2 – upper intermediate"
    ),
    "C1": Label("C1 – zaawansowany", "C1 – просунутий", "C1 – advanced"),
    "C2": Label("C2 – biegły", "C2 – вільне володіння", "C2 – proficient"),
    "native": Label("język ojczysty", "рідна мова", "native speaker"),
}
# Both people must speak a shared language at least at this level to work together.
USABLE_LEVEL = "B1"


def level_rank(level: str) -> int:
    """1 for A1 ... 7 for native; 0 for an unknown level."""
    return LEVELS.index(level) + 1 if level in LEVELS else 0


SKILLS = (
    Term(
        "admin_procedures",
        Label("Sprawy urzędowe", "Справи в установах", "Official procedures"),
        Label(
            "Pomoc w urzędach: wnioski, kolejki, formularze, umawianie wizyt.",
            "Допомога в установах: заяви, черги, бланки, запис на прийом.",
            "Help at offices: applications, queues, forms, booking appointments.",
        ),
    ),
    Term(
        "language_practice",
        Label("Nauka polskiego", "Практика польської", "Polish practice"),
        Label(
            "Rozmowy po polsku w codziennych sytuacjach, tandem językowy.",
            "Розмови польською в щоденних ситуаціях, мовний тандем.",
            "Speaking Polish in everyday situations, a conversation tandem.",
        ),
    ),
    Term(
        "job_search",
        Label("Szukanie pracy", "Пошук роботи", "Job search"),
        Label(
            "CV po polsku, ogłoszenia, przygotowanie do rozmowy, prawa pracownika.",
            "Резюме польською, оголошення, підготовка до співбесіди, права працівника.",
            "A Polish CV, job offers, interview practice, workers' rights.",
        ),
    ),
    Term(
        "housing",
        Label("Mieszkanie", "Житло", "Housing"),
        Label(
            "Szukanie mieszkania, umowa najmu, media, kontakt z właścicielem.",
            "Пошук житла, договір оренди, комунальні послуги, спілкування з власником.",
            "Finding a flat, the rental contract, utilities, talking to the landlord.",
        ),
    ),
    Term(
        "healthcare",
        Label("Zdrowie", "Здоров'я", "Healthcare"),
        Label(
            "Jak działa NFZ, zapis do lekarza rodzinnego, apteka, pogotowie.",
            "Як працює NFZ, запис до сімейного лікаря, аптека, швидка допомога.",
            "How public healthcare (NFZ) works, registering with a GP, pharmacies, emergencies.",
        ),
    ),
    Term(
        "legal_residence",
        Label("Legalny pobyt", "Легальне перебування", "Legal residence"),
        Label(
            "Karta pobytu, PESEL, gdzie szukać porady prawnej. Wolontariusz wskazuje drogę, "
            "nie udziela porad prawnych.",
            "Карта побиту, PESEL, де шукати юридичну консультацію. Волонтер підказує шлях, "
            "але не надає юридичних порад.",
            "Residence cards, PESEL, where to find legal advice. Volunteers guide; they do "
            "not give legal advice.",
        ),
    ),
    Term(
        "education",
        Label("Edukacja", "Освіта", "Education"),
        Label(
            "Zapisy do przedszkola i szkoły, uznanie dyplomu, kursy.",
            "Запис до дитсадка і школи, визнання диплома, курси.",
            "Enrolling in kindergarten and school, recognising diplomas, courses.",
        ),
    ),
    Term(
        "local_customs",
        Label("Życie w mieście", "Життя в місті", "Local customs"),
        Label(
            "Komunikacja miejska, zakupy, segregacja śmieci, zwyczaje i święta.",
            "Громадський транспорт, покупки, сортування сміття, звичаї та свята.",
            "Public transport, shopping, waste sorting, customs and holidays.",
        ),
    ),
    Term(
        "digital_skills",
        Label("Sprawy cyfrowe", "Цифрові навички", "Digital skills"),
        Label(
            "Profil zaufany, bankowość internetowa, aplikacje miejskie.",
            "Профіль довіри (Profil Zaufany), інтернет-банкінг, міські застосунки.",
            "Trusted profile (Profil Zaufany), online banking, city apps.",
        ),
    ),
    Term(
        "social_contacts",
        Label("Nowe znajomości", "Нові знайомства", "Meeting people"),
        Label(
            "Wspólne wyjścia, lokalne wydarzenia, kluby i organizacje.",
            "Спільні прогулянки, місцеві події, клуби та організації.",
            "Going out together, local events, clubs and associations.",
        ),
    ),
)

INTERESTS = (
    Term("art", Label("Sztuka", "Мистецтво", "Art")),
    Term("board_games", Label("Gry planszowe", "Настільні ігри", "Board games")),
    Term("books", Label("Książki", "Книги", "Books")),
    Term("chess", Label("Szachy", "Шахи", "Chess")),
    Term("cinema", Label("Kino", "Кіно", "Cinema")),
    Term("cooking", Label("Gotowanie", "Кулінарія", "Cooking")),
    Term("crafts", Label("Rękodzieło", "Рукоділля", "Crafts")),
    Term("cycling", Label("Rower", "Велосипед", "Cycling")),
    Term("dance", Label("Taniec", "Танці", "Dance")),
    Term("fashion", Label("Moda", "Мода", "Fashion")),
    Term("fishing", Label("Wędkarstwo", "Риболовля", "Fishing")),
    Term("fitness", Label("Fitness", "Фітнес", "Fitness")),
    Term("football", Label("Piłka nożna", "Футбол", "Football")),
    Term("gardening", Label("Ogrodnictwo", "Садівництво", "Gardening")),
    Term("hiking", Label("Wędrówki", "Піші походи", "Hiking")),
    Term("history", Label("Historia", "Історія", "History")),
    Term("languages", Label("Języki obce", "Іноземні мови", "Languages")),
    Term("music", Label("Muzyka", "Музика", "Music")),
    Term("nature", Label("Przyroda", "Природа", "Nature")),
    Term("parenting", Label("Rodzicielstwo", "Батьківство", "Parenting")),
    Term("pets", Label("Zwierzęta", "Тварини", "Pets")),
    Term("photography", Label("Fotografia", "Фотографія", "Photography")),
    Term("programming", Label("Programowanie", "Програмування", "Programming")),
    Term("running", Label("Bieganie", "Біг", "Running")),
    Term("science", Label("Nauka", "Наука", "Science")),
    Term("singing", Label("Śpiew", "Спів", "Singing")),
    Term("sports", Label("Sport", "Спорт", "Sports")),
    Term("swimming", Label("Pływanie", "Плавання", "Swimming")),
    Term("technology", Label("Technologia", "Технології", "Technology")),
    Term("theatre", Label("Teatr", "Театр", "Theatre")),
    Term("travel", Label("Podróże", "Подорожі", "Travel")),
    Term("video_games", Label("Gry komputerowe", "Відеоігри", "Video games")),
    Term("volleyball", Label("Siatkówka", "Волейбол", "Volleyball")),
    Term("volunteering", Label("Wolontariat", "Волонтерство", "Volunteering")),
    Term("yoga", Label("Joga", "Йога", "Yoga")),
    Term("baking", Label("Pieczenie", "Випічка", "Baking")),
    Term("basketball", Label("Koszykówka", "Баскетбол", "Basketball")),
    Term("museums", Label("Muzea", "Музеї", "Museums")),
    Term("religion", Label("Wspólnota religijna", "Релігійна громада", "Faith community")),
    Term("walking", Label("Spacery", "Прогулянки", "Walks")),
)

SKILL_CODES = frozenset(term.code for term in SKILLS)
# The skills as one named choice set in the OpenAPI schema (needs and skills share it).
SKILL_CHOICES = tuple(sorted(SKILL_CODES))
INTEREST_CODES = frozenset(term.code for term in INTERESTS)


@cache
def language_name(code: str, in_language: str) -> str:
    """The name of language `code`, written in `in_language` (e.g. uk, pl -> "польська")."""
    locale = Locale.parse(in_language if in_language in SUPPORTED_LANGUAGES else "en")
    name = locale.languages.get(code, code)
    return str(name)


def skill(code: str) -> Term:
    return next(term for term in SKILLS if term.code == code)


# What a person reads as a list (needs, skills, topics, languages) is in their alphabet, not in
# the order it was stored or ticked: a Ukrainian reader finds "іспанська" among the "і"s.


def skill_labels(codes: Iterable[str], language: str | None = None) -> list[str]:
    """The labels of the known skills among `codes`, in the reader's alphabet."""
    lang = reader_language(language)
    labels = (skill(code).label.in_language(lang) for code in codes if code in SKILL_CODES)
    return sorted_for_reader(labels, key=str, language=lang)


def language_levels(
    languages: Mapping[str, str], language: str | None = None
) -> list[tuple[str, str]]:
    """(name, level) of each of a person's languages, by name in the reader's alphabet."""
    lang = reader_language(language)
    rows = ((language_name(code, lang), level) for code, level in languages.items())
    return sorted_for_reader(rows, key=lambda row: row[0], language=lang)


def interest(code: str) -> Term | None:
    return next((term for term in INTERESTS if term.code == code), None)


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MODES = ("in_person", "online")
MAX_INTERESTS = 20
MAX_INTEREST_LENGTH = 40


@cache
def _interest_codes_by_label() -> dict[str, str]:
    labels: dict[str, str] = {}
    for term in INTERESTS:
        for text in (term.code, term.label.pl, term.label.uk, term.label.en):
            labels[" ".join(text.lower().split())] = term.code
    return labels


def normalise_interests(words: list[str]) -> list[str]:
    """Vocabulary codes stay codes; a label in any language becomes its code ("Szachy" ->
    "chess"); any other word is lower-cased with single spaces. Order kept, duplicates dropped.
    """
    normalised: list[str] = []
    for word in words:
        text = " ".join(word.lower().split())
        if not text:
            continue
        text = _interest_codes_by_label().get(text, text)
        if text not in normalised:
            normalised.append(text)
    return normalised
