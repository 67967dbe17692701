#!/usr/bin/env python3
"""Build cairn's bundled catalogue from the researched network facts.

Usage (from the repository root):

    python3 tools/build_catalogue.py ../shared/data/networks-facts.json > assets/catalogue.json

Reads a `network-facts/1` file and writes a `cairn.catalogue/1` JSON document
to stdout. As a side effect it (re)writes `assets/topics.tsv` next to this
script's repository root, holding the controlled topic vocabulary.

Ids are stable: records already published keep the id ID_MAP gives them
(tests/fixtures/catalogue_ids_v1.txt lists the first catalogue's ids). Each
record gets `aliases` (other names: curated in ALIASES, plus "(formerly X)" in
a name, "(English: X)" in a summary and the parts of a short name such as
"IOPD / OIDP") and `keywords` (the facts' focus tags, less the generic ones).

Only the standard library is used and the output is deterministic: the same
input always yields byte-identical output. Warnings go to stderr.
"""

import json
import os
import re
import sys
from urllib.parse import urlsplit

SCHEMA = "cairn.catalogue/1"
INPUT_SCHEMA = "network-facts/1"
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ALPHA2_RE = re.compile(r"^[A-Z]{2}$")

# ---------------------------------------------------------------------------
# Controlled topic vocabulary, in display order: (slug, label, description).
# ---------------------------------------------------------------------------
TOPICS = [
    ("design", "Design",
     "Service design, user-centred and human-centred design, user research, content design and accessibility in public services."),
    ("digital", "Digital government",
     "Digital transformation of government: e-government, digital public services, GovTech, interoperability, ICT policy and digital inclusion."),
    ("data", "Data and analytics",
     "Using, sharing and governing government data, including open data, analytics, data leadership and data visualisation."),
    ("ai", "AI and emerging tech",
     "Artificial intelligence, algorithms and other emerging technologies, and how government adopts and governs them."),
    ("civic-tech", "Civic tech",
     "Civic technology communities and volunteer technologists building open-source tools with and for government."),
    ("hackathons", "Hackathons",
     "Hackathons, hack days and similar time-boxed build events that tackle public challenges."),
    ("open-government", "Open government",
     "Transparency, access to information, open data policy, accountability and citizen participation in government."),
    ("procurement", "Procurement",
     "Public procurement, including innovation, pre-commercial, sustainable and electronic procurement and supplier engagement."),
    ("behavioural-insights", "Behavioural insights",
     "Applying behavioural science and nudges to policy, services and communication, often tested through trials."),
    ("foresight", "Foresight",
     "Strategic foresight, futures thinking, horizon scanning and anticipatory governance."),
    ("policy-labs", "Labs and experimentation",
     "Policy labs, public innovation labs, innovation teams, living labs and structured experimentation in government."),
    ("evaluation", "Evidence and evaluation",
     "Evidence-informed policy, what works, monitoring and evaluation, results-based management and performance measurement."),
    ("leadership", "Leadership",
     "Public sector leadership, including senior leaders' networks and leading innovation, design or change."),
    ("change-management", "Change and culture",
     "Organisational change, transformation programmes and building a culture that welcomes innovation."),
    ("service-improvement", "Service improvement",
     "Continuous improvement of public services: quality improvement, business improvement, productivity and simpler, citizen-centred delivery."),
    ("skills", "Skills and capability",
     "Capability building, training, fellowships and professional development for public servants."),
    ("peer-learning", "Peer learning",
     "Structured peer exchange between governments or public servants: peer reviews, study visits, twinning and spreading proven practice."),
    ("workforce", "Workforce and HR",
     "Managing the public workforce: human resources, civil service commissions, talent mobility and staff motivation."),
    ("public-administration", "Public administration",
     "Public administration and civil service reform, good governance, centres of government and public administration scholarship."),
    ("public-finance", "Public finance",
     "Budgeting, public financial management, treasury, public spending and public-sector audit."),
    ("local-government", "Local government",
     "Municipalities, cities, counties and regions, and cooperation between local governments or between local and national government."),
    ("smart-cities", "Smart cities",
     "Smart and sustainable urban development, urban innovation and city-scale technology."),
    ("health", "Health and care",
     "Health systems, digital health, health technology assessment, care and social welfare services."),
    ("sustainability", "Sustainability",
     "Climate, energy, circular economy, green procurement, resilience and the Sustainable Development Goals."),
]
TOPIC_ORDER = {slug: i for i, (slug, _, _) in enumerate(TOPICS)}
MAX_TOPICS = 5

