#!/usr/bin/env bash
# Runs prereq's benchmarks and prints their medians, then measures the peak
# memory and wall time of `prereq build` as a process on a guide of 10,000
# steps.
#
#   scripts/bench.sh                  everything, -count 5
#   BENCH='Build10k|Rebuild' scripts/bench.sh
#   COUNT=10 OUT=old.txt scripts/bench.sh    (keep the raw results to compare:
#                                             go run golang.org/x/perf/cmd/benchstat@latest old.txt new.txt)
#   PROFILE=1 scripts/bench.sh        also CPU and allocation profiles of Build10k
#
# Environment: COUNT (5), BENCH (.), BENCHTIME (go test's default, 1s),
# PKGS (the benchmarked packages), OUT (raw results file), PROFILE (0),
# PEAK (1: measure the process's peak memory), BENCHSTAT (1; 0: medians by
# awk without fetching benchstat).
#
# Benchmarks report ns/op (wall time) and cpu-ns/op (the process's CPU time,
# every goroutine and the garbage collector counted). On a busy machine wall
# time swings with the load; compare cpu-ns/op there, and take wall times
# from a quiet machine. Packages run one at a time (-p 1) so that they do not
# compete with each other.
set -euo pipefail

cd "$(dirname "$0")/.."
COUNT=${COUNT:-5}
BENCH=${BENCH:-.}
BENCHTIME=${BENCHTIME:-}
PKGS=${PKGS:-./internal/build ./internal/guide ./internal/render}
PROFILE=${PROFILE:-0}
PEAK=${PEAK:-1}
BENCHSTAT=${BENCHSTAT:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/prereq-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
OUT=${OUT:-$work/bench.txt}

echo "== machine: $(nproc) cores, $(go version | cut -d' ' -f3-)"
echo "   load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
if [ -r /proc/pressure/cpu ]; then
	echo "   cpu pressure: $(head -1 /proc/pressure/cpu)"
fi
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
if awk -v l="$load" -v n="$(nproc)" 'BEGIN { exit !(l > n) }'; then
	echo "   WARNING: load is above the core count: wall times (ns/op) are unreliable, compare cpu-ns/op"
fi

echo "== go test -bench '$BENCH' -count $COUNT ($PKGS)"
# shellcheck disable=SC2086 # PKGS is a list
go test -p 1 -run '^$' -bench "$BENCH" -benchmem -count "$COUNT" ${BENCHTIME:+-benchtime "$BENCHTIME"} \
	-timeout 120m $PKGS | tee "$OUT"

echo
echo "== medians"
if [ "$BENCHSTAT" = 1 ] && go run golang.org/x/perf/cmd/benchstat@latest "$OUT" >"$work/stat.txt" 2>"$work/stat.err"; then
	cat "$work/stat.txt"
else
	echo "(benchstat not used: $(head -1 "$work/stat.err" 2>/dev/null || echo BENCHSTAT=0); medians by awk)"
	# Each result line: NAME-P  N  VALUE UNIT  VALUE UNIT ...
	awk '
	/^Benchmark/ {
		name = $1
		for (i = 3; i + 1 <= NF; i += 2) {
			key = name SUBSEP $(i + 1)
			if (!(key in n)) { order[++keys] = key }
			vals[key, ++n[key]] = $i + 0
		}
	}
	END {
		for (k = 1; k <= keys; k++) {
			key = order[k]; m = n[key]
			for (i = 1; i <= m; i++) { a[i] = vals[key, i] }
			for (i = 2; i <= m; i++) {            # insertion sort
				v = a[i]
				for (j = i - 1; j >= 1 && a[j] > v; j--) { a[j + 1] = a[j] }
				a[j + 1] = v
			}
			med = (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
			split(key, parts, SUBSEP)
			printf "%-40s %16.1f %-14s (n=%d, min %.1f, max %.1f)\n", parts[1], med, parts[2], m, a[1], a[m]
		}
	}' "$OUT"
fi

if [ "$PROFILE" = 1 ]; then
	echo
	echo "== profiles of BenchmarkBuild10k (in $work, removed on exit; set TMPDIR to keep elsewhere)"
	go test -run '^$' -bench 'Build10k$' -benchtime 3x -o "$work/build.test" \
		-cpuprofile "$work/cpu.prof" -memprofile "$work/mem.prof" ./internal/build >/dev/null
	echo "-- CPU, top 15 (corpus generation ignored)"
	go tool pprof -top -nodecount 15 -ignore 'corpus\.' "$work/build.test" "$work/cpu.prof" 2>/dev/null | sed -n '/flat%/,$p'
	echo "-- CPU, top 25 by cumulative time, prereq's own functions"
	go tool pprof -top -cum -nodecount 300 -ignore 'corpus\.' "$work/build.test" "$work/cpu.prof" 2>/dev/null |
		grep -E 'prereq/internal/(guide|markdown|plan|render|build|cond|facts)\.' | head -25
	echo "-- allocated bytes, top 15"
	go tool pprof -sample_index=alloc_space -top -nodecount 15 -ignore 'corpus\.' "$work/build.test" "$work/mem.prof" 2>/dev/null | sed -n '/flat%/,$p'
	echo "-- allocations (objects), top 15"
	go tool pprof -sample_index=alloc_objects -top -nodecount 15 -ignore 'corpus\.' "$work/build.test" "$work/mem.prof" 2>/dev/null | sed -n '/flat%/,$p'
fi

if [ "$PEAK" = 1 ]; then
	echo
	echo "== prereq build -s SITE as a process, 10,000 steps"
	timebin=/usr/bin/time
	if [ ! -x "$timebin" ]; then
		echo "installing GNU time (apt package time)"
		if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; else sudo apt-get install -y -qq time >/dev/null; fi
	fi
	go build -o "$work/prereq" ./cmd/prereq
	go run ./internal/corpus/cmd/gencorpus -steps 10000 -o "$work/site10k"
	for i in 1 2 3; do
		"$timebin" -v "$work/prereq" build -s "$work/site10k" -o "$work/public" >/dev/null 2>"$work/time.txt"
		wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
		rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
		user=$(sed -n 's/.*User time (seconds): //p' "$work/time.txt")
		sys=$(sed -n 's/.*System time (seconds): //p' "$work/time.txt")
		printf 'run %d: wall %s  user %ss  sys %ss  peak RSS %d MiB\n' "$i" "$wall" "$user" "$sys" "$((rss / 1024))"
	done
	echo "targets: wall < 0.8 s, peak RSS < 300 MiB"
fi
