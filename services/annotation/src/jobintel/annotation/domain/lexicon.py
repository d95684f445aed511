"""The words postings use for their sections and for how much a requirement matters.

English first, with German, French, Spanish and Dutch for the headings and cues that
postings in those languages use most. Patterns are matched case-insensitively.
"""

from __future__ import annotations

import re

from jobintel.contracts import SectionKind

# Typographic quotes, dashes and spaces as their ASCII twins, one character for one, so a
# folded text keeps every offset of the original: "What you\u2019ll do" reads as
# "What you'll do".
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\u2026": ".",
    }
)


def fold(text: str) -> str:
    """`text` with typographic quotes, dashes and spaces made plain, offsets unchanged."""
    return text.translate(_TYPOGRAPHY)


# Heading phrases per section kind, most specific first: "preferred qualifications" is
# nice-to-have although "qualifications" alone is a must-have heading.
_HEADINGS: tuple[tuple[SectionKind, str], ...] = (
    (
        SectionKind.NICE_TO_HAVE,
        r"nice[- ]to[- ]haves?|bonus|preferred|may also have|also (?:great|nice) if|"
        r"it'?s a plus if|extra points if|desir(?:ed|able)|even better|better if|"
        r"good[- ]to[- ]have|plus(?:es|punkte)?\b|ideally|extra (?:credit|points)|"
        r"would be (?:great|nice)|"
        r"optional|not required|w[üu]nschenswert|von vorteil|idealerweise|"
        r"atouts?|serait un plus|appr[ée]ci[ée]s?|souhait[ée]s?|deseables?|se valorar[áa]|"
        r"valorable|"
        r"pluspunten|pr[ée]f[ée]r[ée]|se valora|ce serait un plus|serait appr[ée]ci[ée]|"
        r"ce qui (?:ferait|fera) la diff[ée]rence|^un plus|"
        r"was (?:w[äa]re|ist) (?:sch[öo]n|ein plus)|nice to know|kein muss|"
        r"ser[íi]a un plus|suma puntos|puntos extra|valoramos|valoraremos|ser[áa] un plus",
    ),
    (
        SectionKind.COMPENSATION,
        r"salary|compensation|\bpay\b|pay range|remuneration|"
        r"gehalt|verg[üu]tung|r[ée]mun[ée]ration|salaire|salario|retribuci[óo]n|salaris",
    ),
    (
        SectionKind.BENEFITS,
        r"benefits?|perks|what we offer|we offer|why (?:join|work)|"
        r"what'?s in it for you|why you'?ll love|our offer|what you(?:'ll)? get|"
        r"wir bieten|was wir bieten|das bieten wir|unser angebot|vorteile|avantages|"
        r"ce que nous (?:vous )?offrons|nous offrons|beneficios|ofrecemos|qu[ée] ofrecemos|"
        r"wat wij bieden|arbeidsvoorwaarden|ce que nous (?:vous |te )?proposons|"
        r"nous (?:te|vous) proposons|pourquoi nous rejoindre|was wir dir bieten|deine vorteile|"
        r"lo que (?:te )?ofrecemos|te ofrecemos|por qu[ée] unirte",
    ),
    (
        SectionKind.PROCESS,
        r"(?:hiring|interview|recruit\w*|application|selection) process|"
        r"how to apply|next steps|apply now|^our process$|^the process$|interview steps|"
        r"bewerbung\w*|processus de recrutement|"
        r"candidature|proceso de selecci[óo]n|sollicitatie|"
        r"equal (?:employment )?opportunit|\beeo\b|diversity|inclusion|accommodations?\b|"
        r"privacy|data protection|disclaimer|legal notice|our commitment|"
        r"chancengleichheit|datenschutz|vielfalt|[ée]galit[ée] des chances|diversit[ée]|"
        r"donn[ée]es personnelles|igualdad de oportunidades|diversidad|protecci[óo]n de datos|"
        r"deroul[ée]ment|d[ée]roulement|notre processus|unser prozess|so geht'?s weiter|"
        r"pr[óo]ximos pasos",
    ),
    (
        SectionKind.LOCATION,
        r"^(?:work )?location|where you'?ll work|where we work|remote work|"
        r"working (?:hours|location)|standort|arbeitsort|localisation|lieu de travail|"
        r"ubicaci[óo]n|locatie",
    ),
    (
        SectionKind.RESPONSIBILITIES,
        r"responsibilit|what you'?ll do|^your job$|what you will do|^you will$|^you'?ll$|"
        r"das erwartet dich|was dich erwartet|was sie erwartet|"
        r"what you'?ll be doing|your role|in this role|the work|day[- ]to[- ]day|duties|"
        r"your mission|key tasks|tasks|what you'?ll work on|your impact|impact you'?ll have|"
        r"aufgaben|t[äa]tigkeit|deine rolle|ihre rolle|missions?|responsab|vos t[âa]ches|"
        r"funciones|tareas|qu[ée] har[áa]s|taken|wat ga je doen|"
        r"ce que (?:vous ferez|tu feras)|vos missions|d[ée]scriptif du poste|"
        r"description du poste|tes missions|au quotidien|"
        r"deine aufgaben|ihre aufgaben|was du (?:bewegst|tun wirst)|"
        r"responsabilidades|lo que har[áa]s|tu d[íi]a a d[íi]a|tu misi[óo]n",
    ),
    (
        SectionKind.MUST_HAVE,
        r"requirements?|qualifications?|what you(?:'ll)? (?:bring|need)|what we require|"
        r"(?:good|great|strong) fit if|you (?:may|might|could) be a fit|you(?:'ll)? thrive if|"
        r"you should apply if|we(?:'d)? love to hear from you if|"
        r"what we (?:expect|ask)|who we(?:'re| are) looking for|what you'?ve got|"
        r"ce que nous recherchons|ce que nous attendons|votre profil|ton profil|"
        r"qui (?:[êe]tes[- ]vous|es[- ]tu)|^vous [êe]tes\b|^tu es\b|"
        r"was wir (?:erwarten|suchen)|das bringst du|du bringst mit|was sie auszeichnet|"
        r"lo que buscamos|lo que necesitamos|tu perfil|qu[ée] necesitas|requerimos|"
        r"what we(?:'re| are) looking for|who you are|you have|you bring|must[- ]haves?|"
        r"skills|experience|about you|your profile|your background|profile|"
        r"minimum|basic qualifications|essential|what we need|you(?:'ll)? need|competenc|"
        r"anforderung|dein profil|ihr profil|qualifikation|was du mitbringst|"
        r"das bringst du mit|was sie mitbringen|profil|comp[ée]tences|pr[ée]requis|exigences|"
        r"requisitos|perfil|buscamos|qu[ée] buscamos|functie-?eisen|wie ben j[ei]j?|wat vragen wij|"
        r"wat breng je mee|"
        r"^(?:required|mandatory|essential|must)\b|^(?:obligatoire|requis|erforderlich|"
        r"obligatorio|imprescindible)\b",
    ),
    (
        SectionKind.ROLE_SUMMARY,
        r"about (?:the|this) (?:role|job|position|opportunity)|"
        r"the role|role overview|overview|summary|the position|job description|"
        r"the opportunity|position|the job|über die (?:stelle|position)|die (?:stelle|position)|"
        r"le poste|votre r[ôo]le|el puesto|sobre el (?:rol|puesto)|de functie|introduction",
    ),
    (
        SectionKind.ABOUT_COMPANY,
        r"about us|who we are|^about (?!you\b)[\w&' .-]+$|about (?!you\b)\w+|"
        r"our (?:company|mission|story|team)|"
        r"the company|company|the team|über uns|wer wir sind|qui sommes[- ]nous|"
        r"[àa] propos|l'entreprise|sobre nosotros|qui[ée]nes somos|la empresa|over ons|"
        r"^[üu]ber (?!dich\b|sie\b|die stelle|die position|den job)[\w&' .-]+$|"
        r"^sobre (?!ti\b|el puesto|el rol|la posici)[\w&' .-]+$",
    ),
)
_HEADING_RES = tuple((kind, re.compile(p, re.I)) for kind, p in _HEADINGS)