# focus slug -> topics. Every focus slug seen in the data is either here or in
# FOCUS_IGNORED; anything else triggers a warning so new slugs get mapped.
FOCUS_TOPICS = {
    # design
    "design": ["design"], "service-design": ["design"], "user-centred-design": ["design"],
    "user-centred": ["design"], "human-centred-design": ["design"], "design-thinking": ["design"],
    "design-methods": ["design"], "user-research": ["design"], "content-design": ["design"],
    "accessibility": ["design"], "user-experience": ["design"], "customer-experience": ["design"],
    "service-patterns": ["design"], "public-sector-design": ["design"], "co-creation": ["design"],
    "policy-design": ["design"], "design-leadership": ["design", "leadership"],
    # digital
    "digital": ["digital"], "digital-government": ["digital"], "e-government": ["digital"],
    "digital-transformation": ["digital"], "digital-public-services": ["digital"],
    "digital-services": ["digital"], "digitalisation": ["digital"], "interoperability": ["digital"],
    "govtech": ["digital"], "gov-2.0": ["digital"], "information-management": ["digital"],
    "technology": ["digital"], "ict-policy": ["digital"], "information-security": ["digital"],
    "cyber-security": ["digital"], "cybersecurity": ["digital"], "social-media": ["digital"],
    "digital-communication": ["digital"], "digital-inclusion": ["digital"], "e-inclusion": ["digital"],
    "broadband": ["digital"], "single-digital-market": ["digital"], "open-standards": ["digital"],
    "open-source": ["digital"], "service-standards": ["digital"], "open-by-default": ["digital"],
    "agile": ["digital"], "digital-rights": ["digital"], "ethical-digital-services": ["digital"],
    "innovation-and-technology": ["digital"], "life-event-services": ["digital"],
    "digital-skills": ["digital", "skills"], "digital-health": ["health", "digital"],
    "digital-pfm": ["public-finance", "digital"], "health-information-systems": ["health", "digital"],
    # data
    "data": ["data"], "open-data": ["data"], "analytics": ["data"],
    "data-driven-government": ["data"], "data-governance": ["data"], "data-sharing": ["data"],
    "data-driven-management": ["data"], "data-driven-innovation": ["data"],
    "data-visualisation": ["data"], "policy-visualisation": ["data"], "data-protection": ["data"],
    # ai
    "ai": ["ai"], "emerging-technology": ["ai"], "algorithmic-transparency": ["ai"],
    # civic tech
    "civic-tech": ["civic-tech"], "civic-innovation": ["civic-tech"], "volunteering": ["civic-tech"],
    "civic-labs": ["policy-labs"],
    # hackathons
    "hackathon": ["hackathons"],
    # open government
    "open-government": ["open-government"], "transparency": ["open-government"],
    "access-to-information": ["open-government"], "open-state": ["open-government"],
    "participation": ["open-government"], "civic-participation": ["open-government"],
    "citizen-participation": ["open-government"], "public-participation": ["open-government"],
    "civic-engagement": ["open-government"], "anti-corruption": ["open-government"],
    "democracy": ["open-government"], "watchdog": ["open-government"],
    # procurement
    "procurement": ["procurement"], "innovation-procurement": ["procurement"],
    "sustainable-procurement": ["procurement", "sustainability"],
    "green-procurement": ["procurement", "sustainability"], "e-procurement": ["procurement"],
    "pre-commercial-procurement": ["procurement"], "acquisition-innovation": ["procurement"],
    "challenge-based-procurement": ["procurement"], "cross-border-procurement": ["procurement"],
    "supplier-dialogue": ["procurement"], "sme-access": ["procurement"],
    "procurement-workforce": ["procurement", "workforce"],
    # behavioural insights
    "behavioural-insights": ["behavioural-insights"], "nudge": ["behavioural-insights"],
    "behavioural-science": ["behavioural-insights"],
    # foresight
    "foresight": ["foresight"], "futures": ["foresight"], "horizon-scanning": ["foresight"],
    "anticipatory-innovation": ["foresight"], "anticipatory-governance": ["foresight"],
    "global-trends": ["foresight"],
    # labs and experimentation
    "policy-lab": ["policy-labs"], "innovation-labs": ["policy-labs"], "innovation-lab": ["policy-labs"],
    "innovation-teams": ["policy-labs"], "living-labs": ["policy-labs"],
    "experimentation": ["policy-labs"], "solutions-mapping": ["policy-labs"],
    "action-research": ["policy-labs"],
    # evidence and evaluation
    "evaluation": ["evaluation"], "monitoring-and-evaluation": ["evaluation"],
    "evidence-based-policy": ["evaluation"], "evidence-informed-decision-making": ["evaluation"],
    "what-works": ["evaluation"], "evidence": ["evaluation"],
    "evidence-for-decision-making": ["evaluation"], "evaluation-standards": ["evaluation"],
    "evidence-and-evaluation": ["evaluation"], "research-use": ["evaluation"],
    "results-based-management": ["evaluation"], "randomised-controlled-trials": ["evaluation"],
    "health-technology-assessment": ["health", "evaluation"],
    "government-performance": ["evaluation"], "performance-management": ["evaluation"],
    # leadership
    "leadership": ["leadership"], "public-service-leadership": ["leadership"],
    "innovation-leadership": ["leadership"],
    # change and culture
    "change-management": ["change-management"], "transformation": ["change-management"],
    "organisational-development": ["change-management"], "innovation-culture": ["change-management"],
    "organisational-culture": ["change-management"], "systems-change": ["change-management"],
    "new-ways-of-working": ["change-management"], "bureaucracy": ["change-management"],
    # service improvement
    "service-improvement": ["service-improvement"], "quality-improvement": ["service-improvement"],
    "business-improvement": ["service-improvement"], "productivity": ["service-improvement"],
    "public-sector-productivity": ["service-improvement"],
    "service-simplification": ["service-improvement"],
    "citizen-centric-services": ["service-improvement"], "staff-suggestions": ["service-improvement"],
    "idea-management": ["service-improvement"], "service-delivery": ["service-improvement"],
    "public-services": ["service-improvement"], "quality-management": ["service-improvement"],
    "patient-safety": ["health", "service-improvement"],
    # skills
    "capability-building": ["skills"], "professional-development": ["skills"], "training": ["skills"],
    "public-sector-training": ["skills"], "capacity-building": ["skills"],
    "capacity-development": ["skills"], "innovation-skills": ["skills"], "learning": ["skills"],
    "curriculum": ["skills"], "fellowship": ["skills"], "early-career": ["skills"],
    "new-professionals": ["skills"], "innovation-capability": ["skills"],
    "public-administration-education": ["public-administration", "skills"],
    # peer learning
    "peer-learning": ["peer-learning"], "knowledge-sharing": ["peer-learning"],
    "knowledge-management": ["peer-learning"], "knowledge-transfer": ["peer-learning"],
    "good-practice": ["peer-learning"], "replication": ["peer-learning"],
    "spread-of-practice": ["peer-learning"], "spread-and-adoption": ["peer-learning"],
    "south-south-cooperation": ["peer-learning"], "horizontal-cooperation": ["peer-learning"],
    "peer-networking": ["peer-learning"], "collaboration": ["peer-learning"],
    "social-network": ["peer-learning"],
    # workforce
    "human-resource-management": ["workforce"], "human-resources": ["workforce"], "hr": ["workforce"],
    "hr-innovation": ["workforce"], "talent-mobility": ["workforce"],
    "civil-service-management": ["workforce"], "workforce-competencies": ["workforce"],
    "human-capital": ["workforce"], "public-service-commissions": ["workforce"],
    "public-servant-motivation": ["workforce"], "public-service-professionalisation": ["workforce"],
    # public administration
    "public-administration": ["public-administration"],
    "public-administration-reform": ["public-administration"],
    "public-sector-reform": ["public-administration"], "state-reform": ["public-administration"],
    "civil-service-reform": ["public-administration"], "civil-service": ["public-administration"],
    "governance": ["public-administration"], "good-governance": ["public-administration"],
    "administrative-development": ["public-administration"],
    "government-excellence": ["public-administration"],
    "centre-of-government": ["public-administration"], "policy-coordination": ["public-administration"],
    "better-regulation": ["public-administration"], "regulation": ["public-administration"],
    "integrity": ["public-administration"], "ethics-and-integrity": ["public-administration"],
    # public finance
    "public-financial-management": ["public-finance"], "budgeting": ["public-finance"],
    "treasury": ["public-finance"], "internal-audit": ["public-finance"],
    "public-audit": ["public-finance"], "public-spending": ["public-finance"],
    # local government
    "local-government": ["local-government"], "cities": ["local-government"],
    "municipal-innovation": ["local-government"], "local-government-innovation": ["local-government"],
    "central-local-collaboration": ["local-government"],
    "regional-revitalisation": ["local-government"],
    "decentralised-cooperation": ["local-government", "peer-learning"],
    "city-university-partnerships": ["local-government"],
    "community-engagement": ["local-government"],
    # smart cities
    "smart-cities": ["smart-cities"], "urban-innovation": ["smart-cities"],
    "urban-development": ["smart-cities"],
    # health
    "health": ["health"], "health-policy": ["health"], "health-innovation": ["health"],
    "universal-health-coverage": ["health"], "health-financing": ["health"], "care": ["health"],
    "urban-health": ["health", "local-government"], "health-equity": ["health"],
    "governance-for-health": ["health"], "social-welfare": ["health"],
    # sustainability
    "climate": ["sustainability"], "energy": ["sustainability"], "circular-economy": ["sustainability"],
    "sustainability": ["sustainability"], "sustainable-development": ["sustainability"],
    "sustainable-development-goals": ["sustainability"], "disaster-resilience": ["sustainability"],
    # added with the 263-network facts (2026-12)
    "skills": ["skills"], "learning-and-development": ["skills"],
    "deliberative-democracy": ["open-government"], "participatory-budgeting": ["open-government"],
    "citizen-engagement": ["open-government"], "public-sector-integrity": ["open-government"],
    "tax-administration": ["public-finance"], "public-finance": ["public-finance"],
    "results-based-budgeting": ["public-finance"], "performance-budgeting": ["public-finance"],
    "gender-budgeting": ["public-finance"], "domestic-resource-mobilisation": ["public-finance"],
    "standards": ["digital"], "digital-public-infrastructure": ["digital"],
    "digital-identity": ["digital"], "identity-management": ["digital"],
    "technology-policy": ["digital"], "software-reuse": ["digital"], "reuse": ["digital"],
    "rules-as-code": ["digital"], "digital-service-teams": ["digital"],
    "it-leadership": ["digital", "leadership"], "municipal-it": ["local-government", "digital"],
    "privacy": ["data"], "data-science": ["data"], "data-standards": ["data"],
    "shared-services": ["service-improvement"], "public-sector-transformation": ["change-management"],
    "organisational-change": ["change-management"], "modernisation": ["public-administration"],
    "good-practice-transfer": ["peer-learning"], "devolution": ["local-government"],
}

