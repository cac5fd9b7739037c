"""The typical modules a programme is offered when it starts, as the seeds' training describes.

Titles and descriptions are in Polish (a programme's main language) with Ukrainian and English
translations; coordinators can change everything afterwards.
"""

from __future__ import annotations

from typing import Any

DEFAULT_MODULES: tuple[dict[str, Any], ...] = (
    {
        "title": "Podstawy Ambasadora Powitania",
        "description": (
            "Na czym polega program, rola ambasadora, półroczne zobowiązanie, "
            "jak wygląda pierwsze spotkanie i gdzie szukać wsparcia koordynatora."
        ),
        "translations": {
            "uk": {
                "title": "Основи амбасадора привітання",
                "description": (
                    "Про що програма, роль амбасадора, піврічне зобов'язання, як виглядає "
                    "перша зустріч і де шукати підтримки координатора."
                ),
            },
            "en": {
                "title": "Welcome Ambassador basics",
                "description": (
                    "What the programme is, the ambassador's role, the six-month commitment, "
                    "the first meeting, and where to find the coordinator's support."
                ),
            },
        },
        "is_required": True,
        "validity_months": None,
        "delivery": "in_person",
    },
    {
        "title": "Komunikacja międzykulturowa",
        "description": (
            "Różnice kulturowe w codziennym kontakcie, prosty język, praca z tłumaczem "
            "i unikanie stereotypów."
        ),
        "translations": {
            "uk": {
                "title": "Міжкультурна комунікація",
                "description": (
                    "Культурні відмінності в повсякденному спілкуванні, проста мова, робота з "
                    "перекладачем і уникнення стереотипів."
                ),
            },
            "en": {
                "title": "Intercultural communication",
                "description": (
                    "Cultural differences in everyday contact, plain language, working with an "
                    "interpreter, and avoiding stereotypes."
                ),
            },
        },
        "is_required": True,
        "validity_months": None,
        "delivery": "in_person",
    },
    {
        "title": "Urzędy i procedury: jak prowadzić, a nie decydować",
        "description": (
            "Legalizacja pobytu, PESEL, meldunek, NFZ i szkoła: jak towarzyszyć w urzędzie, "
            "dokąd kierować po poradę prawną i czego nie robić za kogoś."
        ),
        "translations": {
            "uk": {
                "title": "Установи та процедури: як супроводжувати, а не вирішувати",
                "description": (
                    "Легалізація перебування, PESEL, реєстрація місця проживання, NFZ і школа: "
                    "як супроводжувати в установі, куди скеровувати по юридичну пораду і чого "
                    "не робити замість людини."
                ),
            },
            "en": {
                "title": "Offices and procedures: how to guide, not decide",
                "description": (
                    "Residence permits, PESEL, registration, the health fund and school: how to "
                    "accompany someone to an office, where to refer for legal advice, and what "
                    "not to do on their behalf."
                ),
            },
        },
        "is_required": True,
        "validity_months": 24,
        "delivery": "online",
    },
    {
        "title": "Granice i bezpieczeństwo",
        "description": (
            "Granice relacji mentorskiej, ochrona danych, bezpieczeństwo dzieci, "
            "rozpoznawanie przemocy i wyzysku, kiedy i jak zgłosić problem."
        ),
        "translations": {
            "uk": {
                "title": "Межі та безпека",
                "description": (
                    "Межі менторських стосунків, захист даних, безпека дітей, розпізнавання "
                    "насильства й експлуатації, коли і як повідомити про проблему."
                ),
            },
            "en": {
                "title": "Boundaries and safeguarding",
                "description": (
                    "Boundaries of a mentoring relationship, data protection, child safeguarding, "
                    "recognising abuse and exploitation, when and how to report a concern."
                ),
            },
        },
        "is_required": True,
        "validity_months": 12,
        "delivery": "in_person",
    },
)


def default_module_titles(language: str) -> list[str]:
    return [
        module["translations"].get(language, {}).get("title") or module["title"]
        for module in DEFAULT_MODULES
    ]
