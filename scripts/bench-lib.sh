# Shared by the load scripts (bench-proxy, bench-oauth): source it from the repository root.
# Installs nginx and wrk if missing, builds Lango in release mode, and gives helpers to start
# servers on loopback, stop them at exit, and summarise wrk's output.

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
./scripts/setup
for tool in nginx wrk; do
    if ! command -v "$tool" >/dev/null; then
        package=$([ "$tool" = nginx ] && echo nginx-light || echo wrk)
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
    fi
done
swift build -c release --product lango
lango=.build/release/lango

work=$(mktemp -d /tmp/lango-bench.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

wait_for() { # url
    for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done
    echo "bench: $1 did not come up" >&2; exit 2
}

to_ms() { # a wrk latency such as 850.00us, 3.62ms or 1.02s
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v !~ /ms$/ && v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

declare -A rps_runs p50_runs p99_runs
# Runs wrk against target `name` for `duration` seconds after a 3 s warm-up, fails on any
# non-2xx answer, and adds the round's req/s, p50 and p99 to the runs. Extra arguments go to wrk.
measure() { # name url duration wrk-arguments…
    local name=$1 target=$2 seconds=$3 out
    shift 3
    wrk -t1 -c"$connections" -d3s "$@" "$target" >/dev/null
    out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency "$@" "$target")
    echo "$out" | sed "s/^/[$name] /"
    if echo "$out" | grep -q "Non-2xx"; then echo "bench: $name had errors" >&2; exit 2; fi
    rps_runs[$name]+=" $(echo "$out" | awk '/Requests\/sec/ {print $2}')"
    p50_runs[$name]+=" $(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")"
    p99_runs[$name]+=" $(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")"
}

declare -A rps p50 p99
summarise() { # names…
    local name
    for name in "$@"; do
        # shellcheck disable=SC2086 # the runs are space-separated numbers
        rps[$name]=$(median ${rps_runs[$name]}); p50[$name]=$(median ${p50_runs[$name]}); p99[$name]=$(median ${p99_runs[$name]})
    done
}

write_report() { # marker report — replaces what is between <!-- marker:start --> and <!-- marker:end -->
    python3 - "$1" "$2" <<'PY'
import sys
path = "docs/benchmarks.md"
marker, report = sys.argv[1], sys.argv[2]
text = open(path).read()
start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
before, rest = text.split(start)
_, after = rest.split(end)
open(path, "w").write(before + start + "\n" + report + "\n" + end + after)
PY
}
