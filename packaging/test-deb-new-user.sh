#!/usr/bin/env bash
# packaging/test-deb.sh where the hacluster user and the haclient group do not exist yet, as on a
# machine without cluster-glue or Pacemaker (CI's has them): the postinst must create them (locked
# password, no shell) and the purge must remove them again. Runs in a private mount namespace
# whose /etc is a copy without them; the real /etc is not changed. Root only, like test-deb.sh.
# Usage: packaging/test-deb-new-user.sh [PATH/TO/hapc_VERSION_all.deb]
set -euo pipefail
cd "$(dirname "$0")/.."
ETC=$(mktemp -d /tmp/hapc-test-etc.XXXXXX)
OVERRIDES=$(mktemp /tmp/hapc-test-statoverride.XXXXXX)
trap 'rm -rf "$ETC" "$OVERRIDES"' EXIT
cp -a /etc/. "$ETC/"
# dpkg refuses to run at all when its stat overrides name a user it cannot find (Pacemaker's
# packages register some for hacluster/haclient): the namespace sees them without those lines.
STATOVERRIDE=/var/lib/dpkg/statoverride
if [[ -f $STATOVERRIDE ]]; then
  awk '$1 != "hacluster" && $2 != "haclient"' "$STATOVERRIDE" > "$OVERRIDES"
  chmod --reference="$STATOVERRIDE" "$OVERRIDES"
else
  STATOVERRIDE=""
fi
# Renamed, not deleted: their ids stay taken, so the files they own (cluster-glue's) are not
# taken for the new user's.
sed -i 's/^hacluster:/hidden-hacluster:/' "$ETC/passwd" "$ETC/shadow"
sed -i 's/^haclient:/hidden-haclient:/' "$ETC/group" "$ETC/gshadow"
# lintian has seen this package in test-deb.sh already.
HAPC_TEST_DEB_SKIP_LINTIAN=1 unshare --mount --propagation private \
  bash -c 'mount --bind "$1" /etc && { [[ -z $2 ]] || mount --bind "$3" "$2"; } && shift 3 &&
           exec packaging/test-deb.sh "$@"' _ "$ETC" "$STATOVERRIDE" "$OVERRIDES" "$@"