# Focus slugs that deliberately map to no topic (too generic, or covered by
# other slugs on the same records).
FOCUS_IGNORED = {
    "work-practices", "public-benefits", "mobility", "employment-services", "communications",
    "bilingual-services",
    "innovation", "public-innovation", "public-sector-innovation", "public-service-innovation",
    "government-innovation", "innovation-strategy", "innovation-policy", "innovation-awards",
    "awards", "research", "policy", "policy-and-delivery", "unconference", "online-community",
    "toolkits", "public-sector", "strategic-planning", "accountability", "regional-integration",
    "regional-cooperation", "european-integration", "development-cooperation", "economic-development",
    "entrepreneurship", "startups", "science-and-innovation", "civil-entrepreneurship",
    "academia-government", "civic-research", "social-sciences", "problem-solving", "wellbeing",
    "equity-and-inclusion", "ethics", "communication", "legal-guidance", "crisis-response",
    "emergency-response", "empathy", "collective-intelligence",
}

# activity slug -> topics (only activities that clearly imply a topic).
ACTIVITY_TOPICS = {
    "hackathon": ["hackathons"], "hackathons": ["hackathons"], "hackdays": ["hackathons"],
    "training": ["skills"], "training-courses": ["skills"], "online-training": ["skills"],
    "online-course": ["skills"], "online-courses": ["skills"], "academy": ["skills"],
    "learning-programmes": ["skills"], "masterclasses": ["skills"], "fellowship": ["skills"],
    "fellowships": ["skills"], "civic-academy": ["skills"], "training-campus": ["skills"],
    "competency-framework": ["skills"], "professional-development": ["skills"],
    "peer-learning": ["peer-learning"], "peer-exchange": ["peer-learning"],
    "peer-reviews": ["peer-learning"], "peer-review": ["peer-learning"],
    "study-visits": ["peer-learning"], "twinning": ["peer-learning"],
    "peer-to-peer-mechanism": ["peer-learning"], "exchange-programme": ["peer-learning"],
    "learning-exchanges": ["peer-learning"], "peer-learning-exchanges": ["peer-learning"],
    "city-to-city-cooperation": ["peer-learning"], "matchmaking-workshops": ["peer-learning"],
    "mobility-programme": ["peer-learning"], "faculty-exchange": ["peer-learning"],
    "peer-support": ["peer-learning"], "site-visits": ["peer-learning"],
    "field-visits": ["peer-learning"], "expert-exchange": ["peer-learning"],
    "horizon-scanning": ["foresight"],
    "evaluations": ["evaluation"], "evidence-synthesis": ["evaluation"],
    "joint-evaluations": ["evaluation"],
    "living-lab-projects": ["policy-labs"], "experiments": ["policy-labs"],
    "innovation-laboratory": ["policy-labs"], "innovation-teams": ["policy-labs"],
    "work-improvement-teams": ["service-improvement"],
    "staff-suggestion-scheme": ["service-improvement"],
    "change-agents": ["change-management"],
}

# Summary text patterns that clearly imply a topic.
SUMMARY_TOPICS = [
    (re.compile(r"\bhackathons?\b|\bhack ?days?\b", re.I), ["hackathons"]),
    (re.compile(r"\bbehavioural (?:science|insights)\b", re.I), ["behavioural-insights"]),
]

