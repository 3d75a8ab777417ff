# Sourced by ./rnn4j: chooses the JVM that runs rnn4j and says why. Sets $java (the java
# executable), $java_choice (one line for `rnn4j env`) and $java_feature (17, 25, ...; empty
# when the JDK has no release file).
#   1. $JAVA_HOME/bin/java when JAVA_HOME is set (the user's choice wins);
#   2. else the JDK of the highest feature version (17 or newer, with jdk.incubator.vector) among
#      the default java's JDK and the JDKs installed beside it (e.g. /usr/lib/jvm/temurin-25-*
#      next to /usr/lib/jvm/java-17-openjdk-amd64): newer JDKs compile the vector kernels better
#      (see the README, Performance);
#   3. else `java` on the PATH.
# RNN4J_JAVA=/path/to/bin/java overrides all of this.

# The feature version (17, 25, ...) of the JDK at $1, from its release file; empty if none.
jdk_feature() {
  [ -f "$1/release" ] && [ -x "$1/bin/java" ] || return 0
  grep -q 'jdk.incubator.vector' "$1/release" || return 0
  sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
}

pick_java() {
  choose_java
  local resolved
  resolved="$(command -v "$java" 2>/dev/null || true)"
  java_feature=""
  [ -n "$resolved" ] && java_feature="$(jdk_feature "$(dirname "$(dirname "$(readlink -f "$resolved")")")")"
  return 0
}

choose_java() {
  if [ -n "${RNN4J_JAVA:-}" ]; then
    java="$RNN4J_JAVA"; java_choice="RNN4J_JAVA"; return 0
  fi
  if [ -n "${JAVA_HOME:-}" ]; then
    java="$JAVA_HOME/bin/java"; java_choice="JAVA_HOME"; return 0
  fi
  java="java"; java_choice="java on the PATH"
  local default home best="" best_feature=0 dir feature
  default="$(command -v java 2>/dev/null || true)"
  [ -n "$default" ] || return 0
  home="$(dirname "$(dirname "$(readlink -f "$default")")")"
  best_feature="$(jdk_feature "$home")"
  [ -n "$best_feature" ] || best_feature=0
  for dir in "$(dirname "$home")"/*/; do
    dir="${dir%/}"
    feature="$(jdk_feature "$dir")"
    if [ -n "$feature" ] && [ "$feature" -ge 17 ] && [ "$feature" -gt "$best_feature" ]; then
      best="$dir"; best_feature="$feature"
    fi
  done
  if [ -n "$best" ]; then
    java="$best/bin/java"
    java_choice="the newest JDK beside the default java $(readlink -f "$default"); JAVA_HOME=/path/to/jdk overrides it"
  fi
}