def heading_kind(heading: str) -> SectionKind | None:
    """The section a heading introduces, or None when it names none we know."""
    text = fold(heading).strip(" :?#*").lower()
    for kind, pattern in _HEADING_RES:
        if pattern.search(text):
            return kind
    return None


def heading_coverage(text: str) -> float:
    """Share of the letters that heading words account for: "Nice to have" 1.0,
    "Experience with Airflow" 0.5 (a requirement that happens to start like a heading)."""
    lowered = fold(text).lower()
    covered = [False] * len(lowered)
    for _, pattern in _HEADING_RES:
        for m in pattern.finditer(lowered):
            for i in range(m.start(), m.end()):
                covered[i] = True
    letters = [i for i, c in enumerate(lowered) if c.isalpha()]
    if not letters:
        return 0.0
    return sum(covered[i] for i in letters) / len(letters)


_SENTENCE_END = re.compile(r"[.!?;]\s*$")


def looks_like_heading(line: str) -> bool:
    """Short lines that introduce what follows: "Requirements:", "WHAT YOU'LL DO"."""
    text = fold(line).strip()
    words = text.split()
    if not words or len(words) > 14 or len(text) > 110:
        return False
    if text.endswith(":"):
        return len(words) <= 6  # longer ones lead into a list: "You will need:"
    if text.endswith("?") and heading_kind(text) is not None:
        return True  # "Qui sommes-nous ?"
    if _SENTENCE_END.search(text) or len(words) > 7:
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return True
    return len(words) <= 6 and heading_kind(text) is not None and heading_coverage(text) >= 0.6


