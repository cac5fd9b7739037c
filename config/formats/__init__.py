"""Dates and times as people read them on pages, in e-mails and PDFs (FORMAT_MODULE_PATH).

The month always in words, in the reader's language ("7 grudnia 2026", "7 грудня 2026",
"7 December 2026"): a numeric day/month is read 12 July by one reader and 7 December by
another. Times in 24-hour form. The short formats are the long ones: there is no place where a
person reads a date and a numeric form would do. Machines (API, CSV) keep ISO 8601. What is not
set here (input formats) comes from Django's own locale.
"""