# Hand-curated additions/removals after reading each record's summary. Keyed by
# the new id. Additions are applied before the MAX_TOPICS cut, with priority.
TOPIC_ADD = {
    "psin-au": ["peer-learning", "change-management"],
    "federal-innovation-network-be": ["peer-learning", "change-management"],
    "innovatienetwerk-overheid": ["peer-learning", "change-management"],
    "govcamp-cymru": ["design", "peer-learning"],
    "govcamp-au": ["peer-learning"],
    "ukgovcamp": ["peer-learning"],
    "creative-bureaucracy": ["change-management"],
    "uae-innovators-network": ["leadership", "peer-learning"],
    "cnip-co": ["policy-labs", "peer-learning"],
    "psin-gr": ["peer-learning"],
    "public-sector-network": ["peer-learning"],
    "igl": ["policy-labs"],
    "transforming-cities-cop": ["policy-labs"],
    "apolitical": ["skills"],
    "aapam": ["public-administration"],
    "capam": ["public-administration"],
    "red-innpulso": ["local-government"],
    "innokyla": ["local-government"],
    "bloomberg-cities": ["skills", "peer-learning"],
    "i-teams": ["local-government"],
    "cdto-ua": ["leadership", "skills"],
    "oecd-cog-network": ["leadership"],
    "free-agents-ca": ["peer-learning"],
    "metrolab": ["data"],
    "cpsi": ["peer-learning"],
    "jipp": ["local-government"],
    "nordic-smart-cities": ["local-government"],
    "oasc": ["smart-cities"],
    "asean-smart-cities": ["local-government"],
    "who-healthy-cities": ["sustainability"],
    "esam": ["peer-learning"],
    "loti": ["peer-learning"],
    "smart-africa": ["digital"],
    "usdr": ["local-government"],
    "code-for-america-brigades": ["local-government"],
    "kik-my": ["change-management"],
    "red-gealc": ["peer-learning"],
    "school-for-change-agents": ["leadership"],
    "policy-vis-network-au": ["design"],
    "states-of-change": ["policy-labs"],
    "innovation-teams-bd": ["peer-learning"],
    "rijks-innovatie-community": ["peer-learning"],
    "un-desa-schools-network": ["public-administration"],
    "chiiki-ni-tobidasu": ["workforce"],
    "innovadores-publicos-cl": ["peer-learning"],
    "hack-for-sweden": ["open-government"],
    "opsi": ["foresight", "peer-learning"],
    "municipal-innovators-ca": ["peer-learning"],
}
TOPIC_REMOVE = {
    # "service-delivery" is incidental for these HR/commission networks.
    "aps-hrmnet": ["service-improvement"],
    # Open-source here is a platform detail, not a topic.
    "gccollab": ["digital"],
    # Lab-hosted hub; innovation rather than HR.
    "novagob": ["workforce"],
    # "innovation-and-technology" is one theme among many for the commissions.
    "aapscoms": ["digital"],
    # "governance" here means health-information governance.
    "aehin": ["public-administration"],
    # "governance" here means governance of digital government.
    "e-leaders": ["public-administration"],
    # Regulation/supervision is an application area, not administrative reform.
    "bin-nl": ["public-administration"],
    # Volunteering in the community, not open government.
    "chiiki-ni-tobidasu": ["open-government"],
}

# When more than MAX_TOPICS apply, these broad topics are dropped first
# (lowest-priority first) so that specific topics survive the cut.
GENERIC_DROP_ORDER = ["peer-learning", "skills", "service-improvement", "public-administration",
                      "digital", "data"]

