# Shared by the bin/ commands: builds the runnable jar when it is missing or older than the
# sources, then runs a main class from it. Sourced, not executed.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# A source checkout (pom.xml at the root) builds its jar with Maven when it is missing or stale; a
# release (bin/, conf/, lib/compute-cluster.jar) runs the jar it was shipped with and never builds.
if [[ -f "$ROOT/pom.xml" ]]; then
  RELEASE=false
  JAR="$ROOT/dist/target/compute-cluster.jar"
  # Class data archive made by the build's training run (dist/pom.xml): it spares every JVM most of
  # its class loading, a second or more of a node's start on a busy machine. A release makes its
  # own in the installation (installation_archive_opts; docs/decisions/0015-release-archive.md).
  CLASS_ARCHIVE="$ROOT/dist/target/compute-cluster.jsa"
else
  RELEASE=true
  JAR="$ROOT/lib/compute-cluster.jar"
  CLASS_ARCHIVE=""
fi

# Prints the newest of the files a jar is built from that is newer than the jar ($1), if any.
stale_source() {
  find "$ROOT/pom.xml" "$ROOT"/*/pom.xml "$ROOT"/*/src/main -newer "$1" -type f -print -quit 2>/dev/null
}

# ensure_jar JAR MODULE: builds MODULE (and what it needs) when JAR is missing or older than the
# sources. Several commands started at once (a master and workers) build once: the others wait.
ensure_jar() {
  local jar="$1" module="$2"
  if [[ -f "$jar" && -z "$(stale_source "$jar")" ]]; then
    return 0
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    echo "error: $jar is missing and Maven (mvn) is not on the PATH to build it" >&2
    exit 1
  fi
  exec 9>"$ROOT/.build.lock"
  if command -v flock >/dev/null 2>&1; then
    flock 9
  fi
  if [[ ! -f "$jar" || -n "$(stale_source "$jar")" ]]; then
    echo "building $(basename "$jar") (mvn -q -DskipTests -pl $module -am package) ..." >&2
    local log
    log="$(mktemp)"
    if ! (cd "$ROOT" && mvn -B -q -Dstyle.color=never -DskipTests -pl "$module" -am package >"$log" 2>&1); then
      cat "$log" >&2
      rm -f "$log"
      echo "error: the build failed (see above; or run 'mvn -DskipTests package' in $ROOT)" >&2
      exit 1
    fi
    rm -f "$log"
  fi
  exec 9>&-
}

# The nodes' jar.
ensure_built() {
  if [[ "$RELEASE" == true ]]; then
    if [[ ! -f "$JAR" ]]; then
      echo "error: $JAR is missing (this installation has no pom.xml to build it from: unpack the release archive again)" >&2
      exit 1
    fi
    return 0
  fi
  ensure_jar "$JAR" dist
}

# The benchmark driver (bench/run, bench/durability): the benchmarks module's jar. The nodes it
# starts use the nodes' jar.
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"

ensure_bench_built() {
  ensure_built
  ensure_jar "$BENCH_JAR" benchmarks
}

# ensure_dev_certs ARGS...: development certificates on first use. When the command line names no
# --tls-dir (and asks for more than --version or --help), COMPUTE_TLS_DIR is unset and the conf folder (of
# --config, else conf/) has no tls/ yet, runs bin/gen-certs into it, under the build's lock so that
# nodes started together create them once.
ensure_dev_certs() {
  local conf_dir="$ROOT/conf" previous="" arg
  for arg in "$@"; do
    case "$arg" in
      --tls-dir|--tls-dir=*|--version|-V|--help|-h) return 0 ;;
      --config=*) conf_dir="$(dirname "${arg#--config=}")" ;;
    esac
    if [[ "$previous" == "--config" ]]; then
      conf_dir="$(dirname "$arg")"
    fi
    previous="$arg"
  done
  if [[ -n "${COMPUTE_TLS_DIR:-}" || -e "$conf_dir/tls" ]]; then
    return 0
  fi
  exec 9>"$ROOT/.build.lock"
  if command -v flock >/dev/null 2>&1; then
    flock 9
  fi
  if [[ ! -e "$conf_dir/tls" ]]; then
    # Made aside and renamed into place: a node never sees half a folder.
    local staging="$conf_dir/.tls-$$" log
    log="$(mktemp)"
    echo "creating development certificates in $conf_dir/tls (bin/gen-certs) ..." >&2
    if ! "$ROOT/bin/gen-certs" "$staging" >"$log" 2>&1; then
      cat "$log" >&2
      rm -rf "$staging" "$log"
      echo "error: could not create development certificates in $conf_dir/tls (see above)" >&2
      exit 1
    fi
    rm -f "$log"
    cat >"$staging/development-certificates.txt" <<TEXT
Made by bin/ on first start with bin/gen-certs, for trying the cluster out: a fresh CA (in ca/)
signed this folder's node certificate. Nodes started from this installation trust each other
and nobody else. For a real cluster, make your own (bin/gen-certs DIR --host HOST, one CA for
all nodes: --ca) and start the nodes with --tls-dir DIR; delete this file if these are yours.
TEXT
    mv "$staging" "$conf_dir/tls"
  fi
  exec 9>&-
}

