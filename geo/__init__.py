"""Geography: the territory reference (pure Python), the geometry build (geopandas, build time only)
and the loading of the built geometry (plain JSON, for the app)."""
