#!/usr/bin/env bash
# Installs hapc's Debian package on this machine, uses it, and purges it: the check that the
# package is whole (CI runs it from .ci/run, as root, after `mvn package`).
#   lintian: no errors (the warnings we accept are in docs/PACKAGING.md);
#   apt-get install ./hapc_…_all.deb; the group, user and directories are there;
#   from PATH: hapc --version, hapc resource agents ocf:heartbeat;
#   a one-node cluster set up in /etc/hapc, hapcd --config /etc/hapc/hapcd.conf in the background,
#   hapc status against it, hapcd stopped (SIGTERM: a clean leave);
#   apt-get purge: no file of the package, no hapc directory, no hapcd left; the hacluster user and
#   haclient group are gone only if the package made them.
# It installs into the real system: it refuses to run where hapc is already installed, and on
# any exit stops the hapcd it started (only that one) and purges what it installed.
# Usage: packaging/test-deb.sh [PATH/TO/hapc_VERSION_all.deb]
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8

step() { echo "test-deb: $*"; }
fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || fail "run as root (it installs the package into this system)"
DEB=${1:-}
if [[ -z "$DEB" ]]; then
  debs=(cli/target/hapc_*_all.deb)
  [[ ${#debs[@]} -eq 1 && -f "${debs[0]}" ]] || fail "no single cli/target/hapc_*_all.deb: build it first (mvn -DskipTests package)"
  DEB=${debs[0]}
fi
DEB=$(readlink -f "$DEB")
if [[ "${CI:-}" == true ]] && dpkg-query -W hapc >/dev/null 2>&1; then
  # Only on CI's machine: an earlier run that was killed (no cleanup) left it.
  step "purging the hapc an earlier, interrupted run left installed"
  apt-get purge -y -qq hapc >/dev/null 2>&1 || dpkg --purge --force-all hapc >/dev/null 2>&1 || true
fi
if dpkg-query -W -f='${db:Status-Status}' hapc 2>/dev/null | grep -qx installed; then
  fail "hapc is already installed here: purge it first (apt-get purge hapc); this test installs and purges its own"
fi
PATHS=(/etc/hapc /var/lib/hapc /var/log/hapc /var/cache/hapc /run/hapc /usr/share/hapc /usr/share/doc/hapc
       /usr/bin/hapc /usr/sbin/hapcd /lib/systemd/system/hapcd.service /usr/lib/firewalld/services/hapc.xml
       /etc/systemd/system/multi-user.target.wants/hapcd.service)
for p in "${PATHS[@]}"; do
  [[ ! -e "$p" && ! -L "$p" ]] || fail "$p exists before the install: this machine is not clean (a hand-made install?)"
done
USER_BEFORE=$(getent passwd hacluster >/dev/null && echo yes || echo no)
GROUP_BEFORE=$(getent group haclient >/dev/null && echo yes || echo no)

WORK=$(mktemp -d /tmp/hapc-test-deb.XXXXXX)
HAPCD_PID=""
INSTALLED=no
cleanup() {
  local rc=$?
  # Only the hapcd this script started, by its pid.
  if [[ -n "$HAPCD_PID" ]] && kill -0 "$HAPCD_PID" 2>/dev/null; then
    kill -TERM "$HAPCD_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$HAPCD_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$HAPCD_PID" 2>/dev/null || true
  fi
  if [[ $INSTALLED == yes ]]; then
    apt-get purge -y -qq hapc >/dev/null 2>&1 || true
  fi
  if [[ $rc -ne 0 && -f "$WORK/hapcd.log" ]]; then
    echo "test-deb: hapcd's output:" >&2; tail -n 40 "$WORK/hapcd.log" >&2
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT

if [[ "${HAPC_TEST_DEB_SKIP_LINTIAN:-}" == 1 ]]; then
  step "lintian skipped (HAPC_TEST_DEB_SKIP_LINTIAN=1)"
else
  step "lintian $(basename "$DEB")"
  command -v lintian >/dev/null || fail "lintian is not installed (apt-get install lintian)"
  lint_rc=0
  lintian --fail-on error "$DEB" >"$WORK/lintian.raw" 2>&1 || lint_rc=$?
  grep -v "running with root privileges" "$WORK/lintian.raw" > "$WORK/lintian.txt" || true
  cat "$WORK/lintian.txt"
  [[ $lint_rc -eq 0 ]] || fail "lintian found errors (exit $lint_rc)"
  # Every warning must be one docs/PACKAGING.md accepts, with its reason.
  while read -r tag; do
    grep -q -- "\`$tag\`" docs/PACKAGING.md || fail "lintian warning '$tag' is not among docs/PACKAGING.md's accepted warnings"
  done < <(awk '/^W: /{print $3}' "$WORK/lintian.txt" | sort -u)
fi

step "apt-get install $DEB"
INSTALLED=yes
apt-get install -y -qq "$DEB" >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log" >&2; fail "apt-get install"; }
dpkg-query -W -f='${db:Status-Status}\n' hapc | grep -qx installed || fail "hapc is not installed after apt-get install"

step "user, group, directories, files"
getent group haclient >/dev/null || fail "no haclient group"
entry=$(getent passwd hacluster) || fail "no hacluster user"
[[ $(cut -d: -f7 <<<"$entry") =~ ^(/usr/sbin/nologin|/sbin/nologin|/bin/false)$ ]] || fail "hacluster has a login shell: $entry"
if [[ $USER_BEFORE == no ]]; then
  [[ $(passwd -S hacluster | awk '{print $2}') == L ]] || fail "hacluster's password is not locked: $(passwd -S hacluster)"
  id -nG hacluster | grep -qw haclient || fail "hacluster is not in haclient"
fi
mode() { stat -c %a "$1"; }
[[ $(mode /var/lib/hapc) == 700 ]] || fail "/var/lib/hapc is $(mode /var/lib/hapc), not 700"
[[ $(mode /var/log/hapc) == 700 ]] || fail "/var/log/hapc is $(mode /var/log/hapc), not 700"
[[ $(mode /etc/hapc) == 700 ]] || fail "/etc/hapc is $(mode /etc/hapc), not 700"
[[ $(mode /etc/hapc/hapcd.conf) == 600 ]] || fail "/etc/hapc/hapcd.conf is $(mode /etc/hapc/hapcd.conf), not 600"
grep -qx /etc/hapc/hapcd.conf /var/lib/dpkg/info/hapc.conffiles || fail "/etc/hapc/hapcd.conf is not a conffile"
compgen -G '/var/cache/hapc/hapc-*.jsa' >/dev/null || fail "postinst made no class archive in /var/cache/hapc"
[[ -f /usr/share/bash-completion/completions/hapc ]] || fail "no bash completion"
[[ -f /usr/share/man/man1/hapc.1.gz && -f /usr/share/man/man8/hapcd.8.gz ]] || fail "no man pages"
[[ -f /lib/systemd/system/hapcd.service && -f /usr/lib/firewalld/services/hapc.xml ]] || fail "no unit or firewalld service"
if command -v systemd-analyze >/dev/null; then
  unit_check=$(systemd-analyze verify --man=no /lib/systemd/system/hapcd.service 2>&1) \
    || fail "systemd-analyze verify hapcd.service: $unit_check"
  [[ -z "$unit_check" ]] || fail "systemd-analyze verify hapcd.service: $unit_check"
fi
if command -v man >/dev/null; then
  man -w hapc hapcd hapc-resource-create >/dev/null || fail "man does not find hapc, hapcd and hapc-resource-create"
fi
dpkg -L hapc > "$WORK/files.txt"

step "from PATH: hapc --version; hapc resource agents ocf:heartbeat"
[[ $(command -v hapc) == /usr/bin/hapc && $(command -v hapcd) == /usr/sbin/hapcd ]] || fail "hapc/hapcd are not /usr/bin/hapc, /usr/sbin/hapcd"
hapc --version | tee "$WORK/version.txt"
[[ -s "$WORK/version.txt" ]] || fail "hapc --version printed nothing"
hapc resource agents ocf:heartbeat > "$WORK/agents.txt" || fail "hapc resource agents ocf:heartbeat"
grep -qx 'ocf:heartbeat:Dummy' "$WORK/agents.txt" || grep -q 'Dummy' "$WORK/agents.txt" || fail "no ocf:heartbeat:Dummy in: $(head -5 "$WORK/agents.txt")"
step "$(wc -l < "$WORK/agents.txt") ocf:heartbeat agents listed"

step "one-node cluster from /etc/hapc"
NODE=$(hostname)
hapc cluster setup ci-deb "$NODE" --config-dir /etc/hapc
[[ -f /etc/hapc/authkey && $(mode /etc/hapc/authkey) == 600 ]] || fail "hapc cluster setup wrote no private /etc/hapc/authkey"
# The embedded ZooKeeper on a free loopback port: others on this machine may hold 2181.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Its admin service likewise on loopback (2224 on every address by default).
ADMIN_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
hapcd --config /etc/hapc/hapcd.conf zookeeper.embedded.port="$PORT" admin.bind=127.0.0.1 admin.port="$ADMIN_PORT" \
  >"$WORK/hapcd.log" 2>&1 &
HAPCD_PID=$!
ok=no
for _ in $(seq 1 90); do
  kill -0 "$HAPCD_PID" 2>/dev/null || fail "hapcd exited early"
  if hapc status >"$WORK/status.txt" 2>&1 && grep -q "Current DC: $NODE " "$WORK/status.txt" \
      && grep -q "Online: .*\b$NODE\b" "$WORK/status.txt"; then
    ok=yes; break
  fi
  sleep 1
done
cat "$WORK/status.txt"
[[ $ok == yes ]] || fail "hapc status did not show $NODE online and DC within 90 s"
[[ -S /run/hapc/hapcd.sock ]] || fail "no socket /run/hapc/hapcd.sock"
compgen -G '/var/lib/hapc/*' >/dev/null || fail "hapcd wrote no state in /var/lib/hapc"

step "stop hapcd (SIGTERM: leaves the cluster)"
kill -TERM "$HAPCD_PID"
rc=0
for _ in $(seq 1 60); do kill -0 "$HAPCD_PID" 2>/dev/null || break; sleep 1; done
kill -0 "$HAPCD_PID" 2>/dev/null && fail "hapcd still runs 60 s after SIGTERM"
wait "$HAPCD_PID" || rc=$?
HAPCD_PID=""
[[ $rc -eq 0 || $rc -eq 143 ]] || fail "hapcd ended with $rc after SIGTERM"

step "upgrade (the same files as a later version): configuration and state are kept"
dpkg-deb -R "$DEB" "$WORK/upgrade"
sed -i 's/^Version: .*/&+upgradetest/' "$WORK/upgrade/DEBIAN/control"
dpkg-deb --root-owner-group -Zgzip -z1 -b "$WORK/upgrade" "$WORK/hapc_upgradetest_all.deb" >/dev/null
rm -rf "$WORK/upgrade"
keep() { sha256sum /etc/hapc/hapcd.conf /etc/hapc/authkey; find /var/lib/hapc /var/log/hapc -printf '%p %m %s\n' | sort; }
keep > "$WORK/before-upgrade.txt"
apt-get install -y -qq "$WORK/hapc_upgradetest_all.deb" >"$WORK/upgrade.log" 2>&1 || { cat "$WORK/upgrade.log" >&2; fail "upgrade"; }
dpkg-query -W -f='${Version}' hapc | grep -q 'upgradetest$' || fail "the upgrade did not install"
keep | diff "$WORK/before-upgrade.txt" - || fail "the upgrade changed configuration or state (diff above)"
getent passwd hacluster >/dev/null || fail "no hacluster user after the upgrade"
compgen -G '/var/cache/hapc/hapc-*.jsa' >/dev/null || fail "no class archive after the upgrade"
hapc --version >/dev/null || fail "hapc --version after the upgrade"

step "apt-get purge hapc"
apt-get purge -y -qq hapc >"$WORK/purge.log" 2>&1 || { cat "$WORK/purge.log" >&2; fail "apt-get purge"; }
INSTALLED=no
! dpkg-query -W -f='${db:Status-Status}' hapc 2>/dev/null | grep -q installed || fail "hapc is still installed"
left=()
for p in "${PATHS[@]}"; do [[ -e "$p" || -L "$p" ]] && left+=("$p"); done
while read -r f; do
  [[ "$f" == *hapc* ]] && [[ -e "$f" || -L "$f" ]] && left+=("$f")
done < "$WORK/files.txt"
[[ ${#left[@]} -eq 0 ]] || fail "left behind after purge: ${left[*]}"
[[ $(getent passwd hacluster >/dev/null && echo yes || echo no) == "$USER_BEFORE" ]] || fail "hacluster user: before $USER_BEFORE, after purge not"
[[ $(getent group haclient >/dev/null && echo yes || echo no) == "$GROUP_BEFORE" ]] || fail "haclient group: before $GROUP_BEFORE, after purge not"
step "passed (hacluster user there before: $USER_BEFORE; haclient group: $GROUP_BEFORE)"
