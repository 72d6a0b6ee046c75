# Sourced by bin/test: installs the independent tools the tests run against, when missing.
#   gdalinfo, ogrinfo, gdal_translate  (Debian gdal-bin)   - an independent STAC/OGC client and GeoTIFF checker
#   aria2c                             (Debian aria2)      - the download peer in benchmarks
#   tmux                               (Debian tmux)       - a real terminal for the progress bar test
#   postgres                           (Debian postgresql) - an external PostgreSQL for the --db-url test
#   PostGIS for PostgreSQL 15          (Debian postgresql-15-postgis-3) - the peer of `swath bench scale`
#   chromium                           (Debian chromium)   - a real browser, headless, for the web console's test
#   stac-node-validator, geojson-schema (npm, under .tools) - STAC 1.0.0 schema validation, offline
#   parse-prometheus-text-format       (npm, under .tools) - an independent reader of GET /metrics
swath_ensure_tools() {
  local missing=()
  command -v gdalinfo >/dev/null 2>&1 || missing+=(gdal-bin)
  command -v aria2c >/dev/null 2>&1 || missing+=(aria2)
  command -v tmux >/dev/null 2>&1 || missing+=(tmux)
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)  # the external-database test
  [ -f /usr/share/postgresql/15/extension/postgis.control ] || missing+=(postgresql-15 postgresql-15-postgis-3)  # bench scale's peer
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)  # the web console's browser test
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "bin/test: installing ${missing[*]} (Debian packages) ..." >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >&2 \
        || echo "bin/test: could not install ${missing[*]}; tests that need them will fail" >&2
    else
      echo "bin/test: please install ${missing[*]}; tests that need them will fail" >&2
    fi
  fi
  local tools="$root/.tools"
  if { [ ! -x "$tools/node_modules/.bin/stac-node-validator" ] || [ ! -f "$tools/node_modules/geojson-schema/Feature.json" ] \
      || [ ! -f "$tools/node_modules/parse-prometheus-text-format/package.json" ]; } && command -v npm >/dev/null 2>&1; then
    echo "bin/test: installing stac-node-validator, geojson-schema and parse-prometheus-text-format (npm) into .tools ..." >&2
    mkdir -p "$tools"
    (cd "$tools" && npm install --silent --no-audit --no-fund stac-node-validator geojson-schema parse-prometheus-text-format \
      >/dev/null 2>&1) || echo "bin/test: could not install the npm tools; tests that need them will fail" >&2
  fi
  export PATH="$tools/node_modules/.bin:$PATH"
}