# ---------------------------------------------------------------------------
# New short ids, keyed by the facts file's long id.
# ---------------------------------------------------------------------------
ID_MAP = {
    "abrelatam-condatos": "abrelatam-condatos",
    "africa-evidence-network": "africa-evidence-network",
    "africa-public-sector-human-resource-managers-network": "aps-hrmnet",
    "african-association-for-public-administration-and-management": "aapam",
    "african-community-of-practice-on-managing-for-development": "afcop-mfdr",
    "african-management-development-institutes-network": "amdin",
    "alliance-for-innovation": "alliance-for-innovation",
    "apo-center-of-excellence-on-public-sector-productivity": "apo-coe-psp",
    "apolitical": "apolitical",
    "arab-administrative-development-organization": "arado",
    "asean-cooperation-on-civil-service-matters": "accsm",
    "asean-smart-cities-network": "asean-smart-cities",
    "asia-ehealth-information-network": "aehin",
    "association-of-african-public-services-commissions": "aapscoms",
    "astana-civil-service-hub": "astana-civil-service-hub",
    "australasian-joint-agencies-scanning-network": "ajasn",
    "bangladesh-public-service-innovation-teams-and-public": "innovation-teams-bd",
    "behavioral-sciences-team-nudge-unit-of-japan": "best-jp",
    "behavioural-insights-netwerk-nederland": "bin-nl",
    "behavioural-insights-practitioners-network-australian": "bipn-au",
    "belgian-federal-government-innovation-network": "federal-innovation-network-be",
    "biig-network-business-improvement-and-innovation-in": "biig",
    "bloomberg-cities-network": "bloomberg-cities",
    "bloomberg-philanthropies-innovation-teams-i-teams-program": "i-teams",
    "bx-arabia-arab-summit-on-behavioral-science-and-nudging": "bx-arabia",
    "canada-s-free-agents": "free-agents-ca",
    "centro-latinoamericano-de-administracion-para-el-desarrollo": "clad",
    "cesko-digital": "cesko-digital",
    "chief-digital-transformation-officers-cdto-network-ukraine": "cdto-ua",
    "chiiki-ni-tobidasu-komuin-network-and-mayors-alliance": "chiiki-ni-tobidasu",
    "cities-coalition-for-digital-rights": "cc4dr",
    "citynet-regional-network-of-local-authorities-for-the": "citynet",
    "civic-analytics-network": "civic-analytics-network",
    "civic-tech-innovation-network": "ctin",
    "code-for-all": "code-for-all",
    "code-for-america-brigade-network": "code-for-america-brigades",
    "code-for-canada": "code-for-canada",
    "code-for-japan": "code-for-japan",
    "code-for-pakistan": "code-for-pakistan",
    "code-for-romania": "code4romania",
    "collaborative-africa-budget-reform-initiative": "cabri",
    "comite-nacional-de-innovacion-publica-colombia": "cnip-co",
    "commonwealth-association-for-public-administration-and": "capam",
    "cpsi-public-sector-innovation-conference-and-awards-south": "cpsi",
    "creative-bureaucracy-festival": "creative-bureaucracy",
    "cross-agency-social-media-casm-community": "casm-au",
    "cross-government-heads-of-design-group-uk": "heads-of-design-uk",
    "dac-network-on-development-evaluation": "evalnet",
    "dhs-procurement-innovation-lab": "dhs-pil",
    "digital-gov-communities-of-practice": "digital-gov-cops",
    "digital-government-exchange": "dgx",
    "digital-nations": "digital-nations",
    "eastern-regional-organization-for-public-administration": "eropa",
    "engaging-local-government-leaders": "elgl",
    "esam-swedish-agencies-programme-for-digital-cooperation": "esam",
    "eurocities-knowledge-society-forum": "eurocities-ksf",
    "european-public-administration-network": "eupan",
    "european-strategy-and-policy-analysis-system": "espas",
    "federal-chief-data-officers-council": "cdo-council-us",
    "federal-foresight-community-of-interest": "ffcoi",
    "g0v-code-for-taiwan": "g0v",
    "gccollab": "gccollab",
    "global-digital-health-partnership": "gdhp",
    "global-lead-city-network-on-sustainable-procurement": "glcn-sp",
    "global-network-of-schools-of-public-administration-un-desa": "un-desa-schools-network",
    "govcamp-australia": "govcamp-au",
    "govcamp-cymru": "govcamp-cymru",
    "govhack": "govhack",
    "govis": "govis",
    "govlabaustria": "govlabaustria",
    "govloop": "govloop",
    "govtech-lab-lithuania": "govtech-lab-lt",
    "govtech-poland-govtech-polska": "govtech-polska",
    "hack-for-sweden": "hack-for-sweden",
    "health-innovation-network-formerly-academic-health-science": "hin-england",
    "innokyla-innovillage": "innokyla",
    "innovatienetwerk-overheid": "innovatienetwerk-overheid",
    "innovation-growth-lab": "igl",
    "innovation-network-victorian-government": "innovation-network-vic",
    "innovationsformaga-i-kommuner-municipal-innovation-learning": "innovationsformaga",
    "innovative-and-creative-circles-kik-of-the-malaysian-public": "kik-my",
    "institute-of-public-administration-australia": "ipaa",
    "institute-of-public-administration-new-zealand": "ipanz",
    "institute-of-public-administration-of-canada": "ipac",
    "inter-american-network-on-government-procurement": "ricg",
    "international-design-in-government-community": "design-in-government-intl",
    "international-network-of-agencies-for-health-technology": "inahta",
    "irish-public-service-strategic-foresight-community-of": "foresight-cop-ie",
    "jaringan-inovasi-pelayanan-publik-public-service-innovation": "jipp",
    "joint-learning-network-for-universal-health-coverage": "jln",
    "keino-competence-centre-for-sustainable-and-innovative": "keino",
    "koduj-dla-polski": "koduj-dla-polski",
    "la-27e-region": "la-27e-region",
    "lab-connections-european-policy-labs-community": "lab-connections",
    "labcamp-public-innovation-labs-in-germany-austria-and": "labcamp",
    "labworks-global-lab-gathering": "labworks",
    "lga-transformation-network": "lga-transformation",
    "localgov-digital": "localgov-digital",
    "london-gov-design-meetup": "govdesign-london",
    "london-office-of-technology-and-innovation": "loti",
    "mena-network-of-public-procurement-experts": "mena-procurement-experts",
    "mena-oecd-network-on-public-procurement": "mena-oecd-procurement",
    "mena-oecd-working-group-ii-on-open-and-innovative-government": "mena-oecd-open-gov",
    "mercociudades": "mercociudades",
    "metrolab-network": "metrolab",
    "microsoft-change-agent-programme-uk-public-sector": "microsoft-change-agents-uk",
    "municipal-innovators-community-canada": "municipal-innovators-ca",
    "national-programme-for-supplier-development": "lup-no",
    "nationales-e-government-kompetenzzentrum": "negz",
    "network-of-asia-pacific-schools-and-institutes-of-public": "napsipag",
    "network-of-institutes-and-schools-of-public-administration": "nispacee",
    "next-netzwerk-experten-fur-die-digitale-transformation-der": "next-netzwerk",
    "nordic-smart-city-network": "nordic-smart-cities",
    "novagob": "novagob",
    "nsw-behavioural-insights-community-of-practice": "nsw-bi-cop",
    "oecd-e-leaders-working-party-of-senior-digital-government": "e-leaders",
    "oecd-government-foresight-community": "oecd-foresight",
    "oecd-network-of-behavioural-insights-experts-in-government": "oecd-bi-network",
    "oecd-network-of-senior-officials-from-centres-of-government": "oecd-cog-network",
    "oecd-network-on-open-and-innovative-government-in-latin": "oecd-lac-open-gov",
    "oecd-observatory-of-public-sector-innovation-and-its": "opsi",
    "one-team-gov": "one-team-gov",
    "open-agile-smart-cities": "oasc",
    "open-data-charter": "open-data-charter",
    "open-government-partnership": "ogp",
    "pacific-association-of-supreme-audit-institutions": "pasai",
    "pacific-ict-ministerial-dialogue-and-ict-heads-senior": "pacific-ict-dialogue",
    "pacific-public-service-commissioners-conference-and-public": "ppscc",
    "participation-officers-network-taiwan": "po-network-tw",
    "partnership-for-green-public-procurement-partnerskab-for": "pogi",
    "policy-visualisation-network-australian-public-service": "policy-vis-network-au",
    "procura-european-sustainable-and-innovation-procurement": "procura-plus",
    "procure2innovate-network-european-network-of-competence": "procure2innovate",
    "ps21-public-service-for-the-21st-century-movement": "ps21",
    "public-expenditure-management-peer-assisted-learning-network": "pempal",
    "public-procurement-network": "ppn",
    "public-sector-change-practitioners": "change-practitioners-us",
    "public-sector-foresight-network": "psfn",
    "public-sector-innovation-network-australian-government": "psin-au",
    "public-sector-innovation-network-greece": "psin-gr",
    "public-sector-network": "public-sector-network",
    "public-service-innovation-network-ireland": "psin-ie",
    "q-community": "q-community",
    "red-academica-de-gobierno-abierto": "red-academica-gobierno-abierto",
    "red-de-innovacion-local": "ril",
    "red-de-innovadores-publicos-chile": "innovadores-publicos-cl",
    "red-de-monitoreo-y-evaluacion-de-america-latina-y-el-caribe": "redlacme",
    "red-de-transparencia-y-acceso-a-la-informacion": "rta",
    "red-gealc-inter-american-network-of-digital-government": "red-gealc",
    "red-innolabs-ibero-american-network-of-government": "red-innolabs",
    "red-innpulso-red-de-ciudades-de-la-ciencia-y-la-innovacion": "red-innpulso",
    "rede-federal-de-inovacao-no-setor-publico": "inovagov",
    "regional-school-of-public-administration": "respa",
    "rijks-innovatie-community": "rijks-innovatie-community",
    "school-for-change-agents-nhs-horizons": "school-for-change-agents",
    "service-design-in-government-community-of-practice": "service-design-gov-cop",
    "service-design-in-government-conference": "sdingov",
    "slovensko-digital": "slovensko-digital",
    "smart-africa-alliance": "smart-africa",
    "south-african-government-cross-departmental-community-of": "evidence-cop-za",
    "south-south-network-for-public-service-innovation": "ssn4psi",
    "staatslabor": "staatslabor",
    "states-of-change": "states-of-change",
    "transforming-cities-from-within-community-of-practice": "transforming-cities-cop",
    "twende-mbele": "twende-mbele",
    "u-s-digital-response": "usdr",
    "uae-government-chief-innovation-officers-network-innovators": "uae-innovators-network",
    "uclg-learning-peer-learning-programme-of-united-cities-and": "uclg-learning",
    "uk-cross-government-user-centred-design-community": "ucd-community-uk",
    "ukgovcamp": "ukgovcamp",
    "undp-accelerator-labs-network": "undp-acclabs",
    "united-nations-public-administration-network": "unpan",
    "what-works-cities": "what-works-cities",
    "what-works-network": "what-works-network",
    "who-european-healthy-cities-network": "who-healthy-cities",
    "yonnana-kai-network-of-japan-s-local-and-national-public": "yonnana-kai",
    "young-government-leaders": "ygl",
    # added with the 263-network facts (2026-12)
    "digital-service-network-beeck-center-georgetown-university": "digital-service-network",
    "state-chief-data-officers-network": "state-cdo-network",
    "digital-benefits-network": "digital-benefits-network",
    "national-association-of-state-chief-information-officers": "nascio",
    "government-innovators-network-harvard-ash-center": "government-innovators-network",
    "results-for-america-local-government-fellowship": "rfa-local-fellowship",
    "bloomberg-philanthropies-city-data-alliance": "city-data-alliance",
    "data-science-network-for-the-federal-public-service": "data-science-network-ca",
    "joint-councils-public-sector-service-delivery-council-and": "pssdc-pscioc",
    "misa-asim-canada-municipal-information-systems-association": "misa-asim",
    "civic-tech-toronto": "civic-tech-toronto",
    "experimentation-works-government-of-canada": "experimentation-works",
    "centro-interamericano-de-administraciones-tributarias": "ciat",
    "consejo-federal-de-la-funcion-publica-argentina": "cofefup",
    "codeando-mexico": "codeando-mexico",
    "comunidad-de-profesionales-y-expertos-en-latinoamerica-y-el": "coplac-gprd",
    "red-iberoamericana-de-proteccion-de-datos": "ripd",
    "organizacion-latinoamericana-y-del-caribe-de-entidades": "olacefs",
    "oecd-regional-senior-budget-officials-network-for-latin": "lac-sbo",
    "caribbean-centre-for-development-administration": "caricad",
    "african-tax-administration-forum": "ataf",
    "african-organisation-of-english-speaking-supreme-audit": "afrosai-e",
    "network-of-african-data-protection-authorities": "nadpa-rapdp",
    "african-evaluation-association": "afrea",
    "maarifa-centre-council-of-governors-kenya": "maarifa-centre",
    "chief-digital-officers-network-rwanda": "cdo-network-rw",
    "ghana-monitoring-and-evaluation-forum": "gmef",
    "evalmena-middle-east-and-north-africa-evaluation-network": "evalmena",
    "arab-towns-organization": "arab-towns-organization",
    "arab-anti-corruption-and-integrity-network": "acinet",
    "mena-oecd-senior-budget-officials-network": "mena-sbo",
    "arab-organization-of-supreme-audit-institutions": "arabosai",
    "eu-wide-foresight-network": "eu-foresight-network",
    "community-of-practice-of-the-competence-centre-on": "cc-demos",
    "joinup-interoperable-europe-portal": "joinup",
    "open-source-observatory": "osor",
    "semantic-interoperability-community": "semic",
    "network-of-directors-of-institutes-and-schools-of-public": "dispa",
    "european-network-of-public-employment-services": "pes-network",
    "living-in-eu": "living-in-eu",
    "urbact": "urbact",
    "forum-agile-verwaltung": "forum-agile-verwaltung",
    "code-for-germany": "code-for-germany",
    "innovators-club-des-deutschen-stadte-und-gemeindebundes": "innovators-club-dstgb",
    "reseau-des-laboratoires-d-innovation-publique": "labos-innovation-publique-fr",
    "les-interconnectes-reseau-des-territoires-innovants": "les-interconnectes",
    "opendatafrance": "opendatafrance",
    "conferenza-dei-responsabili-per-la-transizione-al-digitale": "conferenza-rtd",
    "developers-italia": "developers-italia",
    "red-de-entidades-locales-por-la-transparencia-y": "relpc",
    "red-espanola-de-ciudades-inteligentes": "reci",
    "rede-portuguesa-de-cidades-inteligentes-rener-living-lab": "rener",
    "cooperation-open-government-data-osterreich": "cooperation-ogd-at",
    "smart-city-hub-switzerland": "smart-city-hub-ch",
    "stafraent-samstarf-sveitarfelaga": "stafraent-samstarf-is",
    "digital-partnership-for-scottish-local-government-digital": "digital-office-scotland",
    "centre-for-digital-public-services-communities-of-practice": "cdps-cop-wales",
    "government-innovation-avengers": "government-innovation-avengers",
    "code-for-korea": "code-for-korea",
    "evaluation-community-of-india": "ecoi",
    "datameet": "datameet",
    "taituara-local-government-professionals-aotearoa": "taituara",
    "new-zealand-behavioural-insights-community-of-practice": "bi-cop-nz",
    "open-data-hong-kong": "odhk",
    "sri-lanka-evaluation-association": "sleva",
    "galing-pook": "galing-pook",
    "govai-coalition": "govai-coalition",
    "city-ai-connect": "city-ai-connect",
    "govtech-deutschland-govtech-campus-deutschland": "govtech-deutschland",
    "govtech4all": "govtech4all",
    "50-in-5-campaign": "50-in-5",
    "id4africa": "id4africa",
    "international-observatory-on-participatory-democracy": "oidp",
    "oecd-innovative-citizen-participation-network": "oecd-citizen-participation",
    "democracy-r-and-d-network": "democracy-r-d",
    "rede-de-autarquias-participativas": "rede-autarquias-participativas",
    "policy-garage": "policy-garage",
    "dessein-public": "dessein-public",
    "designers-italia": "designers-italia",
    "evaluation-officer-council-us-federal-government": "evaluation-officer-council",
    "united-nations-evaluation-group": "uneg",
    "big-buyers-working-together": "big-buyers",
    "reseco-reseau-grand-ouest-commande-publique-developpement": "reseco",
    "uk-government-data-science-community": "data-science-community-uk",
    "nsw-agency-for-clinical-innovation-clinical-networks": "aci-clinical-networks",
    "who-global-learning-laboratory-for-quality-uhc": "who-gll-quality-uhc",
}