# ---------------------------------------------------------------- cues in running text

NICE_CUE = re.compile(
    r"nice[- ]to[- ]have|\bbonus\b|\ba (?:big |huge |strong )?plus\b|\bpreferred\b|preferably|"
    r"\bideally\b|desirable|\bwould be (?:great|nice|a plus|helpful|beneficial|an advantage)|"
    r"good to have|(?:is |an )?advantage(?:ous)?\b|\bbeneficial\b|extra points|not required|"
    r"(?:even )?better if|we'?d love (?:it )?if|is helpful|helpful but|optional|"
    r"w[üu]nschenswert|von vorteil|idealerweise|ein plus|pluspunkt|"
    r"un (?:gros )?plus|un atout|appr[ée]ci[ée]|souhait[ée]|id[ée]alement|"
    r"deseable|se valorar[áa]|valorable|idealmente|es un plus|pr[ée]f[ée]rence|"
    r"pluspunt|is een pr[ée]|een plus\b|bij voorkeur",
    re.I,
)
MUST_CUE = re.compile(
    r"\brequired\b|\bmust\b|\brequire[sd]?\b|\bmandatory\b|\bessential\b|at least|\bminimum\b|"
    r"\d+\s*\+?\s*(?:-|\u2013|to)?\s*\d*\s*\+?\s*(?:years?|yrs)|you (?:have|bring|are|possess)|"
    r"you'?ll need|you need|you should have|we(?:'re| are) looking for|experience (?:with|in)|"
    r"proficien|solid|strong|deep|degree|fluent|fluency|expertise|knowledge of|"
    r"zwingend|erforderlich|vorausgesetzt|mindestens|sehr gute|fundierte|erfahrung (?:in|mit)|"
    r"exig[ée]|obligatoire|indispensable|au moins|ma[îi]trise|exp[ée]rience (?:de|en|avec|d')|"
    r"imprescindible|obligatorio|al menos|experiencia (?:en|con|de)|dominio|"
    r"minimaal|ervaring met|kennis van|goede beheersing",
    re.I,
)
RESPONSIBILITY_CUE = re.compile(
    r"^(?:you will|you'?ll|as (?:a|an|our)\b.*,? you will|in this role,? you(?: will|'ll))\s+"
    r"(?!need|have|bring)|"
    r"responsible for|\bown(?:ing)? the\b|\bwork closely\b|\bcollaborat|\bpartner with\b|"
    r"^(?:build|design|develop|lead|drive|own|create|maintain|write|ship|deliver|manage|"
    r"implement|mentor|define|support|analy[sz]e|run|improve|partner|work)\w*\b",
    re.I,
)
ABOUT_CUE = re.compile(
    r"\b(?:we are|we're) (?:a|an|the)\b|\bfounded\b|our mission|our customers|"
    r"\b(?:is|are) (?:a|an|the) (?:[\w-]+ ){0,4}(?:company|startup|scale-?up|platform|provider|"
    r"leader|business|firm|organi[sz]ation|marketplace|bank|agency|studio|lab|contractor|"
    r"consultancy|manufacturer|retailer|group|brand|school|nonprofit|non-profit|charity|"
    r"publisher|network|insurer|clinic|app|service)\b|"
    r"^(?:we are|we're) [\w&.-]+(?: [\w&.-]+){0,3}, an? |"
    r"\best une? (?:[\w-]+ ){0,3}(?:entreprise|soci[ée]t[ée]|startup)|"
    r"\bes una? (?:[\w-]+ ){0,3}(?:empresa|startup|compa[ñn][íi]a)|"
    r"\bis een (?:[\w-]+ ){0,3}\w*(?:bedrijf|organisatie)|"
    r"\bis a (?:leading|fast[- ]growing|global|series [a-d])|\bheadquartered\b|"
    r"backed by|our (?:company|platform|product) (?:helps|is)|\bwir sind\b|\bnous sommes\b|"
    r"\bsomos una?\b",
    re.I,
)
BENEFIT_CUE = re.compile(
    r"health (?:insurance|care|coverage)|dental|\b401\(?k\)?|paid time off|\bPTO\b|vacation|"
    r"holidays|parental leave|wellness|learning budget|\bstock options\b|\bequity\b|pension|"
    r"gym|home office (?:budget|stipend)|flexible (?:hours|working)|urlaub|mutuelle|"
    r"tickets? restaurant|vacaciones|seguro m[ée]dico|\bwe offer\b|\bofrecemos\b|"
    r"\bnous (?:vous )?(?:offrons|proposons)\b|\bwir bieten\b|horario flexible|"
    r"t[ée]l[ée]travail|mobiles arbeiten|urlaubstage|jours de cong[ée]s",
    re.I,
)
COMPENSATION_CUE = re.compile(
    r"[$€£]\s?\d|\d\s?(?:k|K)\b.*(?:salary|per year|annually|base)|\bsalary\b|"
    r"\bbase pay\b|pay range|compensation (?:range|package)|per annum|\bOTE\b|"
    r"gehalt|salaire|r[ée]mun[ée]ration|salario|\b\d{2,3}[.,]?\d{3}\s?(?:€|eur|usd|gbp)",
    re.I,
)
LOCATION_CUE = re.compile(
    r"\b(?:fully |100% )?remote\b|\bhybrid\b|\bon-?site\b|office in|located in|\brelocat|"
    r"time ?zones?|\bbased in\b|days? (?:a|per) week in (?:the|our) office",
    re.I,
)
PROCESS_CUE = re.compile(
    r"\binterviews?\b|how to apply|to apply,|\bapply (?:now|today|with)|hiring process|"
    r"equal opportunity|\bcover letter\b|send (?:us )?your|bewirb dich|postulez|post[úu]late",
    re.I,
)

