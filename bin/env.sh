# Sourced by ./swath and ./mvnw: finds a JDK >= 21 and the pinned Maven.
# The default `java` on many machines is 17; Swath needs 21+ to build and run.

swath_java_major() { # $1 = path to a java binary
  # the JDK's release file says it without starting a JVM (~0.1 s each)
  local release v
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$release" | head -n1)
    if [ -n "$v" ]; then
      echo "$v"
      return 0
    fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1 | cut -d. -f1
}

swath_find_java() {
  local cand major
  for cand in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -n "$cand" ] && [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    major=$(swath_java_major "$cand/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      echo "$cand"; return 0
    fi
  done
  return 1
}

if ! SWATH_JAVA_HOME=$(swath_find_java); then
  echo "swath: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm, /opt)." >&2
  echo "       Install one (e.g. Temurin 21+) or point JAVA_HOME at it." >&2
  exit 3
fi
export JAVA_HOME="$SWATH_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
