"""Words the sample board is written with: skills, trends, titles, companies and sentences.

The skill names and aliases here are the shared contract with the NLP taxonomy: every
skill mention in an advert is one of these names or aliases, so the extractor can be scored
against the generator's ground truth. Filler sentences deliberately avoid every skill
word (the test suite scans each advert to prove it), otherwise the ground truth would lie.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TrendDirection = Literal["rising", "falling"]
# "site": the company's own careers pages (HTML + JSON-LD); "greenhouse": a Greenhouse board.
Channel = Literal["site", "greenhouse"]


@dataclass(frozen=True, slots=True)
class SkillTerm:
    name: str
    category: str
    aliases: tuple[str, ...] = ()


def _terms(category: str, spec: str) -> list[SkillTerm]:
    """Parse "name [alias1|alias2]; name2" so the contract list reads like the brief."""
    terms = []
    for chunk in spec.split(";"):
        chunk = chunk.strip()
        if not chunk:
            continue
        name, _, rest = chunk.partition("[")
        aliases = tuple(a.strip() for a in rest.rstrip("]").split("|") if a.strip())
        terms.append(SkillTerm(name.strip(), category, aliases))
    return terms


_SKILL_LIST: list[SkillTerm] = [
    *_terms("technical", """
        cloud computing; Amazon Web Services [AWS]; Microsoft Azure [Azure];
        Google Cloud Platform [GCP]; Kubernetes; Terraform; Docker; DevOps; CI/CD;
        IT service management [ITSM]; ServiceNow; Microsoft 365 [Office 365]; Active Directory;
        VMware; Windows Server; Linux; network administration [networking]; Cisco; SD-WAN;
        cybersecurity; zero trust; SIEM; identity and access management [IAM];
        data centre operations [data center operations]; disaster recovery; backup and recovery;
        SQL; Python; Java; Agile; Scrum; generative AI [GenAI]; machine learning;
        data governance; SharePoint; mainframe; ERP; SAP; Salesforce;
        building management systems [BMS]; HVAC; uninterruptible power supply [UPS];
        observability"""),
    *_terms("leadership", """
        people management; team leadership; budget management; vendor management;
        contract management; stakeholder management; change management; strategic planning;
        IT governance; risk management; project management; service delivery management;
        performance management; coaching and mentoring; recruitment [hiring];
        capacity planning"""),
    *_terms("business", """
        business case development [business cases]; financial acumen; procurement;
        business alignment [aligning technology with business goals];
        P&L responsibility [P&L]; digital transformation; KPIs [key performance indicators];
        cost optimisation [cost optimization]; FinOps"""),
    *_terms("soft", """
        communication skills; problem solving; negotiation; collaboration; attention to detail;
        influencing"""),
    *_terms("certification", """
        ITIL 4 Foundation [ITIL]; PMP; PRINCE2; CISSP; CISM; AWS Certified Solutions Architect;
        Microsoft Certified: Azure Administrator Associate; TOGAF; COBIT; CCNA;
        Certified ScrumMaster [CSM]"""),
]

SKILLS: dict[str, SkillTerm] = {term.name: term for term in _SKILL_LIST}

TRENDS: dict[str, TrendDirection] = {
    "Kubernetes": "rising",
    "Terraform": "rising",
    "zero trust": "rising",
    "generative AI": "rising",
    "observability": "rising",
    "digital transformation": "rising",
    "FinOps": "rising",
    "VMware": "falling",
    "Windows Server": "falling",
    "data centre operations": "falling",
    "SharePoint": "falling",
    "mainframe": "falling",
}

# Trend-share curve for tech-leadership adverts: an S-curve between these two shares, so the
# first year averages roughly 7 % and the last roughly 50 % (the reverse for falling skills).
TREND_LOW = 0.05
TREND_HIGH = 0.55

# ---------------------------------------------------------------------------------------------
# Titles: (title, role_family, seniority, domain). The domain picks the technical skill pool.

TitleSpec = tuple[str, str, str, str]

TITLES: list[TitleSpec] = [
    # technology_management
    ("Technology Lead", "technology_management", "lead", "general_it"),
    ("Engineering Team Lead", "technology_management", "lead", "engineering"),
    ("IT Support Team Lead", "technology_management", "lead", "service"),
    ("Service Desk Team Lead", "technology_management", "lead", "service"),
    ("Infrastructure Team Lead", "technology_management", "lead", "infrastructure"),
    ("Security Operations Team Lead", "technology_management", "lead", "security"),
    ("Data Platform Lead", "technology_management", "lead", "data"),
    ("Cloud Platform Lead", "technology_management", "lead", "cloud"),
    ("IT Operations Lead", "technology_management", "lead", "infrastructure"),
    ("IT Manager", "technology_management", "manager", "general_it"),
    ("Engineering Manager", "technology_management", "manager", "engineering"),
    ("Senior Engineering Manager", "technology_management", "manager", "engineering"),
    ("Infrastructure Manager", "technology_management", "manager", "infrastructure"),
    ("IT Service Delivery Manager", "technology_management", "manager", "service"),
    ("IT Operations Manager", "technology_management", "manager", "infrastructure"),
    ("Cloud Operations Manager", "technology_management", "manager", "cloud"),
    ("Information Security Manager", "technology_management", "manager", "security"),
    ("Data Platform Manager", "technology_management", "manager", "data"),
    ("Service Desk Manager", "technology_management", "manager", "service"),
    ("Technology Manager", "technology_management", "manager", "general_it"),
    ("Digital Delivery Manager", "technology_management", "manager", "digital"),
    ("Network Services Manager", "technology_management", "manager", "network"),
    ("Head of IT", "technology_management", "director", "general_it"),
    ("Head of Digital", "technology_management", "director", "digital"),
    ("Head of Infrastructure", "technology_management", "director", "infrastructure"),
    ("Head of Cloud Platforms", "technology_management", "director", "cloud"),
    ("Director of Engineering", "technology_management", "director", "engineering"),
    ("VP Engineering", "technology_management", "director", "engineering"),
    ("IT Director", "technology_management", "director", "general_it"),
    ("Director of Information Security", "technology_management", "director", "security"),
    ("Head of IT Service Delivery", "technology_management", "director", "service"),
    ("Head of Technology", "technology_management", "director", "general_it"),
    ("Head of Data Platforms", "technology_management", "director", "data"),
    ("Vice President of Infrastructure", "technology_management", "director", "infrastructure"),
    ("CIO", "technology_management", "executive", "exec"),
    ("Chief Information Officer", "technology_management", "executive", "exec"),
    ("Chief Technology Officer", "technology_management", "executive", "exec"),
    ("CTO", "technology_management", "executive", "exec"),
    ("Chief Information Security Officer", "technology_management", "executive", "security"),
    ("CISO", "technology_management", "executive", "security"),
    ("Chief Digital Officer", "technology_management", "executive", "digital"),
    ("Group CIO", "technology_management", "executive", "exec"),
    ("Chief Data Officer", "technology_management", "executive", "data"),
    # technical_operations_management
    ("Critical Facilities Lead", "technical_operations_management", "lead", "facilities"),
    ("NOC Team Lead", "technical_operations_management", "lead", "network"),
    ("Field Engineering Team Lead", "technical_operations_management", "lead", "field"),
    ("Technical Operations Lead", "technical_operations_management", "lead", "facilities"),
    ("Technical Operations Manager", "technical_operations_management", "manager", "facilities"),
    ("Data Centre Operations Manager", "technical_operations_management", "manager",
     "facilities"),
    ("Facilities Engineering Manager", "technical_operations_management", "manager",
     "facilities"),
    ("NOC Manager", "technical_operations_management", "manager", "network"),
    ("Network Operations Manager", "technical_operations_management", "manager", "network"),
    ("Field Service Engineering Manager", "technical_operations_management", "manager", "field"),
    ("Critical Environments Manager", "technical_operations_management", "manager",
     "facilities"),
    ("Technical Services Manager", "technical_operations_management", "manager", "field"),
    ("Head of Technical Services", "technical_operations_management", "director", "field"),
    ("Head of Technical Operations", "technical_operations_management", "director",
     "facilities"),
    ("Director of Data Centre Operations", "technical_operations_management", "director",
     "facilities"),
    ("Head of Field Engineering", "technical_operations_management", "director", "field"),
    # other_management
    ("Customer Service Team Lead", "other_management", "lead", "business"),
    ("Marketing Manager", "other_management", "manager", "business"),
    ("Finance Manager", "other_management", "manager", "finance"),
    ("Store Manager", "other_management", "manager", "business"),
    ("Payroll Manager", "other_management", "manager", "finance"),
    ("Sales Manager", "other_management", "manager", "business"),
    ("HR Director", "other_management", "director", "business"),
    ("Head of Sales", "other_management", "director", "business"),
    ("Operations Director", "other_management", "director", "business"),
    ("Head of People", "other_management", "director", "business"),
    ("Chief Financial Officer", "other_management", "executive", "finance"),
    # individual_contributor
    ("Software Engineer", "individual_contributor", "individual", "engineering"),
    ("Senior Software Engineer", "individual_contributor", "individual", "engineering"),
    ("Principal Engineer", "individual_contributor", "individual", "engineering"),
    ("Senior Data Analyst", "individual_contributor", "individual", "data"),
    ("Data Engineer", "individual_contributor", "individual", "data"),
    ("DevOps Engineer", "individual_contributor", "individual", "cloud"),
    ("Cloud Engineer", "individual_contributor", "individual", "cloud"),
    ("Site Reliability Engineer", "individual_contributor", "individual", "cloud"),
    ("Systems Administrator", "individual_contributor", "individual", "infrastructure"),
    ("Network Engineer", "individual_contributor", "individual", "network"),
    ("Security Analyst", "individual_contributor", "individual", "security"),
    ("IT Support Analyst", "individual_contributor", "individual", "service"),
    ("Business Analyst", "individual_contributor", "individual", "digital"),
    ("Data Centre Technician", "individual_contributor", "individual", "facilities"),
    ("Accountant", "individual_contributor", "individual", "finance"),
]

# Share of each family in a board, then each seniority within the two target families.
FAMILY_SHARES: dict[str, float] = {
    "technology_management": 0.50,
    "technical_operations_management": 0.15,
    "individual_contributor": 0.25,
    "other_management": 0.10,
}
SENIORITY_WEIGHTS: dict[str, dict[str, float]] = {
    "technology_management": {"lead": 0.2, "manager": 0.45, "director": 0.25, "executive": 0.1},
    "technical_operations_management": {"lead": 0.25, "manager": 0.5, "director": 0.25},
    "other_management": {"lead": 0.15, "manager": 0.45, "director": 0.3, "executive": 0.1},
    "individual_contributor": {"individual": 1.0},
}

# Technical skills by domain, trend skills excluded: those follow the trend curve instead.
DOMAIN_TECH: dict[str, tuple[str, ...]] = {
    "general_it": ("Microsoft 365", "Active Directory", "IT service management", "ServiceNow",
                   "Linux", "network administration", "cybersecurity", "backup and recovery",
                   "disaster recovery", "cloud computing", "Microsoft Azure", "ERP"),
    "engineering": ("Agile", "Scrum", "CI/CD", "DevOps", "Python", "Java", "SQL", "Docker",
                    "Amazon Web Services", "cloud computing", "machine learning"),
    "infrastructure": ("Linux", "network administration", "Cisco", "SD-WAN", "Active Directory",
                       "Microsoft Azure", "Amazon Web Services", "backup and recovery",
                       "disaster recovery", "Docker", "cloud computing"),
    "cloud": ("Amazon Web Services", "Microsoft Azure", "Google Cloud Platform", "Docker",
              "DevOps", "CI/CD", "Linux", "cloud computing", "disaster recovery", "Python"),
    "service": ("IT service management", "ServiceNow", "Microsoft 365", "Active Directory",
                "Agile", "cloud computing", "ERP", "Salesforce"),
    "security": ("cybersecurity", "SIEM", "identity and access management", "Active Directory",
                 "network administration", "disaster recovery", "cloud computing",
                 "Microsoft Azure"),
    "data": ("SQL", "Python", "machine learning", "data governance", "Amazon Web Services",
             "Google Cloud Platform", "cloud computing", "Agile"),
    "digital": ("Agile", "Scrum", "Salesforce", "cloud computing", "Microsoft 365", "ERP", "SAP",
                "data governance", "machine learning"),
    "exec": ("cloud computing", "cybersecurity", "ERP", "SAP", "data governance",
             "IT service management", "Agile", "machine learning"),
    "facilities": ("building management systems", "HVAC", "uninterruptible power supply",
                   "disaster recovery", "IT service management", "ServiceNow",
                   "network administration"),
    "network": ("network administration", "Cisco", "SD-WAN", "Linux", "IT service management",
                "ServiceNow", "cybersecurity", "SIEM"),
    "field": ("building management systems", "HVAC", "uninterruptible power supply",
              "ServiceNow", "IT service management", "network administration"),
    "business": ("Microsoft 365", "Salesforce", "ERP"),
    "finance": ("ERP", "SAP", "Microsoft 365", "SQL"),
}

AZURE_ADMIN = "Microsoft Certified: Azure Administrator Associate"
DOMAIN_CERTS: dict[str, tuple[str, ...]] = {
    "general_it": ("ITIL 4 Foundation", "PRINCE2", AZURE_ADMIN),
    "service": ("ITIL 4 Foundation", "PRINCE2", "COBIT"),
    "engineering": ("Certified ScrumMaster", "AWS Certified Solutions Architect"),
    "infrastructure": ("CCNA", "ITIL 4 Foundation", AZURE_ADMIN,
                       "AWS Certified Solutions Architect"),
    "network": ("CCNA", "ITIL 4 Foundation"),
    "cloud": ("AWS Certified Solutions Architect", AZURE_ADMIN, "TOGAF"),
    "security": ("CISSP", "CISM", "COBIT"),
    "data": ("TOGAF", "AWS Certified Solutions Architect", "PMP"),
    "digital": ("PRINCE2", "PMP", "Certified ScrumMaster"),
    "exec": ("TOGAF", "COBIT", "ITIL 4 Foundation", "PMP"),
    "facilities": ("PRINCE2", "ITIL 4 Foundation", "PMP"),
    "field": ("PRINCE2", "ITIL 4 Foundation"),
    "business": ("PRINCE2", "PMP"),
    "finance": ("PRINCE2",),
}

LEADERSHIP_FOR_OTHERS: tuple[str, ...] = (
    "people management", "team leadership", "budget management", "vendor management",
    "contract management", "stakeholder management", "change management",
    "strategic planning", "risk management", "project management", "performance management",
    "coaching and mentoring", "recruitment",
)
LEADERSHIP_FOR_ICS: tuple[str, ...] = (
    "coaching and mentoring", "stakeholder management", "project management",
)
BUSINESS_FOR_OTHERS: tuple[str, ...] = (
    "financial acumen", "procurement", "business case development", "KPIs",
    "P&L responsibility", "cost optimisation",
)

# How many skills of each category an advert names, by (family, seniority): (low, high).
SKILL_COUNTS: dict[str, dict[str, tuple[int, int]]] = {
    "lead": {"technical": (3, 5), "leadership": (2, 3), "business": (0, 1), "soft": (1, 2),
             "certification": (0, 1)},
    "manager": {"technical": (2, 4), "leadership": (2, 4), "business": (1, 2), "soft": (1, 2),
                "certification": (0, 2)},
    "director": {"technical": (2, 4), "leadership": (4, 5), "business": (2, 3), "soft": (1, 3),
                 "certification": (0, 1)},
    "executive": {"technical": (2, 3), "leadership": (4, 6), "business": (3, 4),
                  "soft": (2, 3), "certification": (0, 1)},
    "individual": {"technical": (4, 6), "leadership": (0, 1), "business": (0, 0),
                   "soft": (1, 2), "certification": (0, 1)},
}

# ---------------------------------------------------------------------------------------------
# Places and companies.

COUNTRY_NAMES: dict[str, str] = {
    "GB": "United Kingdom", "US": "United States", "IE": "Ireland", "DE": "Germany",
    "NL": "Netherlands",
}
COUNTRY_CURRENCY: dict[str, str] = {"GB": "GBP", "US": "USD", "IE": "EUR", "DE": "EUR",
                                    "NL": "EUR"}
# Pay relative to the UK in local currency, so a director in New York out-earns one in Leeds.
COUNTRY_PAY_FACTOR: dict[str, float] = {"GB": 1.0, "US": 1.7, "IE": 1.15, "DE": 1.1, "NL": 1.05}
SALARY_DISCLOSURE: dict[str, float] = {"GB": 0.8, "US": 0.8, "IE": 0.6, "DE": 0.55, "NL": 0.6}

CITY_REGIONS: dict[str, tuple[str, str]] = {
    "London": ("England", "GB"), "Manchester": ("England", "GB"), "Leeds": ("England", "GB"),
    "Birmingham": ("England", "GB"), "Bristol": ("England", "GB"),
    "Brighton": ("England", "GB"), "Cambridge": ("England", "GB"),
    "Edinburgh": ("Scotland", "GB"), "Glasgow": ("Scotland", "GB"),
    "Cardiff": ("Wales", "GB"), "Belfast": ("Northern Ireland", "GB"),
    "Chicago": ("IL", "US"), "Denver": ("CO", "US"), "Boston": ("MA", "US"),
    "New York": ("NY", "US"), "Austin": ("TX", "US"), "Dallas": ("TX", "US"),
    "Houston": ("TX", "US"), "Atlanta": ("GA", "US"), "Seattle": ("WA", "US"),
    "San Francisco": ("CA", "US"), "Los Angeles": ("CA", "US"), "Pittsburgh": ("PA", "US"),
    "Charlotte": ("NC", "US"),
    "Dublin": ("County Dublin", "IE"), "Cork": ("County Cork", "IE"),
    "Galway": ("County Galway", "IE"),
    "Munich": ("Bavaria", "DE"), "Stuttgart": ("Baden-Württemberg", "DE"),
    "Hamburg": ("Hamburg", "DE"), "Frankfurt": ("Hesse", "DE"), "Berlin": ("Berlin", "DE"),
    "Amsterdam": ("North Holland", "NL"), "Rotterdam": ("South Holland", "NL"),
    "Utrecht": ("Utrecht", "NL"), "Eindhoven": ("North Brabant", "NL"),
}


@dataclass(frozen=True, slots=True)
class CompanySpec:
    name: str
    country: str
    cities: tuple[str, ...]
    industry: str
    channel: Channel
    remote_share: float
    brand_colour: str


def _c(name: str, country: str, cities: str, industry: str, channel: Channel = "site",
       remote_share: float = 0.08, colour: str = "#1f4e79") -> CompanySpec:
    return CompanySpec(name, country, tuple(c.strip() for c in cities.split(",")), industry,
                       channel, remote_share, colour)


GH: Channel = "greenhouse"

COMPANIES: list[CompanySpec] = [
    _c("Brackenfold Insurance", "GB", "London", "insurance", colour="#2b4c7e"),
    _c("Harrowmere Logistics", "GB", "Manchester, Leeds", "logistics", colour="#b5442c"),
    _c("Quillon Health Partners", "GB", "Birmingham, London", "healthcare", colour="#1b7f6b"),
    _c("Tamsworth Building Society", "GB", "Bristol", "banking", colour="#4a2c6d"),
    _c("Corriemoor Energy", "GB", "Edinburgh, Glasgow", "energy", colour="#2f6f2f"),
    _c("Pellingham Retail Group", "GB", "Leeds, London", "retail", colour="#c0392b"),
    _c("Ashcombe Data Centres", "GB", "London, Cardiff", "colocation", colour="#34495e"),
    _c("Veltrane Software", "GB", "London, Cambridge", "software", GH, 0.35, "#6c3483"),
    _c("Wrenfield Academic Press", "GB", "Bristol", "publishing", colour="#7d6608"),
    _c("Glenrowan Water", "GB", "Belfast", "utilities", colour="#1a5276"),
    _c("Sablecrest Telecom", "GB", "Birmingham, Manchester", "telecoms", GH, 0.1, "#117864"),
    _c("Fennimore & Holt Solicitors", "GB", "London", "legal", colour="#512e5f"),
    _c("Orrisdale Shared Services", "GB", "Cardiff", "public sector", colour="#0b5345"),
    _c("Mistral Quay Games", "GB", "Brighton", "games", GH, 0.4, "#d35400"),
    _c("Cobaltline Freight", "US", "Chicago", "logistics", colour="#154360"),
    _c("Prairiewind Health Systems", "US", "Denver", "healthcare", colour="#148f77"),
    _c("Halvorsen Mutual", "US", "Boston", "insurance", colour="#283747"),
    _c("Redtail Payments", "US", "New York", "payments", GH, 0.3, "#922b21"),
    _c("Juniper Ridge Analytics", "US", "Austin", "software", GH, 0.45, "#1e8449"),
    _c("Ironbridge Colocation", "US", "Atlanta, Dallas", "colocation", colour="#2e4053"),
    _c("Larkspur Retail Co.", "US", "Seattle", "retail", GH, 0.1, "#7e5109"),
    _c("Sundial Energy Partners", "US", "Houston", "energy", colour="#b9770e"),
    _c("Kettleby Robotics", "US", "Pittsburgh", "manufacturing", GH, 0.15, "#5b2c6f"),
    _c("Bluefen Media", "US", "New York, Los Angeles", "media", GH, 0.3, "#1f618d"),
    _c("Cinderpeak Cloud", "US", "San Francisco, Seattle", "hosting", GH, 0.5, "#a04000"),
    _c("Marlow Creek Bank", "US", "Charlotte", "banking", colour="#0e6251"),
    _c("Ardnaree Foods", "IE", "Cork", "food", colour="#6e2c00"),
    _c("Liffeyside Payments", "IE", "Dublin", "payments", GH, 0.3, "#4a235a"),
    _c("Corrib Medical Devices", "IE", "Galway", "medical devices", colour="#1b4f72"),
    _c("Slaneview Insurance", "IE", "Dublin", "insurance", colour="#186a3b"),
    _c("Burren Data Services", "IE", "Dublin", "colocation", colour="#424949"),
    _c("Kranichfeld Automotive", "DE", "Munich, Stuttgart", "automotive", colour="#17202a"),
    _c("Elbwerk Logistik", "DE", "Hamburg", "logistics", colour="#943126"),
    _c("Taunusbank Digital", "DE", "Frankfurt", "banking", colour="#21618c"),
    _c("Spreegrün Energie", "DE", "Berlin", "energy", colour="#239b56"),
    _c("Havelstein Software", "DE", "Berlin", "software", GH, 0.35, "#6c3483"),
    _c("Dijkstroom Energy", "NL", "Rotterdam, Amsterdam", "energy", colour="#1d8348"),
    _c("Grachtwerk Fintech", "NL", "Amsterdam", "payments", GH, 0.3, "#af601a"),
    _c("Polderline Logistics", "NL", "Rotterdam", "logistics", colour="#2874a6"),
    _c("Vechtdal Health", "NL", "Utrecht, Eindhoven", "healthcare", colour="#148f77"),
]

INDUSTRY_ABOUT: dict[str, tuple[str, ...]] = {
    "insurance": ("We protect homes, cars and small businesses for more than {n} customers.",
                  "Our underwriters and claims teams rely on technology that simply works."),
    "logistics": ("We move freight for retailers and manufacturers across {region}.",
                  "Our fleet, depots and warehouses run around the clock."),
    "healthcare": ("We run clinics and community services for more than {n} patients a year.",
                   "Clinicians depend on our systems every hour of every day."),
    "banking": ("We look after savings, mortgages and current accounts for {n} members.",
                "We are owned by our members, not shareholders."),
    "energy": ("We generate and supply renewable power to homes and businesses.",
               "Our wind and solar portfolio has doubled in size over the last decade."),
    "retail": ("We run {k} stores and a busy online shop.",
               "Our colleagues serve millions of shoppers every week."),
    "colocation": (("We run secure colocation facilities for banks, broadcasters and "
                    "public bodies."),
                   ("Our customers expect their equipment to stay online "
                    "whatever the weather.")),
    "software": ("We build software used by more than {n} businesses.",
                 "Our product teams ship small changes many times a day."),
    "publishing": (("We publish journals, textbooks and reference works for universities "
                    "worldwide."), "Our catalogue spans more than a century of scholarship."),
    "utilities": ("We supply clean drinking water to more than {n} households.",
                  "Our treatment works and pumping stations run day and night."),
    "telecoms": ("We provide broadband and phone services to homes and businesses.",
                 "Our fibre footprint reaches {n} premises and is still growing."),
    "legal": ("We are a full-service law firm advising companies and private clients.",
              "Our lawyers handle some of the most complex disputes in the country."),
    "public sector": (("We provide shared back-office services to councils and "
                       "public bodies."), "Our work keeps essential local services running."),
    "games": ("We make award-winning games played by {n} people every month.",
              "Our studio values craft, curiosity and kindness."),
    "payments": ("We process card and bank payments for {n} merchants.",
                 "Every second of downtime matters to the businesses we serve."),
    "manufacturing": ("We design and build robots for warehouses and factories.",
                      "Our machines are at work on three continents."),
    "media": ("We produce news, podcasts and video for audiences around the world.",
              "Our newsroom never sleeps."),
    "hosting": ("We run hosting infrastructure for developers and growing companies.",
                "Our customers deploy thousands of applications with us every day."),
    "food": ("We produce dairy and bakery products sold across Ireland and the UK.",
             "Our family-owned business has grown steadily for four generations."),
    "medical devices": ("We design and manufacture devices used in operating theatres.",
                        "Quality and patient safety guide every decision we make."),
    "automotive": ("We engineer components for the world's leading car makers.",
                   "Our plants supply parts for electric and hybrid vehicles."),
}

SIZE_WORDS: tuple[str, ...] = ("fast-growing", "well-established", "independent",
                               "award-winning", "family-owned", "employee-owned")

DEPARTMENTS: dict[str, str] = {
    "general_it": "Technology", "engineering": "Engineering", "infrastructure": "IT Infrastructure",
    "cloud": "Cloud Platforms", "service": "IT Service Delivery",
    "security": "Information Security", "data": "Data", "digital": "Digital",
    "exec": "Executive Office", "facilities": "Technical Operations",
    "network": "Network Operations", "field": "Field Engineering", "business": "Operations",
    "finance": "Finance",
}

SCOPES: tuple[str, ...] = ("the group", "all of our sites", "the whole organisation",
                           "our regional offices", "the wider business")

# ---------------------------------------------------------------------------------------------
# Sentence templates. {s} is a skill name or alias; {a} {b} {c} when several share a sentence.

TECH_RESPONSIBILITY: tuple[str, ...] = (
    "Set the direction for {s} across {scope}.",
    "Oversee day-to-day {s} work and keep standards high.",
    "Make sure our use of {s} is reliable, secure and well documented.",
    "Own the roadmap for {s} and report progress to senior leaders.",
)
TECH_REQUIREMENT: tuple[str, ...] = (
    "Hands-on experience with {s}.",
    "Strong working knowledge of {s}.",
    "A solid background in {s}.",
    "Practical experience of {s} in a production setting.",
)
TECH_REQUIREMENT_PAIR: tuple[str, ...] = (
    "Experience with {a} and {b}.",
    "Good understanding of {a} and {b}.",
    "You have worked with {a} as well as {b}.",
)
TECH_REQUIREMENT_TRIPLE: tuple[str, ...] = (
    "Good understanding of {a}, {b} and {c}.",
    "Experience across {a}, {b} and {c}.",
)
TECH_NICE: tuple[str, ...] = (
    "Exposure to {s}.",
    "Any experience of {s} would be a bonus.",
    "Familiarity with {s}.",
)
LEADERSHIP_RESPONSIBILITY: tuple[str, ...] = (
    "Own {s} for the {dept} function.",
    "Be accountable for {s} within {scope}.",
    "Bring structure and rigour to {s} across {scope}.",
)
LEADERSHIP_REQUIREMENT: tuple[str, ...] = (
    "Proven experience in {s}.",
    "A strong track record of {s} in a complex organisation.",
    "Demonstrable experience of {s} at a senior level.",
    "Confident with {s}, including reporting to the board.",
)
CERT_REQUIREMENT: tuple[str, ...] = (
    "Holding {s}, or equivalent.",
    "{s} or a comparable professional qualification.",
)
CERT_NICE: tuple[str, ...] = (
    "{s} would be an advantage.",
    "A qualification such as {s} is desirable.",
)

# Business and soft skills read badly in generic templates, so each has its own sentences;
# the exact skill phrase (name or alias) appears in {s}.
BUSINESS_SENTENCES: dict[str, tuple[str, ...]] = {
    "business case development": ("Experience of {s} for significant investments.",
                                  "Able to lead {s} and secure funding for new initiatives."),
    "financial acumen": ("Sound {s} and comfort with budgets running to millions.",
                         "Commercial awareness and strong {s}."),
    "procurement": ("Experience of {s} for technology services and equipment.",
                    "Work with colleagues in {s} to run fair, competitive tenders."),
    "business alignment": ("A track record of {s}.", "Champion {s} across the leadership team."),
    "P&L responsibility": ("Experience holding {s} for a business unit.",
                           "You will carry {s} for the department."),
    "digital transformation": ("Lead {s} programmes across {scope}.",
                               "Experience delivering large-scale {s}."),
    "KPIs": ("Define and report on {s} for the function.",
             "Comfortable managing a team against clear {s}."),
    "cost optimisation": ("Drive {s} across the technology estate.",
                          "A track record of {s} without harming service quality."),
    "FinOps": ("Introduce {s} practices to keep spending under control.",
               "Experience with {s} and the tooling that supports it."),
}

SOFT_SENTENCES: dict[str, tuple[str, ...]] = {
    "communication skills": ("Excellent written and verbal {s}.",
                             "Strong {s}, with the confidence to brief senior leaders."),
    "problem solving": ("A calm, methodical approach to {s}.",
                        "Strong analytical and {s} ability."),
    "negotiation": ("Confident in {s} with suppliers and partners.",
                    "Experience of commercial {s}."),
    "collaboration": ("A natural instinct for {s} across teams and time zones.",
                      "You value {s} and open, honest feedback."),
    "attention to detail": ("Great {s}, even under pressure.",
                            "Excellent organisation and {s}."),
    "influencing": ("Skilled at {s} senior stakeholders without formal authority.",
                    "Strong {s} ability at every level of the organisation."),
}

# Filler carries the advert's texture. None of it may contain a skill name or alias.
RESPONSIBILITY_FILLER: dict[str, tuple[str, ...]] = {
    "technology_management": (
        "Lead a team of {k} engineers and analysts.",
        "Act as the senior escalation point for major incidents.",
        "Shape the technology roadmap with colleagues across the business.",
        "Report monthly to the executive team on service health and delivery.",
        "Build a culture of ownership, openness and continuous improvement.",
        "Keep our systems resilient, well documented and easy to support.",
    ),
    "technical_operations_management": (
        "Keep critical plant running around the clock across {scope}.",
        "Manage a shift rota of {k} technicians and engineers.",
        "Plan maintenance windows with minimal impact on customers.",
        "Lead root-cause reviews after operational incidents.",
        "Make sure health and safety procedures are followed on every site.",
        "Look after spares, tooling and site access arrangements.",
    ),
    "other_management": (
        "Lead a team of {k} people.",
        "Own the departmental plan and report progress to the leadership team.",
        "Build strong relationships with colleagues and customers.",
        "Represent the department at monthly leadership meetings.",
        "Keep policies and processes simple, fair and up to date.",
    ),
    "individual_contributor": (
        "Design, build and maintain reliable systems.",
        "Work closely with product owners and fellow engineers.",
        "Write clear documentation and share what you learn with the team.",
        "Take part in a fair, well-supported on-call rota.",
        "Investigate issues and see them through to a lasting fix.",
    ),
}
NICE_FILLER: tuple[str, ...] = (
    "Experience in a multi-site organisation.",
    "Time spent in a regulated industry.",
    "A full driving licence.",
    "Knowledge of our sector.",
)
EXPERIENCE_AREAS: dict[str, tuple[str, ...]] = {
    "technology_management": ("technology leadership roles", "leading technology teams",
                              "senior IT roles"),
    "technical_operations_management": ("mission-critical facilities",
                                        "technical operations roles",
                                        "engineering operations"),
    "other_management": ("a comparable management role", "a similar leadership position"),
    "individual_contributor": ("a similar role", "a comparable technical position"),
}
YEARS_RANGE: dict[str, tuple[int, int]] = {
    "lead": (3, 6), "manager": (4, 8), "director": (7, 12), "executive": (10, 15),
    "individual": (2, 5),
}
NUMBER_WORDS: tuple[str, ...] = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen",
)
EXPERIENCE_TEMPLATES: tuple[str, ...] = (
    "{n}+ years of experience in {area}.",
    "At least {n} years' experience in {area}.",
    "Minimum of {word} years' experience in {area}.",
    "{n}-{m} years of experience in {area}.",
    "{Word} or more years in {area}.",
    "You will have {n}+ years in {area}.",
)
DEGREE_REQUIRED: dict[str, tuple[str, ...]] = {
    "tech": ("Bachelor's degree in Computer Science or related field.",
             ("A degree in Engineering, Information Technology or a related subject, "
              "or equivalent experience.")),
    "other": ("Degree in Business, Finance or a related field.",
              "A Bachelor's degree or equivalent professional experience."),
}
MASTER_REQUIRED = "Master's degree in a quantitative or technical subject."
DEGREE_PREFERRED: tuple[str, ...] = ("Master's preferred.",
                                     "A Master's degree is preferred.")

BENEFITS: dict[str, tuple[str, ...]] = {
    "GB": ("Pension scheme with up to 8% employer contribution.", "Private medical insurance.",
           "27 days' holiday plus bank holidays.", "Hybrid working: two days a week on site.",
           "Cycle to work scheme.", "Life assurance at four times salary.",
           "Annual learning budget of £1,500."),
    "US": ("Medical, dental and vision cover from day one.", "401(k) with a 4% company match.",
           "Paid parental leave.", "Flexible paid time off.",
           "Annual learning budget of $2,000.", "Home office stipend."),
    "IE": ("Pension contribution of 6%.", "Health insurance for you and your family.",
           "25 days' annual leave.", "Hybrid working from our city-centre office.",
           "Bike to work scheme."),
    "DE": ("30 days' paid leave.", "Company pension plan.", "Subsidised public transport ticket.",
           "Flexible working hours.", "Annual learning budget of €1,500."),
    "NL": ("Holiday allowance of 8%.", "25 days' holiday plus public holidays.",
           "Pension scheme.", "Travel allowance or lease bike.",
           "Hybrid working with a home office allowance."),
}
COMPETITIVE_SALARY: tuple[str, ...] = ("Competitive salary", "Competitive salary and benefits",
                                       "Competitive salary + bonus")

# Baseline annual pay in GBP by (family, seniority) before country, year and jitter factors.
BASE_SALARY_GBP: dict[tuple[str, str], int] = {
    ("technology_management", "lead"): 65_000,
    ("technology_management", "manager"): 75_000,
    ("technology_management", "director"): 110_000,
    ("technology_management", "executive"): 165_000,
    ("technical_operations_management", "lead"): 50_000,
    ("technical_operations_management", "manager"): 60_000,
    ("technical_operations_management", "director"): 90_000,
    ("other_management", "lead"): 35_000,
    ("other_management", "manager"): 50_000,
    ("other_management", "director"): 85_000,
    ("other_management", "executive"): 150_000,
    ("individual_contributor", "individual"): 55_000,
}
BASE_DAY_RATE_GBP: dict[str, int] = {"lead": 500, "manager": 575, "director": 750,
                                     "executive": 900, "individual": 475}

# Broken-page kinds, alternated so both failure modes are always present.
BROKEN_KINDS: tuple[str, ...] = ("malformed_json", "missing_title")
