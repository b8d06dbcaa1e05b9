#!/usr/bin/env bash
# Coverage-guided fuzzing of GitJit's readers of outside input: SharpFuzz instruments the assemblies, AFL++ drives them.
#
#   tests/GitJit.Fuzz/run.sh TARGET[,TARGET...]|all [SECONDS]   fuzz each target in turn for SECONDS (default 600)
#   tests/GitJit.Fuzz/run.sh --list                             the targets
#   tests/GitJit.Fuzz/run.sh --figures                          a table of every fuzzed target's figures so far
#   tests/GitJit.Fuzz/run.sh --replay [CONFIGURATION]           every target's seeds through the plain build, no AFL:
#                                                               exits 1 if any input throws (CI runs this)
#
# Installs what is missing (Debian's afl++, the SharpFuzz.CommandLine tool), builds tests/GitJit.Fuzz, instruments a
# copy of its output per target, seeds it from this repository's own files and tests/GitJit.Fuzz/seeds, runs afl-fuzz
# and prints its figures, then replays every crash and hang on the plain build to show the exception.
# Output (not in git): tests/GitJit.Fuzz/work/TARGET/ (bin/, in/, out/), or under $GITJIT_FUZZ_WORK.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${GITJIT_FUZZ_WORK:-$here/work}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PATH="$PATH:$HOME/.dotnet/tools"

targets=(request policy schema codeowners teams audit command webhook)
if [ "${1:-}" = "--list" ]; then printf '%s\n' "${targets[@]}"; exit 0; fi
if [ $# -lt 1 ]; then sed -n '4,8p' "$0" | sed 's/^# *//'; exit 2; fi
if [ "$1" = "--figures" ]; then
  # From afl-fuzz's plot_data (its time and corpus run on across resumed runs; its edge count restarts): the plateau
  # is how few new paths the last quarter of the time fuzzed found.
  echo "| target | time fuzzed | executions | paths (corpus) | new paths in the last quarter | edges | stability | crashes | hangs |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for target in "${targets[@]}"; do
    plot="$work/$target/out/default/plot_data"
    [ -f "$plot" ] || continue
    awk -F', *' -v target="$target" '
      NR > 1 { t[NR] = $1; paths[NR] = $4; edges = $13; execs = $12; crashes = $8; hangs = $9; last = NR }
      END {
        quarter = t[last] * 3 / 4; before = paths[2]
        for (i = 2; i <= last; i++) if (t[i] <= quarter) before = paths[i]
        printf "| %s | %d min | %d | %d | %d | %d | %s | %d | %d |\n", target, t[last] / 60, execs, paths[last], paths[last] - before, edges, "STABILITY", crashes, hangs
      }' "$plot" | sed "s/STABILITY/$(awk -F' *: *' '$1 == "stability" { print $2 }' "$work/$target/out/default/fuzzer_stats")/"
  done
  exit 0
fi
selected="$1"
seconds="${2:-600}"
if [ "$selected" = all ] || [ "$selected" = --replay ]; then chosen=("${targets[@]}"); else IFS=, read -r -a chosen <<< "$selected"; fi
for target in "${chosen[@]}"; do
  [[ " ${targets[*]} " == *" $target "* ]] || { echo "unknown target '$target'; one of: ${targets[*]} all" >&2; exit 2; }
done

# What each target instruments: GitJit's own assemblies on its path and the parsers under them. System.Text.Json is
# part of the shared framework and stays uninstrumented (the audit and webhook targets see it only through GitJit's
# and Octokit's code). SharpFuzz's coverage map has 65,536 slots: the schema target leaves Newtonsoft.Json out, or
# NJsonSchema and it fill the map and every input looks new.
instrumented() {
  case "$1" in
    request|policy) echo "GitJit.Core.dll YamlDotNet.dll NJsonSchema.dll" ;;
    schema) echo "GitJit.Core.dll NJsonSchema.dll" ;;
    codeowners|audit) echo "GitJit.Core.dll" ;;
    teams) echo "gitjit.dll GitJit.Core.dll YamlDotNet.dll" ;;
    command) echo "GitJit.Server.dll" ;;
    webhook) echo "GitJit.Server.dll Octokit.Webhooks.dll" ;;
  esac
}

dictionary() {
  case "$1" in
    request|policy|teams) echo yaml ;;
    schema) echo json ;;
    *) echo "$1" ;;
  esac
}

