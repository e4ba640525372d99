#!/usr/bin/env python3
"""Generate the US EAR data tables pack, ``packs/us-ear-tables.toml``.

The pack holds data only (no rules): the Country Groups of Supplement No. 1 to Part 740, the
Commerce Country Chart of Supplement No. 1 to Part 738 and the licence-requirement rows of
every Commerce Control List entry (Supplement No. 1 to Part 774) that can be encoded as a
chart column or a list of destinations. It also writes ``packs/country-names.json``, the
country name -> ISO 3166-1 alpha-2 mapping used, which ``tests/us_tables.rs`` reads to
cross-check the pack against the same JSON files.

Re-run this script whenever the eCFR reference data changes (a new eCFR issue), then re-run
``cargo test --test us_tables``::

    python3 scripts/ear_tables.py                  # reads ../shared/data/ear/*.json
    python3 scripts/ear_tables.py /path/to/ear     # or another folder with the same files

Input: ``country-chart.json``, ``country-groups.json`` and ``ccl.json`` (named by English
country names, not codes). Python 3.11+ standard library only.

Never edit the generated files by hand. Every hand-fix lives in the tables near the top of
this script: ``NAME_FIXES`` (names the normaliser cannot place), ``CHART_INHERITS`` and
``GROUP_INHERITS`` (destinations without a row of their own), ``DATED_MEMBERS`` (group
membership dates), ``ENFORCED_READINGS`` (eCFR text that BIS does not enforce),
``ROW_FIXES`` (control rows the generic parser gets wrong) and ``FOOTNOTE_ROWS`` (chart
footnotes that add a licence requirement). The script prints every name it could not map and
every parsed paragraph missing from the entry's item list (the data's item lists are
incomplete for some .z paragraphs), lists every control row it did not encode at the end of
the pack, and fails when a chart or group name stays unmapped.

How a licence-requirement row is read: "X applies to entire entry [except ...]" and plain
lists of the entry's own paragraphs ("3B001.a.1 to a.3, b, e") are encoded exactly. A row
whose scope turns on facts the code does not carry is written with ``open = true``: where it
would apply (code covered, destination marked or listed) the engine answers unknown (missing
fact "control condition") instead of "licence needed", so the pack never says "licence" for a
condition it cannot check, nor "no licence" because it could not encode one. Open rows are:

* rows whose condition is on the paragraphs they name ("3A001.a.1.a when usable in
  missiles"): open for those paragraphs;
* rows whose condition names none of the entry's paragraphs (7E001 NS "technology for items
  controlled by 7A001 to 7A004 ...", 9A001 MT "only to those engines that meet ... 9A101"):
  open for the entire entry, or for the paragraph they describe ("as described in paragraph
  .a of this entry");
* rows with an exception that turns on such facts ("except 0A509.a for items for ECCN
  0A502", "except to Russia for use in ... the ISS"): when the exception names the entry's
  paragraphs (or the destinations), the row is encoded exactly for the rest of the entry (or
  the other destinations) and an open row follows it for those; otherwise the whole row is
  open.

The chart text must be a column ("NS Column 2") or a list of destinations (countries, Country
Groups, worldwide, or "ALL destinations, except Canada"). EI and SI rows are encoded as
worldwide rows except Canada (§§ 742.15(a)(1), 742.14(a)); Russian industry sector sanction
rows as rows to Russia (§ 746.5). UN and CW rows, the sector rows for Belarus, and rows whose
chart text refers to another section are written with ``encoded = false`` (the engine answers
unknown, pack coverage, wherever they could apply); the end of the pack lists them.
``FORMER_MEMBERS`` keeps dated memberships the current tables no longer show (Cambodia in
D:5) and ``GROUP_INHERITS_FROM`` dates Hong Kong's China membership.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "ear"
OUT_PACK = REPO / "packs" / "us-ear-tables.toml"
OUT_NAMES = REPO / "packs" / "country-names.json"

GROUP_CITATION = "15 CFR Part 740, Supp. No. 1"
CHART_CITATION = "15 CFR Part 738, Supp. No. 1 (Commerce Country Chart)"
COLUMNS = [
    "CB1", "CB2", "CB3", "NP1", "NP2", "NS1", "NS2", "MT1",
    "RS1", "RS2", "FC1", "CC1", "CC2", "CC3", "AT1", "AT2",
]
#: Reasons whose rows name a chart column or destinations; other reasons (UN, EI, SI, CW,
#: Russian industry sector sanctions) refer to other parts of the EAR.
CHART_REASONS = {"CB", "NP", "NS", "MT", "RS", "FC", "CC", "AT", "SL"}
#: Reasons whose sections require a licence to every destination except Canada, whatever
#: the chart says: EI (§ 742.15(a)(1)) and SI (§ 742.14(a)). Encoded as worldwide rows with
#: `except_countries = ["CA"]`; licence exceptions (ENC for EI) are the US pack's warnings.
ALL_BUT_CANADA = {
    "EI": "§ 742.15(a)(1): a licence is required to all destinations except Canada "
    "(License Exception ENC, § 740.17, may authorise it).",
    "SI": "§ 742.14(a): a licence is required to all destinations except Canada.",
}
#: The Russian industry sector sanction rows (§ 746.5): encoded for Russia; Belarus stays
#: unencoded (§ 746.5's own text names Russia; Belarus is reached through § 746.8).
SECTOR_TO = ["RU"]
NOTE_LIMIT = 150
#: Why a row is open (the `open` key of a row; None: not open), as the script counts them.
OPEN_KEPT = "condition on the paragraphs the row names"
OPEN_UNNAMED = "condition naming none of the entry's paragraphs"
OPEN_EXCEPTION = "exception turning on facts not in the code"
OPEN_NOTE = "unknown where it would apply"
#: Words after which an exception clause states its condition ("0A509.a for items for ...").
CONDITION_WORD = re.compile(r"\b(?:if|when|for|that|which|unless|having|being|where)\b")

# ---------------------------------------------------------------------------------------------
# Hand-fixes. Each entry says why it is needed.
# ---------------------------------------------------------------------------------------------

#: Names that neither the ISO table below nor the JSON files' aliases place.
NAME_FIXES: dict[str, str] = {
    # Group B of Supp. No. 1 to Part 740 misspells it with a lower-case L.
    "Cote d'lvoire": "CI",
    # ISO 3166-1 names it "Congo" only; the EAR distinguishes the two Congos by "of the".
    "Congo (Republic of the)": "CG",
    "Congo (Democratic Republic of the)": "CD",
    "Congo (Democratic Republic of)": "CD",
    # ISO: "Holy See (Vatican City State)".
    "Vatican City": "VA",
    # ISO: "Sint Maarten (Dutch part)".
    "Sint Maarten (the Dutch two-fifths of the island of Saint Martin)": "SX",
    # ISO: "Micronesia, Federated States of".
    "Micronesia (Federated State of)": "FM",
    "Micronesia, Federated States of": "FM",
    # The chart's own spelling.
    "Seycheles": "SC",
    # ISO: "Brunei Darussalam".
    "Brunei": "BN",
}

#: Destinations without a chart row of their own -> the row that governs them.
CHART_INHERITS: dict[str, str] = {
    # 85 FR 83788: the Hong Kong row was removed effective 2020-12-23; the China row governs.
    "HK": "CN",
    # 15 CFR 738.3(b) names the Cayman Islands as its example of a dependent territory that
    # takes the parent's row (country-chart.json territoryInheritance).
    "KY": "GB",
}

#: Destinations without Country Group entries of their own -> the country whose groups they
#: share. The Cayman Islands are not extended: Part 740 says nothing of territories.
GROUP_INHERITS: dict[str, str] = {
    # Hong Kong is no longer a separate destination (85 FR 83788) and is absent from the
    # Part 740 tables; it is treated as China.
    "HK": "CN",
}

#: The first day a GROUP_INHERITS destination shares its parent's groups: Hong Kong from
#: 2020-12-23 (85 FR 83788). Before it Hong Kong had its own entries, which are not encoded.
GROUP_INHERITS_FROM: dict[str, str] = {"HK": "2020-12-23"}

#: (group, country) -> membership dates, where the domain notes state them.
DATED_MEMBERS: dict[tuple[str, str], dict[str, str]] = {
    # Nicaragua added to D:5 on 2024-03-15 (us-ear.md).
    ("D5", "NI"): {"from": "2024-03-15"},
}

#: Members no longer in the eCFR issue's tables but in a group during the pack's dates:
#: (group, country) -> dates (both inclusive).
FORMER_MEMBERS: dict[tuple[str, str], dict[str, str]] = {
    # Cambodia: in D:5 from 2021-12-09 (86 FR 70015); removed by the BIS conforming rule
    # effective 2026-02-03 (RIN 0694-AK41), so 2026-02-02 is its last day in D:5. The State
    # Department's ITAR § 126.1 change of November 2025 came first; the EAR's own removal
    # date is the one encoded (us-ear.md, corrections of 2026-12-01).
    ("D5", "KH"): {"from": "2021-12-09", "to": "2026-02-02"},
}

#: Chart texts the eCFR prints but BIS does not enforce -> the destinations enforced instead.
ENFORCED_READINGS: dict[str, dict] = {
    # The January 2025 AI-diffusion text makes these rows worldwide; BIS has not enforced it
    # since 2025-05-13 (us-ear.md: "3A090.a/4A090.a: RS to Macau/D:1/D:4/D:5 (enforced
    # reading)"). Applied to every row citing § 742.6(a)(6)(iii)(A).
    "742.6(a)(6)(iii)(A)": {
        "to": {"countries": ["MO"], "groups": ["D1", "D4", "D5"]},
        "remark": "eCFR text: worldwide (§ 742.6(a)(6)(iii)(A), Jan. 2025), not enforced since "
        "2025-05-13; encoded as the enforced reading Macau, D:1, D:4, D:5.",
    },
}

#: (ECCN, start of the control text) -> how to encode the row, where the generic parser
#: cannot. Keys: "paragraphs" (full codes), "scope" = "whole", "except", "open" (the row turns
#: on a condition not in the code), "chart" (the chart text to read instead), "remark", "skip".
ROW_FIXES: dict[tuple[str, str], dict] = {
    # "for commodities or software controlled for EI reasons in 5A002, 5A004 or 5D002" is what
    # the paragraphs named are (5D002.a.1: for 5A002 or 5D002.c.1; .b: simulating 5A002/5A004
    # functions; .c.1, .c.3: having 5A002/5A004 characteristics), and 5A002/5A004 are EI in
    # whole: exact. (5E002.a also covers 5B002 and non-EI 5D002 items: it stays open.)
    ("5D002", "EI applies to “software” in 5D002.a.1, a.3, .b, c.1 and c.3"): {
        "paragraphs": ["5D002.a.1", "5D002.a.3", "5D002.b", "5D002.c.1", "5D002.c.3"],
        "remark": "Read as exact: the paragraphs named are software for EI-controlled items.",
    },
    # The whole entry is technology for 0A982/0A503 items; the control text goes on with the
    # chart text ("A license is required for ALL destinations, except Canada").
    ("0E982", "CC applies to “technology” for items controlled by 0A982 or 0A503"): {
        "scope": "whole",
        "remark": "The whole entry is such technology.",
    },
    # The unbalanced parentheses ("1C010.a (aramid ..., b (carbon ...), and e.1") defeat the
    # list parser.
    ("1C010", "NP applies to 1C010.a"): {
        "paragraphs": ["1C010.a", "1C010.b", "1C010.e.1"],
        "open": True,
        "remark": "Condition not encoded: only materials that meet or exceed the control "
        f"criteria of 1C210; open row for all of 1C010.a, .b and .e.1 ({OPEN_NOTE}).",
    },
    # 3D001 has no sub-paragraphs, so the commodity the software is for is not in the code.
    # NS covers most of the entry (software for 3A001.b-.h, 3A001.z and 3B); the generic
    # parser would read "3A001.b to 3A001.h" as no paragraph of 3D001. Open for the whole
    # entry: NS-marked destinations are unknown, never "licence" or "no licence".
    ("3D001", "NS applies to “software” for commodities controlled by 3A001.b"): {
        "scope": "whole",
        "open": True,
        "remark": f"Condition not encoded: open row for the whole entry ({OPEN_NOTE}); "
        "software for 3A002 and 3A090 commodities is outside this row, but the code does not "
        "say what the software is for.",
    },
    # The CCL data repeats the control text where the chart text belongs. MT rows always use
    # MT Column 1, the chart's only MT column.
    ("1D018", "MT applies to “software” for the “development”"): {
        "chart": "MT Column 1",
        "remark": "The CCL data gives the control text as the chart text; read as MT Column 1, "
        "the chart's only MT column.",
    },
}

#: Country Chart footnotes that add a licence requirement the grid does not show, as rows.
#: Footnote 10 (firearms entries to Australia and the United Kingdom, and the Cayman Islands
#: that take the UK's row) names no reason for control: its rows have reason `FN10`. Items
#: it names with a condition not in the code (barrel length, what software is for) are open.
FN10_TO = {"countries": ["AU", "GB", "KY"]}
FN10_NOTE = "Country Chart footnote 10 (Australia, United Kingdom): a license is required to these destinations for "
FN10_OPEN = "footnote 10 condition not in the code"
FN10: list[tuple[str, list[str], list[str], str | None, str]] = [
    # (code, paragraphs, except, open, the words of the footnote that must still be there)
    ("0A501", [], ["0A501.y"], None, "0A501 (except for 0A501.y)"),
    ("0A502", [], [], FN10_OPEN, "0A502 for shotguns with a barrel length less than 18 inches"),
    ("0A504", ["0A504.i"], [], None, "0A504.i"),
    ("0A505", ["0A505.a", "0A505.x"], [], None, "0A505.a and .x"),
    ("0A506", [], [], None, "0A506,"),
    ("0A507", [], [], None, "0A507,"),
    ("0A508", [], [], FN10_OPEN, "0A508 for semi-automatic shotguns"),
    ("0A509", [], [], None, "0A509,"),
    ("0D501", [], [], FN10_OPEN, "0D501 (except for “software” for commodities in ECCN 0A501.y"),
    ("0D505", [], [], FN10_OPEN, "0D505 for “software” for commodities in ECCN 0A505.a and .x"),
    ("0E501", [], [], None, "0E501,"),
    ("0E504", [], [], None, "0E504,"),
    ("0E505", [], [], FN10_OPEN, "0E505 for “technology”"),
]
FOOTNOTE_ROWS: list[dict] = [
    {
        "footnote": "10",
        "code": code,
        "reason": "FN10",
        "to": FN10_TO,
        "paragraphs": paragraphs,
        "except": excepts,
        "open": open_,
        "check": words,
        "note": FN10_NOTE + f"{code}: “{words.rstrip(',')}”"
        + (f" | Condition not encoded: {FN10_OPEN}; open row ({OPEN_NOTE})." if open_ else "."),
    }
    for code, paragraphs, excepts, open_, words in FN10
] + [
    {
        "footnote": "7",
        "code": "6A003",
        "reason": "RS2",
        "to": {"countries": ["IN"]},
        "paragraphs": ["6A003.b.4.b"],
        "note": "Country Chart footnote 7 (India): a license is still required for 6A003.b.4.b "
        "for RS column 2 reasons.",
    },
    {
        "footnote": "7",
        "code": "9A515",
        "reason": "RS2",
        "to": {"countries": ["IN"]},
        "paragraphs": ["9A515.e"],
        "note": "Country Chart footnote 7 (India): a license is still required for 9A515.e "
        "for RS column 2 reasons.",
    },
]

# ISO 3166-1 alpha-2 short names (ISO 3166 Maintenance Agency / Debian iso-codes), with the
# common name after "|" where ISO gives one, plus XK (Kosovo), used by the EAR.
ISO_NAMES = """
AD Andorra
AE United Arab Emirates
AF Afghanistan
AG Antigua and Barbuda
AI Anguilla
AL Albania
AM Armenia
AO Angola
AQ Antarctica
AR Argentina
AS American Samoa
AT Austria
AU Australia
AW Aruba
AX Åland Islands
AZ Azerbaijan
BA Bosnia and Herzegovina
BB Barbados
BD Bangladesh
BE Belgium
BF Burkina Faso
BG Bulgaria
BH Bahrain
BI Burundi
BJ Benin
BL Saint Barthélemy
BM Bermuda
BN Brunei Darussalam
BO Bolivia, Plurinational State of | Bolivia
BQ Bonaire, Sint Eustatius and Saba
BR Brazil
BS Bahamas
BT Bhutan
BV Bouvet Island
BW Botswana
BY Belarus
BZ Belize
CA Canada
CC Cocos (Keeling) Islands
CD Congo, The Democratic Republic of the
CF Central African Republic
CG Congo
CH Switzerland
CI Côte d'Ivoire
CK Cook Islands
CL Chile
CM Cameroon
CN China
CO Colombia
CR Costa Rica
CU Cuba
CV Cabo Verde
CW Curaçao
CX Christmas Island
CY Cyprus
CZ Czechia
DE Germany
DJ Djibouti
DK Denmark
DM Dominica
DO Dominican Republic
DZ Algeria
EC Ecuador
EE Estonia
EG Egypt
EH Western Sahara
ER Eritrea
ES Spain
ET Ethiopia
FI Finland
FJ Fiji
FK Falkland Islands (Malvinas)
FM Micronesia, Federated States of
FO Faroe Islands
FR France
GA Gabon
GB United Kingdom
GD Grenada
GE Georgia
GF French Guiana
GG Guernsey
GH Ghana
GI Gibraltar
GL Greenland
GM Gambia
GN Guinea
GP Guadeloupe
GQ Equatorial Guinea
GR Greece
GS South Georgia and the South Sandwich Islands
GT Guatemala
GU Guam
GW Guinea-Bissau
GY Guyana
HK Hong Kong
HM Heard Island and McDonald Islands
HN Honduras
HR Croatia
HT Haiti
HU Hungary
ID Indonesia
IE Ireland
IL Israel
IM Isle of Man
IN India
IO British Indian Ocean Territory
IQ Iraq
IR Iran, Islamic Republic of | Iran
IS Iceland
IT Italy
JE Jersey
JM Jamaica
JO Jordan
JP Japan
KE Kenya
KG Kyrgyzstan
KH Cambodia
KI Kiribati
KM Comoros
KN Saint Kitts and Nevis
KP Korea, Democratic People's Republic of | North Korea
KR Korea, Republic of | South Korea
KW Kuwait
KY Cayman Islands
KZ Kazakhstan
LA Lao People's Democratic Republic | Laos
LB Lebanon
LC Saint Lucia
LI Liechtenstein
LK Sri Lanka
LR Liberia
LS Lesotho
LT Lithuania
LU Luxembourg
LV Latvia
LY Libya
MA Morocco
MC Monaco
MD Moldova, Republic of | Moldova
ME Montenegro
MF Saint Martin (French part)
MG Madagascar
MH Marshall Islands
MK North Macedonia
ML Mali
MM Myanmar
MN Mongolia
MO Macao
MP Northern Mariana Islands
MQ Martinique
MR Mauritania
MS Montserrat
MT Malta
MU Mauritius
MV Maldives
MW Malawi
MX Mexico
MY Malaysia
MZ Mozambique
NA Namibia
NC New Caledonia
NE Niger
NF Norfolk Island
NG Nigeria
NI Nicaragua
NL Netherlands
NO Norway
NP Nepal
NR Nauru
NU Niue
NZ New Zealand
OM Oman
PA Panama
PE Peru
PF French Polynesia
PG Papua New Guinea
PH Philippines
PK Pakistan
PL Poland
PM Saint Pierre and Miquelon
PN Pitcairn
PR Puerto Rico
PS Palestine, State of
PT Portugal
PW Palau
PY Paraguay
QA Qatar
RE Réunion
RO Romania
RS Serbia
RU Russian Federation
RW Rwanda
SA Saudi Arabia
SB Solomon Islands
SC Seychelles
SD Sudan
SE Sweden
SG Singapore
SH Saint Helena, Ascension and Tristan da Cunha
SI Slovenia
SJ Svalbard and Jan Mayen
SK Slovakia
SL Sierra Leone
SM San Marino
SN Senegal
SO Somalia
SR Suriname
SS South Sudan
ST Sao Tome and Principe
SV El Salvador
SX Sint Maarten (Dutch part)
SY Syrian Arab Republic | Syria
SZ Eswatini
TC Turks and Caicos Islands
TD Chad
TF French Southern Territories
TG Togo
TH Thailand
TJ Tajikistan
TK Tokelau
TL Timor-Leste
TM Turkmenistan
TN Tunisia
TO Tonga
TR Türkiye
TT Trinidad and Tobago
TV Tuvalu
TW Taiwan, Province of China | Taiwan
TZ Tanzania, United Republic of | Tanzania
UA Ukraine
UG Uganda
UM United States Minor Outlying Islands
US United States
UY Uruguay
UZ Uzbekistan
VA Holy See (Vatican City State)
VC Saint Vincent and the Grenadines
VE Venezuela, Bolivarian Republic of | Venezuela
VG Virgin Islands, British
VI Virgin Islands, U.S.
VN Viet Nam | Vietnam
VU Vanuatu
WF Wallis and Futuna
WS Samoa
YE Yemen
YT Mayotte
ZA South Africa
ZM Zambia
ZW Zimbabwe
XK Kosovo
"""


# ---------------------------------------------------------------------------------------------
# Country names
# ---------------------------------------------------------------------------------------------


def norm(name: str) -> str:
    """A comparable form: no accents, case, punctuation, `&`, `St.` or leading `the`."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = s.replace("&", " and ")
    s = re.sub(r"\bst\.\s*", "saint ", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return re.sub(r"^the ", "", s)


def name_forms(name: str) -> list[str]:
    """`name` normalised, without a parenthetical, and with `A, B` read as `B A`."""
    forms = [name, re.sub(r"\s*\([^)]*\)", "", name)]
    for f in list(forms):
        if ", " in f:
            head, tail = f.split(", ", 1)
            forms.append(f"{tail} {head}")
    return list(dict.fromkeys(norm(f) for f in forms))


def iso_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for line in ISO_NAMES.strip().splitlines():
        code, names = line.strip().split(" ", 1)
        for name in names.split(" | "):
            for form in name_forms(name):
                index.setdefault(form, code)
    return index


class Names:
    """Maps the EAR's country names to ISO codes; remembers every name it was asked."""

    def __init__(self, aliases: dict[str, str]):
        self.index = iso_index()
        # canonical EAR name -> its other spellings (the JSON files' alias tables).
        self.spellings: dict[str, list[str]] = {}
        for alias, canonical in aliases.items():
            self.spellings.setdefault(canonical, []).append(alias)
        self.used: dict[str, str] = {}
        self.unmapped: list[str] = []

    def code(self, name: str) -> str | None:
        code = NAME_FIXES.get(name)
        if code is None:
            for candidate in [name, *self.spellings.get(name, [])]:
                for form in name_forms(candidate):
                    if form in self.index:
                        code = self.index[form]
                        break
                if code:
                    break
        if code is None:
            if name not in self.unmapped:
                self.unmapped.append(name)
            return None
        self.used[name] = code
        return code


# ---------------------------------------------------------------------------------------------
# Country Chart and Country Groups
# ---------------------------------------------------------------------------------------------


def build_chart(chart: dict, names: Names) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    named: dict[str, str] = {}
    for name, row in chart["countries"].items():
        marks = [m.replace(" ", "") for m in row["marks"]]
        bad = [m for m in marks if m not in COLUMNS]
        if bad:
            raise SystemExit(f"chart: {name}: unknown columns {bad}")
        code = names.code(name)
        if code:
            if code in rows:
                raise SystemExit(f"chart: {name} and {named[code]} both map to {code}")
            rows[code], named[code] = marks, name
    for name in chart["embargoed"]:
        code = names.code(name)
        if code:
            if code in rows:
                raise SystemExit(f"chart: {name} and {named[code]} both map to {code}")
            rows[code], named[code] = [], name
    for code, parent in CHART_INHERITS.items():
        if code in rows:
            raise SystemExit(f"chart: {code} has a row of its own; drop it from CHART_INHERITS")
        rows[code] = list(rows[parent])
    return dict(sorted(rows.items()))


def group_id(label: str) -> str:
    return label.replace(":", "")


def build_groups(groups: dict, names: Names) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for label, members in groups["groups"].items():
        gid = group_id(label)
        codes = {c for c in (names.code(m) for m in members) if c}
        for code, parent in GROUP_INHERITS.items():
            if parent in codes:
                codes.add(code)
        out[gid] = {
            "title": f"Country Group {label}",
            "label": groups.get("labels", {}).get(label, ""),
            "members": [
                {
                    "country": c,
                    **({"from": GROUP_INHERITS_FROM[c]} if c in GROUP_INHERITS_FROM else {}),
                    **DATED_MEMBERS.get((gid, c), {}),
                    **FORMER_MEMBERS.get((gid, c), {}),
                }
                for c in sorted(codes | {c for (g, c) in FORMER_MEMBERS if g == gid})
            ],
        }
    for gid, country in DATED_MEMBERS:
        if gid not in out or not any(m["country"] == country for m in out[gid]["members"]):
            raise SystemExit(f"DATED_MEMBERS: {country} is not in group {gid}")
    for (gid, country), dates in FORMER_MEMBERS.items():
        listed = {
            names.code(m) for label, ms in groups["groups"].items() if group_id(label) == gid for m in ms
        }
        if gid not in out or country in listed or "to" not in dates:
            raise SystemExit(f"FORMER_MEMBERS: {country} is still in group {gid}, or has no end")
    return out


# ---------------------------------------------------------------------------------------------
# Control rows
# ---------------------------------------------------------------------------------------------

SEG = r"(?:\.[a-z0-9]+)"
FULL_RE = rf"\d[A-Z]\d{{3}}{SEG}*"
# A bare letter ("b", not ".b" or "b.2") only counts when a list goes on after it.
BARE_END = r"(?=\s*(?:,|;|\)|$|\s(?:and|or|to|through)\b))"
TOKEN = re.compile(
    rf"""\s*(?:
        (?P<full>{FULL_RE})
      | (?P<rel>\.[a-z](?![a-z]){SEG}* | [a-z](?![a-z]){SEG}+ | [a-z](?![a-z.]){BARE_END} | \.\d+{SEG}*)
      | (?P<range>\bto\b|\bthrough\b)
      | (?P<sep>,\s*and\b|,\s*or\b|,|\band\b|\bor\b)
    )""",
    re.X,
)


def clean(text: str) -> str:
    """Quotes dropped, spaces collapsed, `8A620. b` / `3A001.z. 1.b` / `9A004 .g` joined."""
    t = text.replace("“", "").replace("”", "").replace("’", "'").replace("‘", "'")
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(rf"({FULL_RE})\. (?=[a-z0-9](?:[.,\s]|$))", r"\1.", t)
    t = re.sub(r"(\d[A-Z]\d{3}) \.(?=[a-z])", r"\1.", t)
    return t


def expand(first: str, last: str) -> list[str] | None:
    """`3B001.a.1` to `3B001.a.3` -> a.1, a.2, a.3; `3B001.g` to `3B001.j` -> g, h, i, j."""
    pa, la = first.rsplit(".", 1)
    pb, lb = last.rsplit(".", 1)
    if pa != pb:
        return None
    if la.isdigit() and lb.isdigit() and int(la) <= int(lb):
        return [f"{pa}.{i}" for i in range(int(la), int(lb) + 1)]
    if len(la) == len(lb) == 1 and la.isalpha() and lb.isalpha() and la <= lb:
        return [f"{pa}.{chr(c)}" for c in range(ord(la), ord(lb) + 1)]
    return None


def resolve(rel: str, own: str, prev: str | None) -> str | None:
    """A reference written without its ECCN: `.x`/`z.2.a` from the top, `.16` beside `prev`."""
    r = rel.lstrip(".")
    if r[0].isalpha():
        return f"{own}.{r}"
    if prev is None:
        return None
    head, last = prev.rsplit(".", 1)
    return f"{head}.{r}" if last.isdigit() else f"{prev}.{r}"


def scan(s: str, own: str, pos: int = 0) -> tuple[list[str], int, int]:
    """References of `own` listed from `pos` on: (codes, end of the last one, where it stopped)."""
    refs: list[str] = []
    prev: str | None = None
    pending_range = False
    after_ref = False
    end = pos
    while pos < len(s):
        m = TOKEN.match(s, pos)
        if not m or m.end() == pos:
            break
        if m["full"] or m["rel"]:
            if m["full"]:
                code = m["full"]
                if code.split(".")[0] != own or "." not in code:
                    break
            else:
                code = resolve(m["rel"], own, prev)
                if code is None:
                    break
            if pending_range and prev is not None:
                span = expand(prev, code)
                if span is None:
                    break
                refs.extend(span[1:])
                pending_range = False
            else:
                refs.append(code)
            prev, end, after_ref = code, m.end(), True
        elif m["range"]:
            # "a.1 to a.3" is a range; "a and to b" is prose.
            if not after_ref:
                break
            pending_range, after_ref = True, False
        else:
            after_ref = False
        pos = m.end()
    return refs, end, pos


def ref_list(s: str, own: str) -> list[str] | None:
    """`s` as nothing but a list of `own`'s sub-items, or None."""
    s = s.strip().rstrip(".").strip()
    refs, end, _ = scan(s, own)
    if not refs or s[end:].strip():
        return None
    return refs


def minimal(codes: list[str]) -> list[str]:
    """Without duplicates or codes inside another listed code (`b` makes `b.1` redundant)."""
    out: list[str] = []
    for c in codes:
        if c in out or any(c.startswith(o + ".") for o in codes if o != c):
            continue
        out.append(c)
    return out


PARAMETER_REF = re.compile(
    r"(?:parameters|criteria|characteristics)(?: \w+){0,3} (?:of|in)(?: ECCNs?)? $"
)


def refs_in_prose(s: str, own: str) -> list[str]:
    """Every listed sub-item of `own` in a sentence, skipping references to parameters."""
    found: list[str] = []
    pattern = re.compile(rf"\b{own}{SEG}+")
    pos = 0
    while m := pattern.search(s, pos):
        if PARAMETER_REF.search(s[max(0, m.start() - 60) : m.start()]):
            pos = m.end()
            continue
        refs, end, _ = scan(s, own, m.start())
        found.extend(refs)
        pos = max(end, m.end())
    return found


def within(code: str, prefix: str) -> bool:
    return code == prefix or code.startswith(prefix + ".")


@dataclass
class Scope:
    """Which part of the entry a row covers."""

    kind: str  # "whole", "part" or "skip"
    paragraphs: list[str] = field(default_factory=list)
    excepts: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    #: Why the row is open (one of the OPEN_* reasons), or None.
    open: str | None = None
    #: Sub-items an exception with a condition may take out: the row is encoded without them
    #: and an open row covers them (only when the row is not open as a whole).
    doubtful: list[str] = field(default_factory=list)


def subject_refs(clause: str, own: str) -> list[str]:
    """The entry's sub-items an exception clause is about: those it names before its condition
    starts ("0A509.a for items for ECCN 0A502", "parts ... in 9A610.x if ...", "a.3.e for lead
    selenide ..."); none when the condition comes first ("software for 1C607.a.10")."""
    m = CONDITION_WORD.search(clause)
    head = clause[: m.start()] if m else clause
    return minimal(refs_in_prose(head, own) or scan(head, own)[0])


def conditional_excepts(scope: Scope, clauses: list[str], own: str) -> Scope:
    """`scope` with exception clauses that turn on facts not in the code: their sub-items go to
    `doubtful`, or, when a clause names none, the whole row is open."""
    for c in clauses:
        refs = [r for r in subject_refs(c, own) if not any(within(r, e) for e in scope.excepts)]
        if refs:
            scope.doubtful += [r for r in refs if r not in scope.doubtful]
            scope.remarks.append(f"Exception not encoded: {c}.")
        else:
            scope.open = OPEN_EXCEPTION
            scope.remarks.append(f"Exception not encoded: {c}; open row ({OPEN_NOTE}).")
    if scope.open:
        scope.doubtful = []
    return scope


def except_clauses(text: str, own: str) -> tuple[list[str], list[str]]:
    """`except X; Y; and Z`: the clauses that are plain sub-items, and those that are not."""
    text = text.strip().rstrip(".").strip()
    whole = ref_list(text, own)
    if whole is not None:
        return whole, []
    excepts: list[str] = []
    conditional: list[str] = []
    for clause in re.split(r";\s*", text):
        clause = re.sub(r"^and\s+", "", clause.strip())
        parts = ref_list(clause, own)
        if parts is not None:
            excepts += parts
            continue
        # "0A509.a for items for ...; and 0A509.d": pieces that start with one of the entry's
        # sub-items and are nothing else are exceptions; the rest, rejoined, a condition.
        pending: list[str] = []
        for piece in re.split(r",?\s+and\s+", clause):
            piece = piece.strip()
            parts = ref_list(piece, own) if re.match(rf"{own}\.", piece) else None
            if parts is not None:
                excepts += parts
                if pending:
                    conditional.append(" and ".join(pending))
                    pending = []
            elif piece:
                pending.append(piece)
        if pending:
            conditional.append(" and ".join(pending))
    return excepts, conditional


def parse_scope(scope: str, own: str) -> Scope:
    # Acronyms in parentheses ("(MMIC)", "(FPAs)") would hide the parentheses around them.
    s = re.sub(r"\(([A-Z]+s?)\)", r"\1", clean(scope))
    m = re.match(r"^(?:the )?entire entry(?P<rest>.*)$", s)
    if m:
        rest = m["rest"].strip()
        rest, _, note = rest.partition(". Note:")
        rest = rest.strip().rstrip(".").strip()
        remarks = [f"Note in the entry:{note.rstrip('.')}."] if note else []
        if not rest:
            return Scope("whole", remarks=remarks)
        if rest.startswith("(") and rest.endswith(")"):
            return Scope("whole", remarks=remarks)
        e = re.match(r"^,?\s*except:?\s*(?P<ex>.*)$", rest)
        if e:
            excepts, conditional = except_clauses(e["ex"], own)
            scope = Scope("whole", excepts=minimal(excepts), remarks=remarks)
            return conditional_excepts(scope, conditional, own)
        # "entire entry, for items controlled for NP reasons", "entire entry as applicable for
        # equipment ... controlled by 5A001.f.1": a condition on the whole entry.
        remarks.append(f"Condition not encoded: open row for the entire entry ({OPEN_NOTE}).")
        return Scope("whole", remarks=remarks, open=OPEN_UNNAMED)

    s = re.sub(r"^(?:the )?(?:items controlled (?:by|in) |software controlled by |paragraphs? )", "", s)
    s = re.sub(r"(?: of this entry| only)\.?$", "", s)
    excepts: list[str] = []
    conditional: list[str] = []
    for inner in re.findall(r"\(except ([^()]*)\)", s):
        parts = ref_list(inner, own)
        if parts is None:
            conditional.append(inner)
        else:
            excepts += parts
    listed = ref_list(re.sub(r"\s*\(except [^()]*\)", "", s), own)
    if listed is not None:
        scope = Scope("part", minimal(listed), minimal(excepts))
        return conditional_excepts(scope, conditional, own)
    found = minimal(refs_in_prose(s, own))
    if found:
        listed_text = ", ".join(found)
        return Scope(
            "part",
            found,
            remarks=[f"Condition not encoded: open row for {listed_text} ({OPEN_NOTE})."],
            open=OPEN_KEPT,
        )
    # No paragraph of the entry named, except one the row describes ("“software,” as
    # described in paragraph .a of this entry, for commodities controlled for MT reasons").
    described = re.search(r"\bas described in paragraphs? (?P<p>.+?) of this entry\b", s)
    paragraphs = (ref_list(described["p"], own) or []) if described else []
    where = ", ".join(paragraphs) if paragraphs else "the entire entry"
    return Scope(
        "whole" if not paragraphs else "part",
        minimal(paragraphs),
        remarks=[f"Condition not encoded: open row for {where} ({OPEN_NOTE})."],
        open=OPEN_UNNAMED,
    )


@dataclass
class Target:
    """Where a row applies: a chart column, or destinations."""

    column: str | None = None
    to: dict | None = None
    paragraphs: list[str] = field(default_factory=list)
    excepts: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


def place_names(text: str, names: Names) -> list[str] | None:
    codes: list[str] = []
    for part in re.split(r",\s*or\s+|,\s*and\s+|,\s*|\s+or\s+|\s+and\s+", text.strip()):
        part = re.sub(r"^the ", "", part.strip())
        if not part:
            continue
        code = names.code(part)
        if code is None:
            return None
        codes.append(code)
        codes.extend(c for c, parent in GROUP_INHERITS.items() if parent == code)
    return codes


def groups_in(text: str) -> list[str]:
    return [f"{g}{n}" for g, n in re.findall(r"\b([A-E]):(\d)\b", text)]


def parse_chart(text: str, reason: str, own: str, names: Names) -> list[Target] | str:
    """The chart text of a row as targets, or why it is not encoded."""
    t = clean(text)
    if reason in ALL_BUT_CANADA:
        return [Target(to={"worldwide": True, "except_countries": ["CA"]}, remarks=[ALL_BUT_CANADA[reason]])]
    for key, fix in ENFORCED_READINGS.items():
        if key in t:
            return [Target(to=dict(fix["to"]), remarks=[fix["remark"]])]
    m = re.match(r"^(?:(?P<r>[A-Z]{2}) )?Column (?P<n>\d)\.?(?:,\s*(?P<rest>.*))?$", t)
    if m:
        if m["r"] and m["r"] != reason:
            return f"the chart names a {m['r']} column for an {reason} row"
        col = f"{m['r'] or reason}{m['n']}"
        if col not in COLUMNS:
            return f"no chart column {col}"
        remarks = [f"Chart text: {m['rest'].rstrip('.')}."] if m["rest"] else []
        return [Target(column=col, remarks=remarks)]
    if re.match(r"^(?:Worldwide control\b|A license is required for all destinations, as specified)", t):
        return [Target(to={"worldwide": True})]
    m = re.match(r"^To or within (?P<body>.*?)(?:[.,] [Ss]ee § .*)?$", t)
    if m:
        body = m["body"]
        if re.match(r"^any destination worldwide", body):
            return [Target(to={"worldwide": True})]
        incl, _, excl = body.partition(", excluding any destination also specified in ")
        g = re.match(r"^(?P<names>.*?)\s*(?:\bor )?(?:an? )?destinations? specified in (?P<groups>.*)$", incl)
        if not g:
            return "destination text not understood"
        countries = place_names(g["names"], names) if g["names"].strip() else []
        if countries is None:
            return "destination name not understood"
        groups, except_groups = groups_in(g["groups"]), groups_in(excl)
        if not groups:
            return "destination text not understood"
        if countries and except_groups:
            # The exclusion qualifies the groups only: a named country stays in even if it is
            # also in an excluded group (the UAE is in A:5). The row format subtracts
            # except_groups from everything, so the named countries get a row of their own.
            return [
                Target(to={"countries": countries}, remarks=["Named destination of a split row."]),
                Target(
                    to={"groups": groups, "except_groups": except_groups},
                    remarks=["Group part of a split row (named destinations in the other)."],
                ),
            ]
        to: dict = {"groups": groups}
        if countries:
            to = {"countries": countries, **to}
        if except_groups:
            to["except_groups"] = except_groups
        return [Target(to=to)]
    m = re.match(r"^(?P<names>[^()]+?) \(see § .*\)\.?$", t)
    if m:
        countries = place_names(m["names"], names)
        if countries is None:
            return "destination name not understood"
        return [Target(to={"countries": countries})]
    m = re.match(
        r"^A license is required for (?P<what>.*?) to (?P<names>[A-Z].*?) for "
        r"(?:regional stability|anti-terrorism) reasons",
        t,
    )
    if m:
        where = re.sub(r"\s+(?:or|and) transfer within .*$", "", m["names"])
        countries = place_names(where, names)
        if countries is None:
            return "destination name not understood"
        target = Target(to={"countries": countries})
        p = re.search(r"paragraph (\S+) of this entry", m["what"])
        if p:
            target.paragraphs = ref_list(p[1], own) or []
            if not target.paragraphs:
                return "paragraph not understood"
        o = re.search(r"other than (\S+?),", m["what"])
        if o:
            target.excepts = ref_list(o[1], own) or []
            if not target.excepts:
                return "exception not understood"
        return [target]
    if re.search(r"ALL destinations, except Canada\b", t):
        return [Target(to={"worldwide": True, "except_countries": ["CA"]})]
    if "ALL destinations, except" in t:
        return "all destinations but one country other than Canada"
    return "chart text refers elsewhere"


def shorten(text: str, limit: int = NOTE_LIMIT) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def split_merged(control: str, chart: str) -> list[tuple[str, str]]:
    """Rows the source ran together: two controls and two columns, or a control in the chart."""
    both = re.match(r"^([A-Z]{2} applies to entire entry) ([A-Z]{2} applies to entire entry)$", control)
    cols = re.match(r"^([A-Z]{2} Column \d) ([A-Z]{2} Column \d)$", chart)
    if both and cols:
        return [(both[1], cols[1]), (both[2], cols[2])]
    tail = re.match(r"^(?P<control>[A-Z]{2} applies to .*?) (?P<chart>[A-Z]{2} Column \d\.?)$", chart)
    if tail and control.startswith(tail["control"]):
        return [(tail["control"], tail["chart"])]
    return [(control, chart)]


@dataclass
class Skip:
    eccn: str
    control: str
    chart: str
    why: str


def build_controls(ccl: dict, names: Names) -> tuple[list[dict], list[Skip], list[str]]:
    rows: list[dict] = []
    skipped: list[Skip] = []
    warnings: list[str] = []
    for entry in ccl["entries"]:
        own = entry["eccn"]
        known = {i["paragraph"] for i in entry.get("items") or [] if i.get("paragraph")}
        encoded: list[dict] = []
        missed: list[Skip] = []
        for raw in entry["countryChart"]:
            for control, chart in split_merged(raw["control"], raw["countryChart"]):
                row_or_why = encode_row(own, control, chart, names)
                if clean(control).startswith("Russian industry sector sanction"):
                    missed.append(Skip(own, control, chart, "Russian industry sector sanctions "
                                       "to Belarus: § 746.5 names Russia; Part 746 decides"))
                if isinstance(row_or_why, str):
                    missed.append(Skip(own, control, chart, row_or_why))
                else:
                    encoded.extend(row_or_why)
        skipped += missed
        seen: set[str] = set()
        for row in encoded:
            # The source repeats a few rows word for word (3D005, 8C609).
            key = json.dumps(
                [row[k] for k in ("reason", "column", "to", "paragraphs", "except", "open")]
            )
            if key in seen:
                continue
            seen.add(key)
            for code in row["paragraphs"] + row["except"]:
                sub = code[len(own) + 1 :]
                if known and not any(k == sub or k.startswith(sub + ".") for k in known):
                    warnings.append(f"{own}: {code} is not in the entry's item list")
            rows.append(row)
    return rows, skipped, warnings


def gbs_codes(ccl: dict) -> tuple[list[str], list[str]]:
    """The codes whose License Exception GBS flag (the entry's "GBS" licence-exception
    paragraph) reads plainly "Yes" (the whole entry), "Yes, except N/A for MT" (the whole
    entry: the US pack excludes content that needs a licence for any reason but NS) or "Yes
    for <a list of the entry's paragraphs>"; and the entries whose flag says more than that
    (their content is counted: the count is an upper bound)."""
    codes: list[str] = []
    unread: list[str] = []
    for e in ccl["entries"]:
        flag = (e.get("licenceExceptionFlags") or {}).get("GBS")
        if flag is None:
            continue
        t = clean(flag).rstrip(".")
        own = e["eccn"]
        if t == "N/A":
            continue
        if t in ("Yes", "Yes, except N/A for MT"):
            codes.append(own)
            continue
        m = re.match(r"^Yes,? for (?P<list>.*?)(?: only)?$", t)
        refs = ref_list(m["list"], own) if m else None
        if refs:
            codes.extend(refs)
        else:
            unread.append(own)
    return codes, unread


def add_footnote_rows(rows: list[dict], chart: dict) -> list[dict]:
    """`rows` with FOOTNOTE_ROWS after the rows of their ECCN; each footnote must still name
    its ECCN and paragraph, or the table is out of date."""
    out = list(rows)
    for extra in FOOTNOTE_ROWS:
        text = chart["footnotes"].get(extra["footnote"], "")
        for p in [extra["check"]] if "check" in extra else extra["paragraphs"]:
            if p not in text:
                raise SystemExit(f"footnote {extra['footnote']} no longer names {p}: {text!r}")
        row = {
            "code": extra["code"],
            "reason": extra["reason"],
            "column": None,
            "to": extra["to"],
            "paragraphs": extra["paragraphs"],
            "except": extra.get("except", []),
            "open": extra.get("open"),
            "note": extra["note"],
        }
        last = max((i for i, r in enumerate(out) if r["code"] == extra["code"]), default=len(out) - 1)
        out.insert(last + 1, row)
    return out


def add_all_destination_rows(rows: list[dict], chart: dict, ccl: dict) -> list[dict]:
    """Rows for the entries § 738.3(a)(1) controls to all destinations (the chart's
    `allDestinationsEntries`) when the CCL data gave them no row: plain ECCNs only, with the
    entry's one reason for control other than AT."""
    listed = chart.get("allDestinationsEntries", {})
    names = list(listed.get("noLicenceExceptions", [])) + list(
        listed.get("govOnly", {}).get("entries", [])
    )
    reasons = {e["eccn"]: e.get("reasonForControl") or "" for e in ccl["entries"]}
    have = {r["code"] for r in rows}
    out = list(rows)
    for eccn in names:
        if not re.fullmatch(r"\d[A-Z]\d{3}", eccn) or eccn in have or eccn not in reasons:
            continue
        own = [r for r in re.findall(r"\b[A-Z]{2}\b", reasons[eccn]) if r != "AT"]
        if len(own) != 1:
            continue
        at = max((i for i, r in enumerate(out) if r["code"] < eccn), default=-1)
        out.insert(
            at + 1,
            {
                "code": eccn,
                "reason": own[0],
                "column": None,
                "to": {"worldwide": True},
                "paragraphs": [],
                "except": [],
                "open": None,
                "note": f"15 CFR 738.3(a)(1): a licence is required for all destinations for "
                f"{eccn} (the Country Chart does not apply); the CCL data has no row for it. "
                f"Reason for control: {reasons[eccn]}.",
            },
        )
    return out


def encode_row(own: str, control: str, chart: str, names: Names) -> list[dict] | str:
    m = re.match(r"^(?P<r>[A-Z]{2}) (?:applies|apply)(?: to)?\b\s*(?P<scope>.*)$", clean(control))
    if not m:
        if clean(control).startswith("Russian industry sector sanction"):
            return [
                {
                    "code": own,
                    "reason": "SECTOR",
                    "column": None,
                    "to": {"countries": SECTOR_TO},
                    "paragraphs": [],
                    "except": [],
                    "open": None,
                    "note": shorten(control) + " | § 746.5(a)(1): a licence is required to "
                    "Russia. Belarus: not encoded (see the unencoded rows).",
                }
            ]
        return "not a reason for control of the chart"
    reason = m["r"]
    if reason not in CHART_REASONS and reason not in ALL_BUT_CANADA:
        return f"{reason} controls are not decided by the chart"
    fix = next((f for (e, start), f in ROW_FIXES.items() if e == own and control.startswith(start)), None)
    if fix and fix.get("skip"):
        return fix["skip"]
    # "9E515.y, except to Russia for use in ... the ISS": the exception turns on a fact not in
    # the code, but only for the destinations it names.
    scope_text, away_to, away_why = m["scope"], None, ""
    away = re.match(
        r"^(?P<scope>.*?),? except to (?P<where>[A-Z][A-Za-z ]*?) (?P<why>for .*)$", m["scope"]
    )
    if away and (codes := place_names(away["where"], names)):
        scope_text, away_to, away_why = away["scope"], codes, away["why"]
    if fix and "paragraphs" in fix:
        scope = Scope("part", list(fix["paragraphs"]), list(fix.get("except", [])))
    elif fix and fix.get("scope") == "whole":
        scope = Scope("whole", excepts=list(fix.get("except", [])))
    else:
        scope = parse_scope(scope_text, own)
    if fix and fix.get("open"):
        scope.open = OPEN_KEPT if scope.paragraphs else OPEN_UNNAMED
    if fix and fix.get("remark"):
        scope.remarks.append(fix["remark"])
    if scope.kind == "skip":
        return scope.remarks[0] if scope.remarks else "scope not understood"
    if fix and fix.get("chart"):
        chart = fix["chart"]
    targets = parse_chart(chart, reason, own, names)
    if isinstance(targets, str):
        return targets
    out = []
    for target in targets:
        paragraphs = scope.paragraphs
        if target.paragraphs:
            if paragraphs and paragraphs != target.paragraphs:
                return "the control and the chart text name different paragraphs"
            paragraphs = target.paragraphs
        note = shorten(control)
        if target.to is not None:
            note += " | chart: " + shorten(chart, 110)
        remarks = scope.remarks + target.remarks
        if remarks:
            note += " | " + " ".join(remarks)
        excepts = minimal(scope.excepts + target.excepts)
        row = {
            "code": own,
            "reason": target.column or reason,
            "column": target.column,
            "to": target.to,
            "paragraphs": paragraphs,
            "except": excepts,
            "open": scope.open,
            "note": note,
        }
        if away_to:
            out += split_away(row, target, away_to, f"{away['where']} {away_why}")
            continue
        if not scope.doubtful:
            out.append(row)
            continue
        # An exception with a condition: exact for the rest of the entry, open where the
        # exception may apply.
        doubtful = ", ".join(scope.doubtful)
        out.append(
            {
                **row,
                "except": minimal(excepts + scope.doubtful),
                "note": f"{note} {doubtful}: see the open row after this one.",
            }
        )
        out.append(
            {
                **row,
                "paragraphs": list(scope.doubtful),
                "except": [e for e in excepts if any(within(e, d) for d in scope.doubtful)],
                "open": OPEN_EXCEPTION,
                "note": f"{note} Open row for {doubtful} ({OPEN_NOTE}).",
            }
        )
    return out


def split_away(row: dict, target: Target, away: list[str], what: str) -> list[dict]:
    """`row` with an exception "to <away> for <condition>": exact for the other destinations,
    open for `away`; open as a whole unless its destinations are a plain list of countries."""
    note = f"{row['note']} | Exception not encoded: to {what};"
    to = target.to or {}
    if set(to) != {"countries"}:
        return [{**row, "open": OPEN_EXCEPTION, "note": f"{note} open row ({OPEN_NOTE})."}]
    sure = [c for c in to["countries"] if c not in away]
    doubt = [c for c in to["countries"] if c in away]
    out = []
    if sure:
        out.append(
            {
                **row,
                "to": {"countries": sure},
                "note": f"{note} {', '.join(doubt)}: see the open row after this one.",
            }
        )
    if doubt:
        out.append(
            {
                **row,
                "to": {"countries": doubt},
                "open": OPEN_EXCEPTION,
                "note": f"{note} open row for {', '.join(doubt)} ({OPEN_NOTE}).",
            }
        )
    return out


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def q(s: str) -> str:
    """A TOML basic string."""
    out = s.replace("\\", "\\\\").replace('"', '\\"')
    out = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m[0]):04x}", out)
    return f'"{out}"'


