"""Crawl-time title prefilter: does this title look like a tech-leadership role?

Every advert is kept whatever this says. The tag lets a user crawl broad sources and
still see at a glance (``postings.likely_target``) how many adverts are likely in scope;
the extract stage's title classifier (``nlp/title.py``) decides ``role_family``, which is
what the trend views use. Keep this cheap and generous: a false positive costs nothing.
"""

from __future__ import annotations

import re

_EXECUTIVE = re.compile(r"\b(cio|cto|ciso|cdo|cdio|chief\s+(information|technology|digital|"
                        r"data|technical|information\s+security)\s+officer)\b", re.IGNORECASE)
_LEADERSHIP = re.compile(r"\b(manager|management|head|director|chief|vp|vice\s+president|lead|"
                         r"leader|supervisor|superintendent|commissioner)\b", re.IGNORECASE)
_TECHNOLOGY = re.compile(
    r"\b(it|ict|i\.t\.|technology|technologies|technical|digital|engineering|infrastructure|"
    r"software|data|cloud|security|cyber\w*|network\w*|systems?|platforms?|devops|sre|"
    r"information|applications?|service\s+delivery|operations\s+centre|noc|data\s+cent(re|er)|"
    r"facilities\s+engineering|critical\s+(facilities|environments?)|field\s+service|"
    r"service\s+desk|help\s*desk|telecom\w*|architecture|it\s+operations)\b",
    re.IGNORECASE)


def likely_tech_leadership(title: str) -> bool:
    """True for titles such as "Head of IT", "Engineering Manager", "CTO"."""
    if _EXECUTIVE.search(title):
        return True
    return bool(_LEADERSHIP.search(title) and _TECHNOLOGY.search(title))