# installation_archive_opts JAVA CLASS ARGS...: the JVM options of a release's class data archive,
# one per command and JDK in COMPUTE_CLASS_ARCHIVE_DIR (default lib/cds), made where it is valid:
# Java ties a dynamic archive to the jar's absolute path, so one from the build would not do. The
# first start of a command in the installation makes it as the JVM exits (any stop but SIGKILL);
# later starts map it. Java 19 and newer check and remake it themselves (AutoCreateSharedArchive);
# on Java 17 one JVM at a time makes it (the .making folder) and a newer jar is a reason to
# remake it. Nothing when the folder cannot be written, or for --version and --help (their classes
# are not the command's).
installation_archive_opts() {
  local java="$1" main_class="$2" arg
  shift 2
  for arg in "$@"; do
    case "$arg" in
      --version|-V|--help|-h) return 0 ;;
    esac
  done
  local java_bin java_version dir="${COMPUTE_CLASS_ARCHIVE_DIR:-$ROOT/lib/cds}"
  java_bin="$(readlink -f "$(command -v "$java")" 2>/dev/null)" || return 0
  java_version="$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$(dirname "$(dirname "$java_bin")")/release" 2>/dev/null)"
  [[ "$java_version" =~ ^[0-9]+ ]] || return 0
  mkdir -p "$dir" 2>/dev/null && [[ -w "$dir" ]] || return 0
  local archive="$dir/${main_class##*.}-$java_version.jsa"
  local quiet="-Xlog:cds=off -Xlog:cds+dynamic=off"
  if (( ${java_version%%.*} >= 19 )); then
    echo "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$archive $quiet"
  elif [[ -f "$archive" && "$archive" -nt "$JAR" ]]; then
    rmdir "$archive.making" 2>/dev/null || true
    echo "-XX:SharedArchiveFile=$archive $quiet -Dcompute.class-archive=$archive"
  elif mkdir "$archive.making" 2>/dev/null; then
    rm -f "$archive"
    echo "-XX:ArchiveClassesAtExit=$archive $quiet"
  fi
}

# run_main CLASS ARGS...: replaces this shell with the JVM, so signals reach it directly.
run_main() {
  local main_class="$1"
  shift
  ensure_built
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  local archive_opts=""
  # An archive from another JDK or an older jar is refused by the JVM, quietly with these options.
  if [[ -n "$CLASS_ARCHIVE" && -f "$CLASS_ARCHIVE" && "$CLASS_ARCHIVE" -nt "$JAR" ]]; then
    archive_opts="-XX:SharedArchiveFile=$CLASS_ARCHIVE -Xlog:cds=off -Xlog:cds+dynamic=off -Dcompute.class-archive=$CLASS_ARCHIVE"
  elif [[ "$RELEASE" == true ]]; then
    archive_opts="$(installation_archive_opts "$java" "$main_class" "$@")"
  fi
  # shellcheck disable=SC2086 # lists of options; JAVA_OPTS comes last, so that it wins
  exec "$java" $archive_opts ${DEFAULT_JVM_OPTS:-} ${JAVA_OPTS:-} \
    -Dlogback.configurationFile="$ROOT/conf/logback.xml" \
    -Dcompute.home="$ROOT" \
    -cp "$JAR" "$main_class" "$@"
}
