# Sourced by ./rnn4j and scripts/run-example: builds the project when it was never built or a
# source or pom changed since, holding a lock so that several launchers started together build
# once (the others wait, then find the build fresh). Sets $app (rnn-cli/target) for the caller.
app="$here/rnn-cli/target"
stamp="$app/lib"

needs_build() {
  [ ! -f "$app/classes/dev/rnn4j/cli/Main.class" ] || [ ! -d "$stamp" ] && return 0
  [ -n "$(find "$here" -path "$here/*/src/main/*" -newer "$stamp" -type f -print -quit 2>/dev/null)" ] && return 0
  [ -n "$(find "$here" -maxdepth 2 -name pom.xml -newer "$stamp" -print -quit 2>/dev/null)" ]
}

build_once() {
  needs_build || return 0
  mkdir -p "$here/target"
  exec 9>"$here/target/.build.lock"
  if ! flock -n 9; then
    echo "rnn4j: waiting for another rnn4j to finish building..." >&2
    flock 9
  fi
  if needs_build; then
    echo "rnn4j: building (first use or changed sources)..." >&2
    local log="$here/target/build.log"
    if ! (cd "$here" && mvn -q -B -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package) >"$log" 2>&1; then
      echo "rnn4j: the build failed; the first errors (all of them in $log):" >&2
      grep -E '^\[ERROR\] .*\.java' "$log" | head -n 10 >&2 || tail -n 20 "$log" >&2
      exit 2
    fi
    touch "$stamp"
  fi
  flock -u 9
  exec 9>&-
}
