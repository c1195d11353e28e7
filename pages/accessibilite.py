"""Déclaration d'accessibilité."""
import dash
from dash import html

dash.register_page(__name__, path="/accessibilite", name="Accessibilité", title="Accessibilité – VRS")


def layout(**_params):
    return html.Div([
        html.H1("Déclaration d'accessibilité"),
        html.P("Ce site vise la conformité au référentiel général d'amélioration de l'accessibilité (RGAA 4.1). "
               "Il est à ce jour partiellement conforme : aucun audit externe n'a encore été réalisé."),
        html.H2("Ce qui est fait"),
        html.Ul([
            html.Li("Chaque carte a une alternative : un tableau classé des départements, utilisable au clavier."),
            html.Li("Les couleurs des cartes suivent des palettes lisibles par les personnes daltoniennes ; "
                    "le statut d'une estimation est aussi indiqué en toutes lettres."),
            html.Li("Chaque valeur est accompagnée de son intervalle de confiance et de son effectif."),
            html.Li("Toutes les données affichées sont téléchargeables (CSV, XLSX) et disponibles par une API ouverte."),
        ]),
        html.H2("Non-conformités connues"),
        html.Ul([html.Li("Les info-bulles des cartes ne sont pas lisibles par les lecteurs d'écran : "
                         "utiliser le tableau associé à chaque carte.")]),
        html.H2("Signaler un problème"),
        html.P("Écrire au SSMSI : ssmsi-enqvictimation@interieur.gouv.fr."),
    ])
