# Sourced by ./rnn4j: on JDK 25 and newer, an AOT cache (JEP 483/514/515: the application's
# classes loaded and linked, and method profiles, so that C2 compiles the hot kernels sooner)
# kept in rnn-cli/target/aot/. The first `train` or `demo` after a build records what it does
# (-XX:AOTMode=record); when it has ended, the cache is assembled from that record in the
# background (log: rnn-cli/target/aot/create.log); later runs start with it. It is removed when
# the project is built again. Nothing here can fail a run: without a cache the JVM runs as
# before, and a cache the JVM cannot use is ignored. RNN4J_AOT=off leaves it out.
# Uses $app, $stamp (build-once.sh), $java, $java_feature (pick-java.sh). Sets $aot_flags, and
# $aot_record (the record file) when this run records, and $app_cp (the jars: a cache needs jars).

aot_prepare() {
  local command="${1:-}" jar="" f
  aot_flags=""
  aot_record=""
  app_cp="$app/classes:$app/lib/*"
  for f in "$app"/rnn-cli-*.jar; do
    case "$f" in *-spark.jar|*-sources.jar|*-javadoc.jar|*-tests.jar) continue ;; esac
    [ -f "$f" ] && [ ! "$app/classes/dev/rnn4j/cli/Main.class" -nt "$f" ] && jar="$f"
  done
  [ "${RNN4J_AOT:-on}" != "off" ] && [ -n "$jar" ] && [ -n "${java_feature:-}" ] \
    && [ "$java_feature" -ge 25 ] || return 0
  # the user's own class-data options would clash with the cache's (the JVM refuses both)
  case " ${RNN4J_JAVA_OPTS:-} " in *-Xshare*|*SharedArchiveFile*|*-XX:AOT*|*ArchiveClassesAtExit*) return 0 ;; esac
  app_cp="$jar:$app/lib/*"
  local dir="$app/aot"
  local cache="$dir/rnn4j-jdk$java_feature.aot"
  mkdir -p "$dir" 2>/dev/null || return 0
  if [ -f "$cache" ] && [ "$stamp" -nt "$cache" ]; then
    rm -f "$cache"  # built since: the classes changed
  fi
  if [ -s "$cache" ]; then
    aot_flags="-XX:AOTCache=$cache -Xlog:aot*=off -Xlog:cds*=off"
    return 0
  fi
  case "$command" in train|demo) ;; *) return 0 ;; esac
  # one recording at a time (a lock older than an hour is from a run that was killed)
  find "$dir" -maxdepth 1 -name recording -mmin +60 -exec rm -rf {} + 2>/dev/null || true
  mkdir "$dir/recording" 2>/dev/null || return 0
  aot_record="$dir/recording/rnn4j.aotconf"
  # the JVM prints "AOTConfiguration recorded: FILE" on standard output at exit whatever the log
  # settings; -DisplayVMOutput keeps that line (the VM's own tty output) out of the user's output
  aot_flags="-XX:AOTMode=record -XX:AOTConfiguration=$aot_record -Xlog:aot*=off -Xlog:cds*=off"
  aot_flags="$aot_flags -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput"
}

# After a recording run: assembles the cache in the background from the record ($@: the JVM
# flags of the run, which the cache must match), then removes the record.
aot_create() {
  local dir="$app/aot"
  local cache="$dir/rnn4j-jdk$java_feature.aot"
  if [ ! -s "$aot_record" ]; then
    rm -rf "$dir/recording"
    return 0
  fi
  (
    if "$java" "$@" -XX:AOTMode=create -XX:AOTConfiguration="$aot_record" \
        -XX:AOTCache="$cache.$$" -cp "$app_cp" >"$dir/create.log" 2>&1; then
      mv -f "$cache.$$" "$cache"
    else
      rm -f "$cache.$$"
    fi
    rm -rf "$dir/recording"
  ) </dev/null >/dev/null 2>&1 &
}