# ---------------------------------------------------------------------------
# Aliases (names in other languages, expansions, former names) and keywords.
# ---------------------------------------------------------------------------
# Read off each record's name, short name, summary and notes by hand; keyed by
# the new id. The automatic rules in aliases_for() add more.
ALIASES = {
    "abrelatam-condatos": ["AbreLatam", "ConDatos"],
    "best-jp": ["Nudge Unit of Japan"],
    "big-buyers": ["Big Buyers Initiative", "Big Buyers for Climate and Environment"],
    "biig": ["Business Improvement and Innovation in Government"],
    "bx-arabia": ["Arab Summit on Behavioral Science and Nudging"],
    "chiiki-ni-tobidasu": ["地域に飛び出す公務員ネットワーク", "地域に飛び出す公務員を応援する首長連合"],
    "ciat": ["Centro Interamericano de Administradores Tributarios"],
    "citynet": ["Regional Network of Local Authorities for the Management of Human Settlements"],
    "digital-nations": ["D5", "D7", "D9"],
    "digital-office-scotland": ["Digital Office for Scottish Local Government"],
    "e-leaders": ["Working Party of Senior Digital Government Officials"],
    "esam": ["Swedish agencies' programme for digital cooperation"],
    "evalmena": ["Middle East and North Africa Evaluation Network"],
    "g0v": ["Code for Taiwan"],
    "government-innovation-avengers": ["Government Innovation Avengers", "정부혁신 어벤져스"],
    "govtech4all": ["EU GovTech Incubator"],
    "hin-england": ["Health Innovation Networks", "AHSN Network"],
    "innokyla": ["Innovillage"],
    "jipp": ["Public Service Innovation Network"],
    "joinup": ["Interoperable Europe Portal"],
    "kik-my": ["Majlis Persada Inovasi Perkhidmatan Awam", "MPIPA"],
    "les-interconnectes": ["Réseau des Territoires Innovants"],
    "lup-no": ["Leverandørutviklingsprogrammet"],
    "misa-asim": ["Municipal Information Systems Association"],
    "negz": ["Kompetenznetzwerk Digitale Verwaltung"],
    "next-netzwerk": ["Experten für die digitale Transformation der Verwaltung", "NExT e.V."],
    "oidp": ["Observatorio Internacional de la Democracia Participativa"],
    "pasai": ["SPASAI"],
    "pogi": ["Partnerskab for Offentlige Grønne Indkøb"],
    "policy-garage": ["PolicyGarage"],
    "procure2innovate": ["European network of competence centres for innovation procurement"],
    "ps21": ["Public Service for the 21st Century"],
    "pssdc-pscioc": ["Public Sector Service Delivery Council", "Public Sector Chief Information Officer Council"],
    "red-innolabs": ["Ibero-American network of government innovation labs"],
    "red-innpulso": ["Red de Ciudades de la Ciencia y la Innovación"],
    "rener": ["RENER Living Lab"],
    "stafraent-samstarf-is": ["Digital cooperation of Icelandic municipalities"],
    "taituara": ["Local Government Professionals Aotearoa", "New Zealand Society of Local Government Managers", "SOLGM"],
    "uae-innovators-network": ["Innovators Network", "Shabakat al-Mubtakirin"],
    "yonnana-kai": ["よんなな会"],
}
# "(formerly X)" in a name; "(English: X)" or "(its name means X)" in a summary.
FORMERLY_IN_NAME_RE = re.compile(r"\(formerly ([^()]+)\)")
ENGLISH_NAME_RE = re.compile(r"\((?:English: |its name means )([^()]+)\)")
# Curated lists replace the "formerly" rule where it would read "A and B" as one name.
ALIAS_NO_FORMERLY_RULE = {"big-buyers"}
# Focus tags too generic to help anyone find a network.
KEYWORDS_DROPPED = {
    "innovation", "public-innovation", "public-sector-innovation", "public-service-innovation",
    "government-innovation", "public-sector",
}

