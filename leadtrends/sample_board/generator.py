"""Deterministic generator for the synthetic careers site: adverts plus their ground truth.

Everything random comes from one ``random.Random(seed)``, and nothing iterates over a set,
so the same arguments always give the same adverts (and, once rendered, the same bytes).
"""

from __future__ import annotations

import html
import math
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from leadtrends.sample_board import vocabulary as v

if TYPE_CHECKING:
    from leadtrends.sample_board.vocabulary import Channel, CompanySpec

TARGET_FAMILIES: tuple[str, ...] = ("technology_management", "technical_operations_management")

# Physical-operations roles only make sense where there is plant to run.
_OPERATIONS_INDUSTRIES: tuple[str, ...] = (
    "colocation", "energy", "utilities", "telecoms", "manufacturing", "hosting", "logistics",
    "healthcare", "automotive", "food", "medical devices", "retail",
)
_TECH_DOMAINS_FOR_TRENDS: tuple[str, ...] = (
    "general_it", "engineering", "infrastructure", "cloud", "service", "security", "data",
    "digital", "exec", "facilities", "network", "field",
)
_ALIAS_SHARE = 0.4
_BROKEN_SHARE = 0.01


@dataclass(slots=True)
class Advert:
    """One advert as generated: what the site shows plus the ground truth tests score against."""

    id: str
    number: int
    channel: Channel
    company: str
    company_slug: str
    board_token: str | None
    title: str
    role_family: str
    seniority: str
    domain: str
    department: str
    date_posted: date
    valid_through: date
    employment_type: str
    city: str
    region: str
    country: str
    remote: bool
    min_years: int | None
    degree: str | None
    master_preferred: bool
    skills: list[str]
    skill_texts: dict[str, str]
    salary_text: str
    salary_min: float | None
    salary_max: float | None
    salary_currency: str | None
    salary_period: str | None
    description_html: str
    broken: bool = False
    broken_kind: str | None = None
    jsonld_graph: bool = False

    @property
    def is_target(self) -> bool:
        return self.role_family in TARGET_FAMILIES

    @property
    def path(self) -> str:
        """Where the advert lives on the served site (the HTML page for either channel)."""
        if self.channel == "greenhouse":
            return f"/boards/{self.board_token}/jobs/{self.id}"
        return f"/jobs/{self.id}.html"

    @property
    def location_name(self) -> str:
        place = f"{self.city}, {self.region}, {v.COUNTRY_NAMES[self.country]}"
        return f"Remote - {v.COUNTRY_NAMES[self.country]}" if self.remote else place


@dataclass(slots=True)
class SampleBoard:
    seed: int
    start: date
    months: int
    adverts: list[Advert]
    companies: list[CompanySpec]
    _pages: dict[str, dict[str, tuple[str, bytes]]] = field(default_factory=dict, repr=False)

    @property
    def board_tokens(self) -> list[str]:
        """Greenhouse board tokens of companies that actually have adverts on their board."""
        tokens = {a.board_token for a in self.adverts if a.board_token}
        return sorted(t for t in tokens if t)

    @property
    def careers_adverts(self) -> list[Advert]:
        return [a for a in self.adverts if a.channel == "site"]

    @property
    def greenhouse_adverts(self) -> list[Advert]:
        return [a for a in self.adverts if a.channel == "greenhouse"]

    @property
    def broken_ids(self) -> list[str]:
        return [a.id for a in self.adverts if a.broken]

    def advert(self, advert_id: str) -> Advert:
        for advert in self.adverts:
            if advert.id == advert_id:
                return advert
        raise KeyError(f"no advert with id {advert_id!r}")

    def pages(self, base_url: str) -> dict[str, tuple[str, bytes]]:
        """Every served resource: path (plus query for API variants) -> (content type, body).

        Rendered once per base URL, because absolute links need the server's random port.
        """
        base_url = base_url.rstrip("/")
        if base_url not in self._pages:
            from leadtrends.sample_board.render import render_site

            self._pages[base_url] = render_site(self, base_url)
        return self._pages[base_url]


def slugify(name: str) -> str:
    ascii_name = name.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("&", "and")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def trend_probability(direction: str, fraction: float) -> float:
    """Chance a trend skill appears in a tech-leadership advert at ``fraction`` of the period.

    A normalised logistic curve: flat-ish at both ends, so the first year sits near
    TREND_LOW and the last near TREND_HIGH (mirrored for falling skills).
    """
    steepness = 6.0

    def sigmoid(x: float) -> float:
        return 1.0 / (1.0 + math.exp(-x))

    low, high = sigmoid(-steepness / 2), sigmoid(steepness / 2)
    share = (sigmoid(steepness * (fraction - 0.5)) - low) / (high - low)
    if direction == "falling":
        share = 1.0 - share
    return v.TREND_LOW + (v.TREND_HIGH - v.TREND_LOW) * share