def q_long(s: str, width: int = 92) -> str:
    """A TOML multi-line basic string whose line breaks (after `\\`) are not part of it."""
    body = s.replace("\\", "\\\\").replace('"', '\\"')
    lines, line = [], ""
    for word in body.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line + " \\")
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return '"""\\\n' + "\n".join(lines) + '"""'


def arr(items: list[str]) -> str:
    return "[" + ", ".join(q(i) for i in items) + "]"


def place(to: dict) -> str:
    parts = []
    if to.get("worldwide"):
        parts.append("worldwide = true")
    for key in ("countries", "groups", "except_groups", "except_countries"):
        if to.get(key):
            parts.append(f"{key} = {arr(to[key])}")
    return "{ " + ", ".join(parts) + " }"


def write_pack(
    vintage: str,
    chart: dict[str, list[str]],
    chart_names: dict[str, str],
    groups: dict[str, dict],
    rows: list[dict],
    skipped: list[Skip],
    ccl: dict,
) -> str:
    gbs, gbs_unread = gbs_codes(ccl)
    covered = sorted({r["code"] for r in rows})
    inherits = ", ".join(f"{c} follows {p}" for c, p in CHART_INHERITS.items())
    note = (
        f"Data tables of the EAR as of the eCFR issue of {vintage}: the Country Groups "
        "(Supp. No. 1 to Part 740), the Commerce Country Chart (Supp. No. 1 to Part 738) and "
        "the licence-requirement rows of the Commerce Control List (Supp. No. 1 to Part 774) "
        "that name a chart column or destinations. No rules. Hong Kong has had no row of its "
        "own since 2020-12-23 (85 FR 83788) and is treated as China: HK carries China's chart "
        "marks and is a member of every Country Group China is in from 2020-12-23 (its own "
        "earlier entries are not encoded). Cambodia was in D:5 from 2021-12-09 to 2026-02-02 "
        "(86 FR 70015; removed effective 2026-02-03) and is kept with those dates. The Cayman Islands (KY) "
        "take the United Kingdom's chart row (15 CFR 738.3(b)) but no group membership. "
        "Macau (MO) keeps its own entries. Embargoed destinations (Cuba, Iran, North Korea, "
        "Syria) have no marks: Part 746 decides. Rows citing § 742.6(a)(6)(iii)(A) (worldwide "
        "AI-diffusion text, not enforced since 2025-05-13) are encoded as Macau, D:1, D:4, D:5. "
        "A row for a named country plus groups with an exclusion is split in two, so the named "
        "country is not excluded with the groups. Rows that turn on a condition the code does "
        "not carry (e.g. 'when usable in missiles', 'technology for items controlled by 7A001 "
        "to 7A004', an exception 'for items for ECCN 0A502') are open (open = true): where "
        "they would apply, the answer is unknown (missing fact 'control condition'), never "
        "'licence' or 'no licence'. They cover the sub-items they name, or the entire entry "
        "when they name none; a row whose exception has a condition on named sub-items (or "
        "destinations) is exact elsewhere and followed by an open row for those. Chart "
        "footnote 7 "
        "(India: 6A003.b.4.b and 9A515.e, RS column 2) and footnote 10 (firearms to Australia "
        "and the United Kingdom, and the Cayman Islands that take its row; reason `FN10`, open "
        "where the footnote turns on barrel length or what software is for) are encoded as "
        "rows; the other footnotes refer to other sections. EI (§ 742.15(a)(1)), SI "
        "(§ 742.14(a)) and the 'ALL destinations, except Canada' chart texts (0A503, 0E982) "
        "are encoded as worldwide rows with `except_countries = [CA]`; the Russian "
        "industry sector rows (§ 746.5) as rows to Russia. UN (§ 746.1(b)), CW (§ 742.18), "
        "the industry sector rows for Belarus and rows whose chart text refers to another "
        "section are written with `encoded = false`: where one could apply the answer is "
        "unknown (pack coverage), never 'no licence'; the list is at the end of the file. "
        "Entries that § 738.3(a)(1) controls to all "
        "destinations but that have no row in the CCL data (0A983, 5A980, 5D980, 5E980) get a "
        "worldwide row. "
        "Generated by scripts/ear_tables.py; do not edit by hand."
    )
    out: list[str] = [
        "# US Export Administration Regulations: data tables (Country Groups, Commerce Country",
        "# Chart, CCL licence-requirement rows).",
        "#",
        f"# GENERATED by scripts/ear_tables.py from shared/data/ear (eCFR issue {vintage}).",
        "# Do not edit by hand: fix the tables in the script and re-run it.",
        "",
        "[pack]",
        'id = "us-ear-tables"',
        'jurisdiction = "US"',
        'title = "US EAR data tables: Country Groups, Commerce Country Chart, CCL licence requirements"',
        f"vintage = {vintage}",
        f"note = {q_long(note)}",
        "",
        "# ---------------------------------------------------------------------------------------",
        "# Country Groups (15 CFR Part 740, Supp. No. 1). Hong Kong is listed wherever China is.",
        "# ---------------------------------------------------------------------------------------",
    ]
    for gid, g in groups.items():
        out += ["", f"# {g['label']}" if g["label"] else "", f"[groups.{gid}]"]
        out += [f"title = {q(g['title'])}", f"citation = {q(GROUP_CITATION)}", "members = ["]
        line: list[str] = []
        for m in g["members"]:
            extra = "".join(f", {k} = {m[k]}" for k in ("from", "to") if k in m)
            line.append(f"{{ country = {q(m['country'])}{extra} }},")
            if extra or len(line) == 5:
                out.append("  " + " ".join(line))
                line = []
        if line:
            out.append("  " + " ".join(line))
        out.append("]")
    out = [line for i, line in enumerate(out) if line or i == 0 or out[i - 1] != ""]
    out += [
        "",
        "# ---------------------------------------------------------------------------------------",
        "# Commerce Country Chart (15 CFR Part 738, Supp. No. 1): every destination's marked columns.",
        f"# {inherits} (no row of their own).",
        "# ---------------------------------------------------------------------------------------",
        "",
        "[chart]",
        'jurisdiction = "US"',
        f"citation = {q(CHART_CITATION)}",
        f"vintage = {vintage}",
        "",
        "[chart.countries]",
    ]
    for code, marks in chart.items():
        label = chart_names.get(code) or f"follows {CHART_INHERITS[code]}"
        out.append(f"{code} = {arr(marks)}  # {label}")
    out += [
        "",
        "# ---------------------------------------------------------------------------------------",
        "# Commerce Control List rows (15 CFR Part 774, Supp. No. 1): each ECCN's reasons for",
        "# control with the chart column or destinations they use. `note` quotes the control text.",
        "# `open = true`: the row turns on a condition the code does not carry (its note says",
        "# which); where it would apply the answer is unknown, not \"licence needed\".",
        "# ---------------------------------------------------------------------------------------",
    ]
    for r in rows:
        out += ["", "[[controls]]", 'jurisdiction = "US"', f"code = {q(r['code'])}", f"reason = {q(r['reason'])}"]
        if r["column"]:
            out.append(f"column = {q(r['column'])}")
        else:
            out.append(f"to = {place(r['to'])}")
        if r["paragraphs"]:
            out.append(f"paragraphs = {arr(r['paragraphs'])}")
        if r["except"]:
            out.append(f"except = {arr(r['except'])}")
        if r["open"]:
            out.append("open = true")
        out.append(f"note = {q(r['note'])}")

    # Rows the format cannot hold are still data: written with `encoded = false`, so that
    # wherever they could apply the engine answers "unknown (pack coverage)", never "no
    # licence". Their scope is the whole entry and, not knowing the destinations, worldwide
    # (Russian industry-sector rows: Russia and Belarus; UN rows: outside Country Group A:1).
    out += [
        "",
        "# ---------------------------------------------------------------------------------------",
        "# License Exception GBS (§ 740.4): the codes whose entry says GBS \"Yes\" (the whole",
        "# entry, or a plain list of its paragraphs). Content of these codes that needs a licence",
        "# to a Country Group B destination for NS reasons only could go under GBS, so de minimis",
        "# does not count it there (Supp. No. 2 to Part 734, (a)(1)). Entries whose GBS paragraph",
        f"# says more than that ({len(gbs_unread)}) are not listed: their content is counted, an upper bound:",
        "#   " + ", ".join(gbs_unread),
        "# ---------------------------------------------------------------------------------------",
        "",
        '[classes."us.gbs"]',
        f"classification = {{ jurisdiction = \"US\", codes = {arr(gbs)}, missing = \"false\" }}",
        "",
        "# The entries whose GBS paragraph the class above does not read (counted: an upper bound).",
        '[classes."us.gbs-unread"]',
        f"classification = {{ jurisdiction = \"US\", codes = {arr(gbs_unread)}, missing = \"false\" }}",
        "",
        "# ---------------------------------------------------------------------------------------",
        "# Rows NOT encoded (`encoded = false`): the reasons for control the rows above cannot",
        "# express (UN, EI, SI, CW, Russian industry sector, chart texts the format cannot hold).",
        "# Where one could apply, `licensable` is unknown (missing fact: pack coverage), never",
        "# false; the determination warns of them.",
        "# ---------------------------------------------------------------------------------------",
    ]
    seen_unencoded: set[tuple[str, str]] = set()
    for s in skipped:
        m = re.match(r"^(?P<r>[A-Z]{2}) (?:applies|apply)\b", clean(s.control))
        sector = clean(s.control).startswith("Russian industry sector sanction")
        reason = m["r"] if m else ("SECTOR" if sector else "OTHER")
        if (s.eccn, reason) in seen_unencoded:
            continue
        seen_unencoded.add((s.eccn, reason))
        if sector:
            to = '{ countries = ["BY"] }'
        elif reason == "UN":
            # The § 746.1(b) UN arms embargoes are not encoded; none of them is on a Wassenaar
            # participating state (Country Group A:1), so those destinations are cleared of it.
            to = '{ worldwide = true, except_groups = ["A1"] }'
        else:
            to = "{ worldwide = true }"
        out += [
            "",
            "[[controls]]",
            'jurisdiction = "US"',
            f"code = {q(s.eccn)}",
            f"reason = {q(reason)}",
            f"to = {to}",
            "encoded = false",
            f"note = {q(shorten(s.control) + ' -> not encoded: ' + s.why)}",
        ]

    all_eccns = [e["eccn"] for e in ccl["entries"]]
    none = [e for e in ccl["entries"] if e["eccn"] not in covered]
    opened = Counter(r["open"] for r in rows if r["open"])
    out += [
        "",
        "# ---------------------------------------------------------------------------------------",
        f"# Not encoded. {len(covered)} of {len(all_eccns)} ECCNs have rows above.",
        "#",
        f"# Open rows are encoded, not listed here: the {sum(opened.values())} rows above with "
        "`open = true`",
        "# turn on a condition the code does not carry (their note quotes it) and give unknown",
        "# (missing fact \"control condition\") where they would apply:",
    ]
    out += [f"#   {n:4}  {why}" for why, n in sorted(opened.items())]
    out += [
        "#",
        f"# Skipped rows ({len(skipped)}), listed below, written above with `encoded = false`: UN",
        "# rows (§ 746.1(b) UN arms embargoes, outside Country Group A:1), Russian industry sector",
        "# rows for Belarus, CW rows (§ 742.18: CWC non-States Parties, a list not in the data)",
        "# and rows whose chart text refers to another section:",
    ]
    out += [f"#   {n:4}  {why}" for why, n in sorted(Counter(s.why for s in skipped).items())]
    out += [
        "#",
        f"# ECCNs with no row at all ({len(none)}); the engine treats their codes as unknown:",
    ]
    by_eccn: dict[str, list[Skip]] = {}
    for s in skipped:
        by_eccn.setdefault(s.eccn, []).append(s)
    for e in none:
        if not e["countryChart"]:
            out.append(f"#   {e['eccn']}  no licence-requirement rows in ccl.json")
            continue
        whys = "; ".join(
            dict.fromkeys(f"{shorten(s.control, 60)} -> {s.why}" for s in by_eccn.get(e["eccn"], []))
        )
        out.append(f"#   {e['eccn']}  {whys}")
    partial = [s for s in skipped if s.eccn in covered]
    out += [
        "#",
        f"# Rows skipped for ECCNs that do have rows above ({len(partial)}); these reasons are NOT",
        "# evaluated for those ECCNs:",
    ]
    for s in partial:
        out.append(f"#   {s.eccn}  {shorten(s.control, 70)} | {shorten(s.chart, 60)} -> {s.why}")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    data = Path(argv[1]) if len(argv) > 1 else DEFAULT_DATA
    missing = [f for f in ("country-chart.json", "country-groups.json", "ccl.json") if not (data / f).is_file()]
    if missing:
        raise SystemExit(f"{data}: missing {', '.join(missing)}")
    chart_json = json.loads((data / "country-chart.json").read_text(encoding="utf-8"))
    groups_json = json.loads((data / "country-groups.json").read_text(encoding="utf-8"))
    ccl_json = json.loads((data / "ccl.json").read_text(encoding="utf-8"))
    vintages = {j["ecfrIssueDate"] for j in (chart_json, groups_json, ccl_json)}
    if len(vintages) != 1:
        raise SystemExit(f"the three files are of different eCFR issues: {sorted(vintages)}")
    vintage = vintages.pop()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", vintage):
        raise SystemExit(f"bad eCFR issue date {vintage!r}")

    aliases = {**groups_json.get("aliases", {}), **chart_json.get("aliases", {})}
    names = Names(aliases)
    chart = build_chart(chart_json, names)
    groups = build_groups(groups_json, names)
    if names.unmapped:
        print("Unmapped country names (add them to NAME_FIXES):", file=sys.stderr)
        for n in names.unmapped:
            print(f"  {n!r}", file=sys.stderr)
        return 1
    chart_names = {
        names.used[n]: n for n in [*chart_json["countries"], *chart_json["embargoed"]]
    }
    rows, skipped, warnings = build_controls(ccl_json, names)
    rows = add_footnote_rows(rows, chart_json)
    rows = add_all_destination_rows(rows, chart_json, ccl_json)
    text = write_pack(vintage, chart, chart_names, groups, rows, skipped, ccl_json)
    tomllib.loads(text)  # the output must at least be TOML

    OUT_PACK.write_text(text, encoding="utf-8")
    mapping = {
        "$comment": "GENERATED by scripts/ear_tables.py: the country names of shared/data/ear "
        "(country-chart.json and country-groups.json) -> ISO 3166-1 alpha-2, as used for "
        "packs/us-ear-tables.toml. chart_inherits: destinations with no chart row that take "
        "another's; group_inherits: destinations that share another's Country Groups.",
        "ecfrIssueDate": vintage,
        "names": dict(sorted(names.used.items())),
        "chart_inherits": CHART_INHERITS,
        "group_inherits": GROUP_INHERITS,
    }
    OUT_NAMES.write_text(json.dumps(mapping, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    covered = {r["code"] for r in rows}
    print(f"wrote {OUT_PACK.relative_to(REPO)} and {OUT_NAMES.relative_to(REPO)}")
    print(f"  chart destinations: {len(chart)}; groups: {len(groups)}")
    print(f"  control rows: {len(rows)}; ECCNs with rows: {len(covered)} of {len(ccl_json['entries'])}")
    opened = [r for r in rows if r["open"]]
    print(f"  open rows (open = true): {len(opened)}")
    for why, n in sorted(Counter(r["open"] for r in opened).items()):
        print(f"    {n:4}  {why}")
    print(f"  rows skipped: {len(skipped)}")
    for why, n in sorted(Counter(s.why for s in skipped).items()):
        print(f"    {n:4}  {why}")
    for w in dict.fromkeys(warnings):
        print(f"  warning: {w}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