# ---------------------------------------------------------------------------
# Regions and enumerations.
# ---------------------------------------------------------------------------
GROUPINGS = {
    "global": ["global"], "eu": ["EU"], "europe": ["Europe"], "latam": ["LATAM"],
    "africa": ["Africa"], "mena": ["MENA"], "asia-pacific": ["Asia-Pacific"],
    "oceania": ["Oceania"], "americas": ["Americas"], "ibero-america": ["Ibero-America"],
    "asean": ["ASEAN"], "commonwealth": ["Commonwealth"], "central-asia": ["Central-Asia"],
    "europe and central asia": ["Europe", "Central-Asia"],
}
COUNTRY_FIXES = {"UK": "GB"}

ALLOWED = {
    "scope": {"organisational", "cross-sectoral", "community", "whole-of-government", "international"},
    "membership": {"open", "closed", "mixed"},
    "formality": {"formal", "informal"},
    "run_by": {"government", "intergovernmental", "non-profit", "commercial", "academic", "volunteer"},
}

WARNINGS = []


def warn(msg):
    WARNINGS.append(msg)
    print("warning: " + msg, file=sys.stderr)


def dedup(items):
    seen, out = set(), []
    for x in items:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


def slugify(text):
    text = text.lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text


def new_id(rec):
    old = rec["id"]
    if old in ID_MAP:
        return ID_MAP[old]
    cand = slugify(rec.get("short_name") or "") or slugify(old)[:30].strip("-")
    warn("%s: no curated id, using %r" % (old, cand))
    return cand