# Seeds: the repository's own files of that kind, the hostile corpus, and the small committed seeds.
seed() {
  local target="$1" into="$2"
  mkdir -p "$into"
  case "$target" in
    request)
      cp "$root"/access-requests/*/*.yaml "$into"/
      cp "$root"/tests/GitJit.Core.Tests/Hostile/*.yaml "$into"/ ;;
    policy)
      cp "$root"/policies/*.yaml "$into"/
      find "$root"/tests/GitJit.Core.Tests/Hostile -name '*.yaml' -size -4k -exec cp {} "$into"/ \; ;;
    schema)
      cp "$root"/schemas/*.schema.json "$into"/ ;;
    codeowners)
      cp "$root"/.github/CODEOWNERS "$into"/repository-CODEOWNERS ;;
    teams)
      find "$root"/tests/GitJit.Core.Tests/Hostile -name '*.yaml' -size -4k -exec cp {} "$into"/ \; ;;
    webhook)
      for payload in "$root"/tests/GitJit.Server.Tests/Payloads/*.json; do
        local name; name="$(basename "$payload" .json)"
        { echo "${name%%.*}"; cat "$payload"; } > "$into/recorded-$name"
      done ;;
  esac
  if [ -d "$here/seeds/$target" ]; then cp "$here/seeds/$target"/* "$into"/; fi
  # afl-fuzz refuses seeds over 1 MB and wastes time on large ones.
  find "$into" -type f -size +64k -delete
}

if [ "$1" = "--replay" ]; then
  configuration="${2:-Release}"
  dotnet build "$here/GitJit.Fuzz.csproj" -c "$configuration" --nologo -v quiet >/dev/null
  seeds="$(mktemp -d)"
  trap 'rm -rf "$seeds"' EXIT
  status=0
  for target in "${targets[@]}"; do
    seed "$target" "$seeds/$target"
    if dotnet "$here/bin/$configuration/net10.0/GitJit.Fuzz.dll" "$target" "$seeds/$target"/* > "$seeds/$target.log"; then
      echo "fuzz seeds: $target: $(ls "$seeds/$target" | wc -l) inputs, none throws"
    else
      grep -A20 '^CRASH' "$seeds/$target.log" | head -60
      status=1
    fi
  done
  exit "$status"
fi

# Installation.
if ! command -v afl-fuzz >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
if ! command -v sharpfuzz >/dev/null; then
  dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

dotnet build "$here/GitJit.Fuzz.csproj" -c Release --nologo -v quiet
build="$here/bin/Release/net10.0"

# afl-fuzz runs `dotnet` (not an instrumented binary), expects no core-dump helper, and must not pin cores another
# job on this machine may use.
export AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1
export AFL_AUTORESUME=1

for target in "${chosen[@]}"; do
  dir="$work/$target"
  echo "=== $target: instrumenting $(instrumented "$target")"
  rm -rf "$dir/bin" "$dir/in"
  mkdir -p "$dir"
  cp -r "$build" "$dir/bin"
  for assembly in $(instrumented "$target"); do sharpfuzz "$dir/bin/$assembly" >/dev/null; done
  seed "$target" "$dir/in"
  echo "=== $target: $(ls "$dir/in" | wc -l) seeds, $seconds s"
  # -t: a reader may take up to 100 ms on a slow pattern; 5 s is a hang. -m none: .NET reserves far more than it uses.
  afl-fuzz -i "$dir/in" -o "$dir/out" -x "$here/dictionaries/$(dictionary "$target").dict" -t 5000 -m none -V "$seconds" \
    -- dotnet "$dir/bin/GitJit.Fuzz.dll" "$target" > "$dir/afl.log" 2>&1 || { tail -40 "$dir/afl.log"; exit 1; }
  stats="$dir/out/default/fuzzer_stats"
  echo "=== $target: afl-fuzz figures ($stats)"
  grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|bitmap_cvg|edges_found|total_edges|stability|saved_crashes|saved_hangs|cycles_done)\b' "$stats" \
    | sed 's/^/    /'
  awk -F' *: *' '$1 == "last_update" { now = $2 } $1 == "last_find" { find = $2 } $1 == "start_time" { start = $2 }
    END { if (find > 0) printf "    last new path      : %d s before the end\n", now - find; else printf "    last new path      : none after the seeds (%d s)\n", now - start }' "$stats"
  shopt -s nullglob
  found=("$dir"/out/default/crashes/id* "$dir"/out/default/hangs/id*)
  shopt -u nullglob
  if [ ${#found[@]} -gt 0 ]; then
    echo "=== $target: replaying crashes and hangs on the plain build"
    timeout 120 dotnet "$build/GitJit.Fuzz.dll" "$target" "${found[@]}" | grep -E '^(CRASH|ok|Unhandled|System\.|   at GitJit)' | head -60 || true
  fi
done