# Equal-opportunity, accommodation, privacy and other legal text: never a requirement or keyword.
BOILERPLATE_CUE = re.compile(
    r"equal (?:employment )?opportunit|\beeo\b|affirmative action|without regard to|"
    r"regardless of (?:race|age|gender|sex|religion|background)|"
    r"\brace\b[^.]{0,60}\b(?:colou?r|religion|creed|sex|gender)\b|"
    r"\b(?:sexual orientation|gender identity|veteran status|marital status|"
    r"genetic information|national origin)\b|"
    r"protected (?:veteran|characteristic|class|status)|reasonable accommodations?|"
    r"accommodations? (?:during|in|for) (?:the|our) (?:hiring|interview|application|recruit)|"
    r"\be-?verify\b|privacy (?:notice|policy|statement)|your personal data|"
    r"(?:process|collect|store|handle) (?:your|applicants'?|candidates'?) (?:personal )?data|"
    r"in accordance with (?:the )?gdpr|"
    r"pay transparency|background checks?|unsolicited (?:resumes|cvs|applications)|"
    r"(?:recruitment|recruiting|staffing) agenc|we (?:celebrate|value|welcome) diversity|"
    r"diverse (?:and inclusive|workforce|backgrounds)|inclusive (?:workplace|environment)|"
    r"chancengleichheit|unabh[äa]ngig von (?:geschlecht|herkunft|alter)|schwerbehindert|"
    r"\bm/w/d\b.*bewerb|[ée]galit[ée] des chances|sans distinction|situation de handicap|"
    r"handicap|igualdad de oportunidades|sin distinci[óo]n|discapacidad|"
    r"datenschutz(?:hinweise?|erkl[äa]rung|informationen)|(?:vos|tes) donn[ée]es personnelles|"
    r"pol[íi]tica de (?:privacidad|protecci[óo]n de datos)|(?:tus|sus) datos personales",
    re.I,
)