def regions(rec):
    out = []
    for c in rec.get("countries") or []:
        c = COUNTRY_FIXES.get(c.strip().upper(), c.strip().upper())
        if ALPHA2_RE.match(c):
            out.append(c)
        else:
            warn("%s: bad country code %r dropped" % (rec["id"], c))
    reg = rec.get("region")
    if reg:
        key = reg.strip().lower()
        if key in GROUPINGS:
            out.extend(GROUPINGS[key])
        else:
            code = COUNTRY_FIXES.get(reg.strip().upper(), reg.strip().upper())
            if ALPHA2_RE.match(code):
                out.append(code)
            else:
                warn("%s: unknown region %r dropped" % (rec["id"], reg))
    return dedup(out)


def host(url):
    h = (urlsplit(url.strip()).hostname or "").lower()
    return h[4:] if h.startswith("www.") else h


def aliases_for(rec, nid, name, short_name):
    found = []
    if nid not in ALIAS_NO_FORMERLY_RULE:
        found.extend(m.group(1) for m in FORMERLY_IN_NAME_RE.finditer(name))
    found.extend(m.group(1) for m in ENGLISH_NAME_RE.finditer(rec.get("summary") or ""))
    # "IOPD / OIDP": each part is a name of its own.
    if short_name and "/" in short_name:
        found.extend(short_name.split("/"))
    found.extend(ALIASES.get(nid, []))
    taken = {name.casefold(), (short_name or "").casefold()}
    out = []
    for a in found:
        a = a.strip()
        if a and a.casefold() not in taken:
            taken.add(a.casefold())
            out.append(a)
    return out


def keywords_for(rec):
    tags = (f.strip() for f in rec.get("focus") or [])
    return dedup(t for t in tags if t and t not in KEYWORDS_DROPPED)


def topics_for(rec, nid):
    ranked = []  # priority order: curated additions, focus, activities, summary
    ranked.extend(TOPIC_ADD.get(nid, []))
    for f in rec.get("focus") or []:
        if f in FOCUS_TOPICS:
            ranked.extend(FOCUS_TOPICS[f])
        elif f not in FOCUS_IGNORED:
            warn("%s: unmapped focus slug %r" % (rec["id"], f))
    for a in rec.get("activities") or []:
        ranked.extend(ACTIVITY_TOPICS.get(a, []))
    for pat, ts in SUMMARY_TOPICS:
        if pat.search(rec.get("summary") or ""):
            ranked.extend(ts)
    removed = set(TOPIC_REMOVE.get(nid, []))
    ranked = [t for t in dedup(ranked) if t not in removed]
    for t in ranked:
        if t not in TOPIC_ORDER:
            raise SystemExit("internal error: topic %r not in vocabulary" % t)
    chosen = list(ranked)
    for g in GENERIC_DROP_ORDER:
        if len(chosen) <= MAX_TOPICS:
            break
        if g in chosen and g not in TOPIC_ADD.get(nid, []):
            chosen.remove(g)
    chosen = chosen[:MAX_TOPICS]
    if not chosen:
        warn("%s: no topics" % rec["id"])
    return sorted(chosen, key=TOPIC_ORDER.get)


def build(facts):
    if facts.get("schema") != INPUT_SCHEMA:
        warn("unexpected input schema %r" % facts.get("schema"))
    updated = facts["compiled"]
    out, used = [], {}
    for rec in facts["networks"]:
        nid = new_id(rec)
        if not SLUG_RE.match(nid):
            raise SystemExit("bad id %r for %s" % (nid, rec["id"]))
        if nid in used:
            raise SystemExit("id collision %r: %s and %s" % (nid, used[nid], rec["id"]))
        used[nid] = rec["id"]

        r = {"id": nid, "name": rec["name"].strip()}
        sn = rec.get("short_name")
        if sn and sn.strip() and sn.strip() != r["name"]:
            r["short_name"] = sn.strip()
        r["summary"] = rec["summary"]
        if rec.get("url"):
            r["url"] = rec["url"]
        regs = regions(rec)
        if regs:
            r["regions"] = regs
        aliases = aliases_for(rec, nid, r["name"], r.get("short_name"))
        if aliases:
            r["aliases"] = aliases
        keywords = keywords_for(rec)
        if keywords:
            r["keywords"] = keywords
        for field in ("scope", "membership", "formality", "run_by"):
            v = rec.get(field)
            if v is None or v == "unknown":
                continue
            if v in ALLOWED[field]:
                r[field] = v
            else:
                warn("%s: %s=%r not allowed, omitted" % (rec["id"], field, v))
        r["topics"] = topics_for(rec, nid)
        acts = sorted(set(rec.get("activities") or []))
        if acts:
            r["activities"] = acts
        for field in ("founded", "ended", "last_seen_active"):
            v = rec.get(field)
            if v is None:
                continue
            if isinstance(v, int) and not isinstance(v, bool):
                r[field] = v
            else:
                warn("%s: %s=%r is not an integer, omitted" % (rec["id"], field, v))
        sources = dedup(s.strip() for s in rec.get("sources") or [] if s and s.strip())
        hosts = {host(s) for s in sources} - {""}
        r["status"] = "validated" if len(hosts) >= 2 else "submitted"
        r["updated"] = updated
        r["sources"] = sources
        out.append(r)

    for nid in sorted(set(ALIASES) - set(used)):
        warn("ALIASES entry %r matches no record" % nid)
    unused = sorted(set(ID_MAP) - {rec["id"] for rec in facts["networks"]})
    for old in unused:
        warn("ID_MAP entry %r matches no record" % old)
    out.sort(key=lambda r: r["id"])
    return {"schema": SCHEMA, "networks": out}


def write_topics(path):
    lines = ["%s\t%s\t%s\n" % t for t in TOPICS]
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(lines)


def main(argv):
    if len(argv) != 2:
        print("usage: build_catalogue.py NETWORKS_FACTS_JSON > assets/catalogue.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as fh:
        facts = json.load(fh)
    catalogue = build(facts)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    write_topics(os.path.join(root, "assets", "topics.tsv"))
    sys.stdout.buffer.write((json.dumps(catalogue, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