def month_counts(n_adverts: int, months: int) -> list[int]:
    """Adverts per month: roughly even with a gentle upward drift, summing to ``n_adverts``."""
    weights = [1.0 + 0.4 * m / max(months - 1, 1) for m in range(months)]
    total = sum(weights)
    exact = [n_adverts * w / total for w in weights]
    counts = [math.floor(x) for x in exact]
    # Largest remainder keeps the total exact without favouring early or late months.
    by_remainder = sorted(range(months), key=lambda m: (-(exact[m] - counts[m]), m))
    for m in by_remainder[: n_adverts - sum(counts)]:
        counts[m] += 1
    return counts


def add_months(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    return date(start.year + year, month + 1, 1)


def generate_board(seed: int = 2026, n_adverts: int = 1500, start: date = date(2023, 1, 1),
                   months: int = 46) -> SampleBoard:
    """Build a deterministic synthetic job board; same arguments give identical output."""
    if n_adverts < 1:
        raise ValueError(f"n_adverts must be at least 1, got {n_adverts}")
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    rng = random.Random(seed)
    start = date(start.year, start.month, 1)
    writer = _AdvertWriter(rng, months)

    adverts: list[Advert] = []
    for month_index, count in enumerate(month_counts(n_adverts, months)):
        first = add_months(start, month_index)
        days = (add_months(start, month_index + 1) - first).days
        posted = sorted(first + timedelta(days=rng.randrange(days)) for _ in range(count))
        for day in posted:
            adverts.append(writer.write(len(adverts), day, month_index))

    _mark_broken(rng, adverts, n_adverts)
    return SampleBoard(seed=seed, start=start, months=months, adverts=adverts,
                       companies=list(v.COMPANIES))


def _mark_broken(rng: random.Random, adverts: list[Advert], n_adverts: int) -> None:
    careers = [a for a in adverts if a.channel == "site"]
    wanted = round(len(careers) * _BROKEN_SHARE)
    if n_adverts >= 100:
        wanted = max(wanted, 1)
    chosen = sorted(rng.sample(careers, min(wanted, len(careers))), key=lambda a: a.number)
    for index, advert in enumerate(chosen):
        advert.broken = True
        advert.broken_kind = v.BROKEN_KINDS[index % len(v.BROKEN_KINDS)]


class _AdvertWriter:
    """Writes one advert at a time; holds the per-board state (sequence numbers, company picks)."""

    def __init__(self, rng: random.Random, months: int) -> None:
        self.rng = rng
        self.months = months
        self.requisitions: dict[str, int] = {}
        self.titles_by: dict[tuple[str, str], list[v.TitleSpec]] = {}
        for spec in v.TITLES:
            self.titles_by.setdefault((spec[1], spec[2]), []).append(spec)
        self.ops_companies = [c for c in v.COMPANIES if c.industry in _OPERATIONS_INDUSTRIES]

    # -- choices ---------------------------------------------------------------------------

    def _weighted(self, weights: dict[str, float]) -> str:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def _phrase(self, skill: str) -> str:
        """A skill written by its name, or now and then by one of its aliases."""
        aliases = v.SKILLS[skill].aliases
        if aliases and self.rng.random() < _ALIAS_SHARE:
            return self.rng.choice(aliases)
        return skill

    def _pick(self, pool: tuple[str, ...] | list[str], bounds: tuple[int, int],
              exclude: list[str]) -> list[str]:
        candidates = [s for s in pool if s not in exclude]
        count = min(self.rng.randint(*bounds), len(candidates))
        return self.rng.sample(candidates, count)

    # -- the advert ------------------------------------------------------------------------

    def write(self, index: int, posted: date, month_index: int) -> Advert:
        rng = self.rng
        family = self._weighted(v.FAMILY_SHARES)
        seniority = self._weighted(v.SENIORITY_WEIGHTS[family])
        base_title, _, _, domain = rng.choice(self.titles_by[(family, seniority)])
        pool = self.ops_companies if family == "technical_operations_management" else v.COMPANIES
        company = rng.choice(pool)
        city = rng.choice(company.cities)
        region, country = v.CITY_REGIONS[city]
        remote = (family != "technical_operations_management"
                  and rng.random() < company.remote_share)
        employment_type = self._weighted({"FULL_TIME": 0.85, "CONTRACTOR": 0.12,
                                          "PART_TIME": 0.03})
        title = base_title
        if employment_type == "CONTRACTOR":
            title = (f"Interim {base_title}" if seniority in ("director", "executive")
                     else f"{base_title} (Contract)")

        fraction = month_index / max(self.months - 1, 1)
        skills = self._choose_skills(family, seniority, domain, fraction)
        texts = {skill: self._phrase(skill) for skill in skills}
        min_years, experience = self._experience(family, seniority)
        degree, master_preferred, degree_lines = self._degree(family, domain)
        salary = _Salary.draw(rng, family, seniority, country, employment_type,
                              posted.year - 2023)

        slug = slugify(company.name)
        department = v.DEPARTMENTS[domain]
        description = self._description(
            company=company, city=city, family=family, department=department, skills=skills, texts=texts,
            experience=experience, degree_lines=degree_lines, salary_text=salary.text,
            remote=remote, country=country, master_preferred=master_preferred)
        number = 100_001 + index
        valid_days = rng.choice((30, 45, 60))
        return Advert(
            id=str(number), number=number, channel=company.channel, company=company.name,
            company_slug=slug, board_token=slug if company.channel == "greenhouse" else None,
            title=title, role_family=family, seniority=seniority, domain=domain,
            department=department, date_posted=posted,
            valid_through=posted + timedelta(days=valid_days), employment_type=employment_type,
            city=city, region=region, country=country, remote=remote, min_years=min_years,
            degree=degree, master_preferred=master_preferred, skills=sorted(skills),
            skill_texts=texts, salary_text=salary.text, salary_min=salary.minimum,
            salary_max=salary.maximum, salary_currency=salary.currency,
            salary_period=salary.period, description_html=description,
            jsonld_graph=rng.random() < 0.25,
        )

    def _choose_skills(self, family: str, seniority: str, domain: str,
                       fraction: float) -> list[str]:
        rng = self.rng
        counts = v.SKILL_COUNTS[seniority]
        target = family in TARGET_FAMILIES
        chosen: list[str] = []

        trend_scale = 1.0 if target else 0.5 if family == "individual_contributor" else 0.0
        if domain not in _TECH_DOMAINS_FOR_TRENDS:
            trend_scale = 0.0
        for skill, direction in v.TRENDS.items():
            if rng.random() < trend_scale * trend_probability(direction, fraction):
                chosen.append(skill)

        chosen += self._pick(v.DOMAIN_TECH[domain], counts["technical"], chosen)
        if target:
            leadership = [s.name for s in v.SKILLS.values() if s.category == "leadership"]
            business = [s.name for s in v.SKILLS.values()
                        if s.category == "business" and s.name not in v.TRENDS]
        elif family == "other_management":
            leadership, business = list(v.LEADERSHIP_FOR_OTHERS), list(v.BUSINESS_FOR_OTHERS)
        else:
            leadership, business = list(v.LEADERSHIP_FOR_ICS), []
        chosen += self._pick(leadership, counts["leadership"], chosen)
        chosen += self._pick(business, counts["business"], chosen)
        chosen += self._pick(tuple(v.SOFT_SENTENCES), counts["soft"], chosen)
        chosen += self._pick(v.DOMAIN_CERTS[domain], counts["certification"], chosen)
        return chosen

    def _experience(self, family: str, seniority: str) -> tuple[int | None, str | None]:
        rng = self.rng
        if rng.random() < 0.12:
            return None, None
        low, high = v.YEARS_RANGE[seniority]
        years = rng.randint(low, high)
        word = v.NUMBER_WORDS[years]
        sentence = rng.choice(v.EXPERIENCE_TEMPLATES).format(
            n=years, m=years + rng.choice((2, 3)), word=word, Word=word.capitalize(),
            area=rng.choice(v.EXPERIENCE_AREAS[family]))
        return years, sentence

    def _degree(self, family: str, domain: str) -> tuple[str | None, bool, list[str]]:
        rng = self.rng
        kind = "other" if family == "other_management" or domain in ("business", "finance") \
            else "tech"
        roll = rng.random()
        if roll < 0.45:
            return "bachelor", False, [rng.choice(v.DEGREE_REQUIRED[kind])]
        if roll < 0.57:
            return "bachelor", True, [rng.choice(v.DEGREE_REQUIRED[kind])]
        if roll < 0.62 and kind == "tech":
            return "master", False, [v.MASTER_REQUIRED]
        return None, False, []

    def _description(self, *, company: CompanySpec, city: str, family: str, department: str, skills: list[str], texts: dict[str, str],
                     experience: str | None, degree_lines: list[str], salary_text: str,
                     remote: bool, country: str, master_preferred: bool) -> str:
        rng = self.rng
        scope = rng.choice(v.SCOPES)
        fill = {"scope": scope, "dept": department, "k": rng.randint(4, 40),
                "n": f"{rng.randint(2, 90) * 10_000:,}",
                "region": v.COUNTRY_NAMES[company.country]}

        def sentence(template: str, **extra: str) -> str:
            return template.format(**fill, **extra)

        size = rng.choice(v.SIZE_WORDS)
        about = [
            (f"{company.name} is {_article(size)} {size} {company.industry} organisation "
             f"with offices in {_and_list(company.cities)}."),
            *(sentence(t) for t in v.INDUSTRY_ABOUT[company.industry]),
            f"You will join our {department} team in {city}." if not remote else
            f"This role is fully remote within {v.COUNTRY_NAMES[country]}.",
        ]

        tech = [s for s in skills if v.SKILLS[s].category == "technical"]
        leadership = [s for s in skills if v.SKILLS[s].category == "leadership"]
        business = [s for s in skills if v.SKILLS[s].category == "business"]
        soft = [s for s in skills if v.SKILLS[s].category == "soft"]
        certs = [s for s in skills if v.SKILLS[s].category == "certification"]
        manages = family != "individual_contributor"

        fillers = v.RESPONSIBILITY_FILLER[family]
        responsibilities = [sentence(t) for t in rng.sample(fillers, rng.randint(2, 3))]
        requirements: list[str] = []
        nice: list[str] = []

        rng.shuffle(tech)
        if manages and tech:
            for skill in tech[: min(2, len(tech) // 2)]:
                responsibilities.append(sentence(rng.choice(v.TECH_RESPONSIBILITY),
                                                 s=texts[skill]))
            tech = tech[min(2, len(tech) // 2):]
        if len(tech) >= 3 and rng.random() < 0.6:
            nice.append(sentence(rng.choice(v.TECH_NICE), s=texts[tech.pop()]))
        while tech:
            size = min(len(tech), rng.choice((1, 2, 2, 3)))
            group, tech = [texts[s] for s in tech[:size]], tech[size:]
            if size == 1:
                requirements.append(sentence(rng.choice(v.TECH_REQUIREMENT), s=group[0]))
            elif size == 2:
                requirements.append(sentence(rng.choice(v.TECH_REQUIREMENT_PAIR),
                                             a=group[0], b=group[1]))
            else:
                requirements.append(sentence(rng.choice(v.TECH_REQUIREMENT_TRIPLE),
                                             a=group[0], b=group[1], c=group[2]))

        for index, skill in enumerate(leadership):
            templates = v.LEADERSHIP_RESPONSIBILITY if index % 2 == 0 and manages \
                else v.LEADERSHIP_REQUIREMENT
            target = responsibilities if templates is v.LEADERSHIP_RESPONSIBILITY \
                else requirements
            target.append(sentence(rng.choice(templates), s=texts[skill]))
        for skill in business:
            requirements.append(sentence(rng.choice(v.BUSINESS_SENTENCES[skill]), s=texts[skill]))
        for skill in soft:
            requirements.append(sentence(rng.choice(v.SOFT_SENTENCES[skill]), s=texts[skill]))
        for skill in certs:
            if rng.random() < 0.55:
                requirements.append(sentence(rng.choice(v.CERT_REQUIREMENT), s=texts[skill]))
            else:
                nice.append(sentence(rng.choice(v.CERT_NICE), s=texts[skill]))

        rng.shuffle(responsibilities)
        rng.shuffle(requirements)
        # Experience and degree lead the list, the way most adverts put them.
        requirements = [*([experience] if experience else []), *degree_lines, *requirements]
        nice.append(rng.choice(v.NICE_FILLER))
        if master_preferred:
            nice.append(rng.choice(v.DEGREE_PREFERRED))
        rng.shuffle(nice)
        benefits = [f"Salary: {salary_text}.",
                    *rng.sample(v.BENEFITS[country], min(4, len(v.BENEFITS[country])))]

        parts = ["<h3>About us</h3>", *(f"<p>{_esc(s)}</p>" for s in about)]
        for heading, items in (("Responsibilities", responsibilities),
                               ("Requirements", requirements), ("Nice to have", nice),
                               ("Benefits", benefits)):
            parts.append(f"<h3>{heading}</h3>")
            parts.append("<ul>" + "".join(f"<li>{_esc(s)}</li>" for s in items) + "</ul>")
        return "\n".join(parts)


def _article(word: str) -> str:
    return "an" if word[0].lower() in "aeiou" else "a"


def _and_list(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


@dataclass(frozen=True, slots=True)
class _Salary:
    text: str
    minimum: float | None
    maximum: float | None
    currency: str | None
    period: str | None

    @classmethod
    def draw(cls, rng: random.Random, family: str, seniority: str, country: str,
             employment_type: str, years_in: int) -> _Salary:
        currency = v.COUNTRY_CURRENCY[country]
        factor = v.COUNTRY_PAY_FACTOR[country] * (1.03 ** max(years_in, 0))
        symbol = {"GBP": "£", "USD": "$", "EUR": "€"}[currency]
        continental = country in ("DE", "NL")

        if employment_type == "CONTRACTOR" and country != "US":
            rate = v.BASE_DAY_RATE_GBP[seniority] * factor * rng.uniform(0.9, 1.15)
            low = _round(rate, 25)
            if rng.random() < 0.5:
                text = rng.choice((f"{symbol}{low:,} per day", f"{symbol}{low:,}/day"))
                return cls(text, low, low, currency, "day")
            high = _round(low * rng.uniform(1.1, 1.25), 25)
            text = rng.choice((f"{symbol}{low:,} - {symbol}{high:,} per day",
                               f"{symbol}{low:,} to {symbol}{high:,} daily rate"))
            return cls(text, low, high, currency, "day")

        annual = (v.BASE_SALARY_GBP[(family, seniority)] * factor * rng.uniform(0.85, 1.2))
        if employment_type != "FULL_TIME":
            # Contractors in the US and part-timers everywhere are quoted by the hour.
            hourly = annual / 1900 * (1.3 if employment_type == "CONTRACTOR" else 1.0)
            low = _round(hourly, 5)
            high = _round(low * rng.uniform(1.15, 1.3), 5)
            if rng.random() < 0.5:
                return cls(f"{symbol}{low} per hour", low, low, currency, "hour")
            text = rng.choice((f"{symbol}{low}-{symbol}{high}/hr",
                               f"{symbol}{low} - {symbol}{high} per hour"))
            return cls(text, low, high, currency, "hour")

        if rng.random() > v.SALARY_DISCLOSURE[country]:
            return cls(rng.choice(v.COMPETITIVE_SALARY), None, None, None, None)

        if country == "NL" and rng.random() < 0.4:
            low = _round(annual / 12.96, 250)
            high = _round(low * rng.uniform(1.15, 1.3), 250)
            return cls(f"€{_dots(low)} – €{_dots(high)} per month", low, high, currency, "month")

        low = _round(annual, 5000 if annual > 60_000 else 1000)
        high = _round(low * rng.uniform(1.12, 1.3), 5000 if annual > 60_000 else 1000)
        if rng.random() < 0.1:
            per = "per annum" if currency != "USD" else "per year"
            return cls(f"{symbol}{low:,} {per}", low, low, currency, "year")
        lk, hk = low // 1000, high // 1000
        if currency == "GBP":
            options = (f"£{low:,} - £{high:,} per annum", f"£{lk}k - £{hk}k",
                       f"£{low:,} to £{high:,} a year", f"£{low:,}-£{high:,} + bonus")
        elif currency == "USD":
            options = (f"${lk}k-${hk}k", f"${low:,} - ${high:,} per year",
                       f"USD {low:,}–{high:,} annually", f"Base pay range: ${low:,} – ${high:,}")
        elif continental:
            options = (f"€{_dots(low)} – €{_dots(high)}", f"€{_dots(low)} - €{_dots(high)} per year",
                       f"€{_dots(low)} – €{_dots(high)} gross per year")
        else:
            options = (f"€{low:,} - €{high:,} per annum", f"€{lk}k – €{hk}k")
        return cls(rng.choice(options), low, high, currency, "year")


def _round(value: float, step: int) -> int:
    return max(step, round(value / step) * step)


def _dots(amount: int) -> str:
    """Continental thousands separators: 70000 -> '70.000'."""
    return f"{amount:,}".replace(",", ".")