# Explicit markers that override the section a requirement is listed under.
MUST_MARK = re.compile(
    r"(?<!not )(?<!isn't )(?<!is not )\b(?:required|must|essential|mandatory|a must|"
    r"non[- ]negotiable|indispensable|obligatoire|exig[ée]e?|requis|erforderlich|zwingend|"
    r"pflicht|voraussetzung|imprescindible|obligatorio|requisito)\b",
    re.I,
)

# Sentences that say who should not apply, or what the job is not: not requirements.
NOT_A_REQUIREMENT = re.compile(
    r"don'?t (?:need|expect|have) to (?:meet|tick|check)|(?:every|all) (?:box|requirement)|"
    r"even if you don'?t|if you don'?t meet|apply anyway|we encourage you to apply|"
    r"^(?:the )?ideal candidate(?: will| would)?(?: have)?:?$|"
    r"\b(?:is|isn'?t|is not) (?:the (?:right )?(?:job|role|place) )?for you\b|not for you\b|"
    r"^if you(?:'re| are) (?:looking|hoping|wanting) to\b|this (?:job|role|position) is not\b|"
    r"n'est pas (?:fait )?pour (?:toi|vous)|nichts f[üu]r dich|no es para ti|"
    r"^(?:we|our team) (?:care|value|believe|offer|love|work|don'?t mind)\b|"
    # "We are looking for a data engineer to build ...": who is hired, not what they need
    r"^(?:we are|we're|we are currently) (?:looking for|hiring|seeking) an? [^,.;]*?"
    r"\b(?:to|who will)\b(?![^.]*\b(?:with|experience|years|background)\b)",
    re.I,
)

# Skill names that are also ordinary words of a posting's language: "Amplitude de travail",
# "chef de projet", "point de vue", "Dein Chef". In such a posting they are skills only when
# written capitalised among other skills ("Tableau, Power BI ou Looker").
ORDINARY_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        {
            "amplitude",
            "chef",
            "combine",
            "confluence",
            "express",
            "flux",
            "mentor",
            "notion",
            "rails",
            "sas",
            "segment",
            "svelte",
            "tableau",
            "vite",
            "vue",
        }
    ),
    "de": frozenset(
        {"amplitude", "chef", "express", "flink", "helm", "linear", "mentor", "segment"}
    ),
    "es": frozenset(
        {"aurora", "chef", "elixir", "julia", "lean", "linear", "mentor", "miro", "presto"}
    ),
    "nl": frozenset({"chef", "express", "helm", "mentor", "segment"}),
}
