#!/usr/bin/env bash
# Lays out what hapc's Debian package and tarball hold; `mvn package` (cli module) runs it once the
# jars, the completion script and the man pages are made, then jdeb packs cli/target/deb-root.
# Usage: packaging/build-dist.sh REPO_DIR CLI_TARGET_DIR MAVEN_VERSION
set -euo pipefail
ROOT=$1 TARGET=$2 VERSION=$3
# jdeb's [[version]] for a snapshot: 0.1.0-SNAPSHOT → 0.1.0~SNAPSHOT (sorts before 0.1.0).
DEB_VERSION=${VERSION/-SNAPSHOT/\~SNAPSHOT}
PKG=$ROOT/packaging
DEB=$TARGET/deb-root
DIST_NAME=hapc-$VERSION
DIST=$TARGET/dist/$DIST_NAME
rm -rf "$DEB" "$TARGET/dist" "$TARGET/$DIST_NAME.tar.gz"
umask 022

# /usr/share/hapc: the launchers (bin/hapc and bin/hapcd themselves: they find the jars beside
# bin/ when there is no cli/target), the jars, and the example the class archive is trained on.
APP=$DEB/usr/share/hapc
install -d "$APP/bin" "$APP/lib" "$APP/examples"
install -m 0755 "$ROOT/bin/hapc" "$ROOT/bin/hapcd" "$APP/bin/"
# Pacemaker's tools for resource agents (crm_attribute, crm_master, crm_node), answered by hapc.
install -d "$APP/bin/pacemaker"
install -m 0755 "$ROOT"/bin/pacemaker/* "$APP/bin/pacemaker/"
install -m 0644 "$TARGET/hapc-cli.jar" "$APP/"
install -m 0644 "$TARGET"/lib/*.jar "$APP/lib/"
install -m 0644 "$ROOT/examples/web-cluster.xml" "$APP/examples/"

# Manual pages (gzipped, no name or time inside: the same bytes every build), completion.
install -d "$DEB/usr/share/man/man1" "$DEB/usr/share/man/man8"
for page in "$TARGET"/man/*.1; do
  gzip -9n < "$page" > "$DEB/usr/share/man/man1/$(basename "$page").gz"
done
gzip -9n < "$PKG/deb/hapcd.8" > "$DEB/usr/share/man/man8/hapcd.8.gz"
# Sourced, not run: no #! line (bash-completion loads it on the first <TAB> after `hapc`).
install -d "$DEB/usr/share/bash-completion/completions"
sed '1{/^#!/d}' "$TARGET/hapc_completion" > "$DEB/usr/share/bash-completion/completions/hapc"

# The unit, the firewall service, the example configuration (a conffile: see the pom).
install -D -m 0644 "$PKG/systemd/hapcd.service" "$DEB/lib/systemd/system/hapcd.service"
install -D -m 0644 "$PKG/firewalld/hapc.xml" "$DEB/usr/lib/firewalld/services/hapc.xml"
install -D -m 0600 "$PKG/etc/hapcd.conf" "$DEB/etc/hapc/hapcd.conf"

# Documentation.
DOC=$DEB/usr/share/doc/hapc
install -d "$DOC"
install -m 0644 "$PKG/deb/copyright" "$DOC/copyright"
sed "s/@VERSION@/$DEB_VERSION/" "$PKG/deb/changelog" | gzip -9n > "$DOC/changelog.gz"
gzip -9n < "$ROOT/README.md" > "$DOC/README.md.gz"
for doc in "$ROOT"/docs/*.md; do
  gzip -9n < "$doc" > "$DOC/$(basename "$doc").gz"
done

# The tarball: the same /usr/share/hapc tree, unpacked anywhere (bin/hapc runs from there; the
# class archive goes to /var/cache/hapc if it exists, else cache/ beside bin/), with the rest
# beside it to copy where the system wants it.
install -d "$DIST"
cp -a "$APP/." "$DIST/"
install -d "$DIST/cache" "$DIST/man/man1" "$DIST/man/man8" "$DIST/share" "$DIST/docs"
cp -a "$DEB/usr/share/man/man1/." "$DIST/man/man1/"
cp -a "$DEB/usr/share/man/man8/." "$DIST/man/man8/"
install -m 0644 "$TARGET/hapc_completion" "$DIST/share/hapc_completion"
install -m 0644 "$PKG/systemd/hapcd.service" "$PKG/firewalld/hapc.xml" "$PKG/etc/hapcd.conf" "$DIST/share/"
install -m 0644 "$ROOT/README.md" "$DIST/"
install -m 0644 "$ROOT"/docs/*.md "$DIST/docs/"
tar --owner=0 --group=0 --numeric-owner --sort=name -czf "$TARGET/$DIST_NAME.tar.gz" -C "$TARGET/dist" "$DIST_NAME"
echo "build-dist: $DEB (jdeb packs it next) and $TARGET/$DIST_NAME.tar.gz"
