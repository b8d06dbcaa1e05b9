#!/usr/bin/env bash
# Times `gitjit validate` (schema + policy + owners) against `ajv validate` (schema only) on the same
# generated access repository, each run N times side by side; prints the median wall time and peak RSS.
# gitjit is measured twice: as the installed tool (packed ReadyToRun for this machine, as the README
# installs it) and as the portable build (`dotnet build`, JIT-compiled at start).
#
# usage: tests/GitJit.Benchmarks/validate-vs-ajv.sh [--repo DIR] [--runs N] [--requests N] [--skip-gitjit]
#   --repo DIR      generate into DIR (kept afterwards); if DIR is not empty, validate what is there
#                   (default: a temporary folder, removed at the end)
#   --runs N        runs of each tool (default 3)
#   --requests N    requests to generate (default 10000)
#   --skip-gitjit   measure ajv-cli only
# Needs dotnet, node and npm. ajv-cli is installed with npm into bench-out/npm (gitignored).
# The table goes to stdout and bench-out/validate-vs-ajv.md; the output of a run that did not exit
# as expected is kept in bench-out/<tool>-unexpected.log.
# Exit: 0 when every tool exited as expected, 1 when one did not, 2 on bad arguments or a failed build.
set -euo pipefail

say() { echo "== $*" >&2; }
die() { echo "error: $*" >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out="$root/bench-out"
repo="" runs=3 requests=10000 skip_gitjit=false

while (($#)); do
  case $1 in
    --repo) repo=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --skip-gitjit) skip_gitjit=true; shift ;;
    -h | --help) sed -n '2,/^set /{/^set /d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ && $requests =~ ^[0-9]+$ ]] || die "--runs and --requests take whole numbers"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

