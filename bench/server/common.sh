# Shared by bench/server/ingest and bench/server/stats (sourced, not run).

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$repo_root/target}
# JL_BENCH_SERVER: another server binary to measure (e.g. an older build, for before/after figures).
server_bin=${JL_BENCH_SERVER:-$target_dir/release/jl-consent-server}
client_bin=$target_dir/release/examples/bench_client

# Builds the server and the benchmark client (release: these are measurements).
build_release() {
  echo "building the release server and bench client (target: $target_dir)" >&2
  (cd "$repo_root" && cargo build --quiet --release -p jl-consent-server --bin jl-consent-server --example bench_client)
}

machine_line() {
  local cpu
  cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
  echo "machine: $(nproc) cores (${cpu:-unknown CPU}), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) memory, $(uname -sr)"
}

# start_server LOG ARGS... : starts the server on a free loopback port in the background; sets
# server_pid and server_addr. Fails when it does not come up within 60 s.
start_server() {
  local log=$1
  shift
  JL_LOG=${JL_LOG:-info} "$server_bin" "$@" --listen 127.0.0.1:0 >"$log" 2>&1 &
  server_pid=$!
  server_addr=""
  for _ in $(seq 1 600); do
    server_addr=$(sed -n 's/.*serving on http:\/\/\([0-9.:]*\).*/\1/p' "$log" | head -n 1)
    [[ -n "$server_addr" ]] && return 0
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "the server did not start:" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "the server did not start within 60 s:" >&2
  cat "$log" >&2
  return 1
}

# Stops the server with SIGTERM (it commits everything queued) and waits for it.
stop_server() {
  if [[ -n "${server_pid:-}" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" || true
  fi
  server_pid=""
}

# value KEY LINE: the value of KEY=value in a RESULT/TIME line.
value() {
  tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p" | head -n 1
}
