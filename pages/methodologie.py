"""Méthodologie: survey, estimation, quality rules, pooled periods, simulation."""
import dash
from dash import dcc, html

from data.catalogue import THEMES, load_catalogue
from data.loader import store
from data.quality import status_table

dash.register_page(__name__, path="/methodologie", name="Méthodologie", order=5, title="Méthodologie – VRS")

METHOD_MD = """
## L'enquête

L'enquête « Vécu et ressenti en matière de sécurité » (VRS) est réalisée chaque année depuis 2022 par le
Service statistique ministériel de la sécurité intérieure (SSMSI) auprès d'environ 200 000 personnes
de 18 ans ou plus tirées au hasard par l'Insee, en France métropolitaine, en Guadeloupe, en Martinique
et à La Réunion. La Guyane et Mayotte sont **hors champ de l'enquête**.

Chaque édition interroge sur les atteintes subies au cours de **l'année civile précédente** (édition 2024 :
faits de 2023) et sur le sentiment d'insécurité et les opinions **au moment de l'enquête**.

## Estimation

* **Proportion pondérée** : somme des poids des personnes concernées divisée par la somme des poids du
  domaine (pour les taux de plainte, le domaine est restreint aux victimes de l'atteinte).
* **Écart-type** par linéarisation de Taylor pour un plan stratifié par département, les individus étant
  les unités d'échantillonnage, tirage avec remise (Wolter, *Introduction to Variance Estimation*, ch. 6 ;
  Lohr, *Sampling*, § 9.1). Les sous-populations (domaines) sont estimées dans le plan complet, jamais en
  filtrant les répondants au préalable (Lumley, *Complex Surveys*, § 2.3).
* **Intervalle de confiance à 95 %** calculé sur l'échelle logit puis ramené en proportion, avec un quantile
  de Student à « répondants − strates » degrés de liberté (comportement par défaut de `samplics`).
* **Coefficient de variation** : écart-type divisé par l'estimation.

## Périodes cumulées

La période **2022-2025** empile les quatre éditions : chaque strate est croisée avec l'édition, et les poids
sont divisés par le nombre d'éditions. L'estimation est donc une **prévalence annuelle moyenne** sur la
période. Le cumul multiplie par environ quatre l'effectif de répondants : il rend publiables les petits
départements et les atteintes rares.

## Comparaisons et évolutions

Un écart entre deux estimations est dit **significatif** au seuil de 5 % lorsque
|a − b| / √(ET(a)² + ET(b)²) dépasse 1,96. Pour un département comparé à la France, ce test ignore la
covariance positive liée au fait que le département fait partie de la France : il est légèrement
conservateur. Comparer 99 départements à la France multiplie les tests : environ 5 départements sur 100
peuvent paraître « significativement différents » par hasard ; la carte propose une correction de
Benjamini-Hochberg qui contrôle la proportion de fausses découvertes.
"""

SIMULATION_MD = """
## Données simulées

Les microdonnées réelles sont couvertes par le secret statistique. Tant que des fichiers d'indicateurs réels
ne sont pas chargés, le site affiche des **données simulées** : un échantillon réaliste (stratifié par
département, avec non-réponse, poids calés par sexe et âge sur la population de chaque département) dont
les taux nationaux reproduisent les chiffres publiés par le SSMSI. Les indicateurs sont ensuite estimés par
la même chaîne que des données réelles. Ces chiffres ne doivent pas être cités.
"""


def layout(**_params):
    catalogue = load_catalogue()
    rules = html.Table([
        html.Thead(html.Tr([html.Th("Statut"), html.Th("Condition"), html.Th("Motif affiché")])),
        html.Tbody([html.Tr([html.Td(r["status"]), html.Td(r["condition"]),
                             html.Td(r["reason"].replace("{n}", "n").replace("{cv}", "x").replace("{min_cases}", "5"))])
                    for r in status_table(store().manifest.get("thresholds") or None)]),
    ], className="table table-sm")
    indicators = [html.Div([
        html.H3(THEMES[theme]),
        html.Dl([item for row in catalogue[catalogue["theme"] == theme].itertuples()
                 for item in (html.Dt(f"{row.label_fr} ({row.unit_fr})"),
                              html.Dd([row.definition_fr, html.Br(),
                                       html.Small(f"Identifiant : {row.id}. Source de la valeur de référence : "
                                                  f"{row.published_source}.", className="text-muted")]))]),
    ]) for theme in THEMES]
    return html.Div([
        html.H1("Méthodologie"),
        dcc.Markdown(METHOD_MD),
        html.H2("Règles de qualité et de secret statistique"),
        html.P("Chaque estimation reçoit un statut, appliqué dans cet ordre :"),
        rules,
        dcc.Markdown(SIMULATION_MD),
        html.H2("Indicateurs"),
        *indicators,
    ], className="methodologie")