work=$(mktemp -d "${TMPDIR:-/tmp}/gitjit-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [[ -z $repo ]]; then repo="$work/repo"; fi
mkdir -p "$out" "$repo"
rm -f "$out"/*-unexpected.log
repo=$(cd "$repo" && pwd)

if [[ ! -x /usr/bin/time ]]; then
  say "installing GNU time (Debian package time)"
  apt-get install -y -qq time >&2 || { apt-get update -qq >&2 && apt-get install -y -qq time >&2; }
fi

target_path() { dotnet msbuild "$1" -nologo -getProperty:TargetPath -p:Configuration=Release; }

say "building tests/GitJit.Benchmarks (Release)"
dotnet build "$root/tests/GitJit.Benchmarks" -c Release -nologo -v quiet >&2 || die "tests/GitJit.Benchmarks does not build"
generator=$(target_path "$root/tests/GitJit.Benchmarks")

if [[ $skip_gitjit == false ]]; then
  say "building src/GitJit.Cli (Release)"
  dotnet build "$root/src/GitJit.Cli" -c Release -nologo -v quiet >&2 || die "src/GitJit.Cli does not build"
  gitjit_dll=$(target_path "$root/src/GitJit.Cli")
  gitjit_build=("${gitjit_dll%.dll}")
  [[ -x ${gitjit_build[0]} ]] || gitjit_build=(dotnet "$gitjit_dll")

  rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
  version="0.0.0-bench.$(date +%s)"
  say "packing and installing the gitjit tool for $rid (ReadyToRun)"
  dotnet pack "$root/src/GitJit.Cli" -c Release -r "$rid" -p:PackageVersion="$version" -o "$work/feed" -nologo -v quiet >&2 ||
    die "src/GitJit.Cli does not pack"
  dotnet tool install GitJit.Cli --version "$version" --tool-path "$work/tool" --add-source "$work/feed" >&2 ||
    die "the gitjit tool does not install"
  gitjit_tool=("$work/tool/gitjit")
fi

if [[ -z $(ls -A "$repo") ]]; then
  say "generating $requests requests into $repo"
  /usr/bin/time -f '%e %M' -o "$work/generate.time" dotnet "$generator" generate "$repo" --requests "$requests" >&2
  read -r gen_secs gen_kb < "$work/generate.time"
  say "generation took $gen_secs s wall, peak RSS $((gen_kb / 1024)) MB"
else
  say "validating the repository already in $repo"
fi
files=$(find "$repo/access-requests" -name '*.yaml' | wc -l)
policies=$(find "$repo/policies" -name '*.yaml' | wc -l)

npm_dir="$out/npm"
ajv="$npm_dir/node_modules/.bin/ajv"
if [[ ! -x $ajv ]]; then
  say "installing ajv-cli@5 into $npm_dir"
  mkdir -p "$npm_dir"
  npm install --prefix "$npm_dir" --cache "$npm_dir/cache" --no-audit --no-fund --loglevel=error ajv-cli@5.0.0 >&2 ||
    die "npm could not install ajv-cli"
fi
version() { node -p "require('$npm_dir/node_modules/$1/package.json').version"; }
say "ajv-cli $(version ajv-cli), ajv $(version ajv), node $(node --version); ajv-cli reads .yaml with its own js-yaml"

# run NAME COMMAND...: one timed run; appends "seconds kilobytes exit-code" to $work/NAME.runs.
run() {
  local name=$1 rc=0
  shift
  /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" > "$work/$name.log" 2>&1 || rc=$?
  echo "$(tail -n 1 "$work/$name.time") $rc" >> "$work/$name.runs"
}

# ajv must say "<file> valid" for every request and nothing invalid.
ajv_as_expected() {
  local valid
  valid=$(grep -c ' valid$' "$work/ajv.log" || true)
  [[ $1 == 0 && $valid == "$files" ]] && ! grep -q ' invalid$' "$work/ajv.log"
}

expected_gitjit=yes expected_ajv=yes
for ((i = 1; i <= runs; i++)); do
  if [[ $skip_gitjit == false ]]; then
    for variant in tool build; do
      say "run $i/$runs: gitjit validate ($variant)"
      command_var="gitjit_${variant}[@]"
      run "gitjit-$variant" "${!command_var}" validate "$repo"
      rc=$(tail -n 1 "$work/gitjit-$variant.runs" | cut -d' ' -f3)
      if [[ $rc != 0 ]]; then expected_gitjit="no (exit $rc)"; cp "$work/gitjit-$variant.log" "$out/gitjit-$variant-unexpected.log"; fi
    done
  fi
  say "run $i/$runs: ajv validate"
  run ajv "$ajv" validate --spec=draft7 --all-errors -s "$repo/schemas/access-request.schema.json" -d "$repo/access-requests/**/*.yaml"
  rc=$(tail -n 1 "$work/ajv.runs" | cut -d' ' -f3)
  if ! ajv_as_expected "$rc"; then expected_ajv="no (exit $rc)"; cp "$work/ajv.log" "$out/ajv-unexpected.log"; fi
done

for name in gitjit-tool gitjit-build ajv; do
  if [[ -f $work/$name.runs ]]; then say "$name runs (seconds KB exit): $(paste -sd, "$work/$name.runs")"; fi
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
seconds() { cut -d' ' -f1 "$work/$1.runs" | median; }
megabytes() { cut -d' ' -f2 "$work/$1.runs" | sort -n | tail -n 1 | awk '{ printf "%.0f", $1 / 1024 }'; }

{
  echo "| tool | checks | files | wall s (median of $runs) | peak RSS MB (max) | exited as expected |"
  echo "| --- | --- | --- | --- | --- | --- |"
  if [[ $skip_gitjit == false ]]; then
    echo "| gitjit validate, installed tool (ReadyToRun) | schema + policy + owners | $files requests, $policies policies, CODEOWNERS | $(seconds gitjit-tool) | $(megabytes gitjit-tool) | $expected_gitjit |"
    echo "| gitjit validate, portable build (JIT) | schema + policy + owners | $files requests, $policies policies, CODEOWNERS | $(seconds gitjit-build) | $(megabytes gitjit-build) | $expected_gitjit |"
  fi
  echo "| ajv-cli $(version ajv-cli) | schema only | $files requests | $(seconds ajv) | $(megabytes ajv) | $expected_ajv |"
} | tee "$out/validate-vs-ajv.md"

if [[ $skip_gitjit == false ]]; then
  faster=$(awk -v g="$(seconds gitjit-tool)" -v a="$(seconds ajv)" 'BEGIN { print (g <= a) ? "met" : "MISSED" }')
  small=$(awk -v m="$(megabytes gitjit-tool)" 'BEGIN { print (m < 300) ? "met" : "MISSED" }')
  echo
  echo "targets (installed tool): gitjit no slower than ajv-cli: $faster; gitjit under 300 MB: $small" | tee -a "$out/validate-vs-ajv.md"
fi
[[ $expected_gitjit == yes && $expected_ajv == yes ]]
