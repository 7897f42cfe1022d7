"""PLOVER's field definitions, transcribed from the PLOVER manual to validate our records.

Source: github.com/openeventdata/PLOVER, PLOVER_MANUAL.tex at commit
5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f (tables "PLOVER JSON", "Information object for
entities", "... for text", "... for citations", "Location object", "Summary of event
categories", the event sections' mode tables, "Sector Codes", the context list).
"""

# name -> required (table "PLOVER JSON")
RECORD_FIELDS = {
    "id": True, "has_event": False, "date": True, "time": False, "enddate": False,
    "endtime": False, "actor": True, "recipient": False, "event": True, "event_loc": False,
    "event_text": False, "quad_code": False, "event_scale": False, "mode": False,
    "context": False, "link": False, "text": False, "text_info": False, "cite_info": False,
    "coder": False, "coded_date": False, "coded_time": False, "comment": False,
}
ENTITY_FIELDS = {"code", "sector", "entity_text", "identifier_id", "identifier_text",
                 "religion", "ethnicity", "office", "gender", "age"}
TEXT_INFO_FIELDS = {"sequence", "start", "end", "text_story"}
CITE_INFO_FIELDS = {"corpus", "citation", "url", "title", "language", "publication", "license",
                    "copyright", "coder", "codebook", "version"}
LOCATION_FIELDS = {"extracted_place", "resolved_place", "geonameid", "lat", "lon", "city",
                   "district", "province", "country", "country_code", "feature_class",
                   "feature_code", "resolution"}
# event -> (quad category of its section, modes of its mode table)
EVENTS = {
    "AGREE": (1, set()), "CONSULT": (1, {"visit", "third-party", "multilateral", "phone"}),
    "SUPPORT": (1, set()), "CONCEDE": (1, set()), "COOPERATE": (2, set()), "AID": (2, set()),
    "RETREAT": (2, {"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
    "REQUEST": (3, {"assist", "change", "yield", "meet"}),
    "ACCUSE": (3, {"disapprove", "investigate", "allege"}),
    "REJECT": (3, {"assist", "change", "yield", "meet"}),
    "THREATEN": (3, {"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "PROTEST": (4, {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}),
    "SANCTION": (4, {"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": (4, {"troops", "weapons", "police", "militia"}),
    "COERCE": (4, {"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport",
                   "withhold", "misinformation", "cyber"}),
    "ASSAULT": (4, {"abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive",
                    "firearms", "explosives", "suicide-attack", "aerial", "drone",
                    "heavy-weapons", "crowd-control", "unconventional"}),
}
SECTORS = {"COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR",
           "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL",
           "SOC"}
NON_STATE_CODES = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
CONTEXTS = {"military", "intelligence", "executive", "legislative", "election",
            "political_institutions", "pro_democracy", "pro_autocracy", "economic", "legal",
            "reparations", "human_rights", "rights_freedoms", "repression", "human_security",
            "gender", "lgbt", "religion_ethnicity", "inequality", "diplomatic", "territory",
            "peacekeeping", "health", "asylum", "migration", "disasters", "natural_resource",
            "environment", "technology", "terrorism", "cbrn", "cyber", "misinformation",
            "crime", "corruption", "illegal_drugs", "trafficking"}
