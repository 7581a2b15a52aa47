#!/bin/sh
# Makes (or removes) Tidemark's class-data-sharing archive, lib/app/tidemark.jsa, which the
# launcher maps at start (-XX:SharedArchiveFile=$APPDIR/tidemark.jsa -Xshare:auto) so that the
# window comes up sooner. Java 17 records the jars' absolute paths and times in the archive, so it
# is made where the app is: by the installer build for target/installer/Tidemark, and by the
# .deb/.rpm install scripts for /opt/tidemark. It lives next to this script, in lib/app/.
#   tidemark-cds.sh create   dump the archive from tidemark.classlist (the classes a start loads)
#   tidemark-cds.sh remove   delete it (the package's removal; the archive is not a packaged file)
# A failure leaves no archive and Tidemark starts without one; it never stops the install.
set -u
app_dir=$(cd "$(dirname "$0")" && pwd)
java="$app_dir/../runtime/bin/java"
archive="$app_dir/tidemark.jsa"
case "${1:-}" in
  remove)
    rm -f "$archive"
    exit 0
    ;;
  create) ;;
  *)
    echo "usage: $0 create|remove" >&2
    exit 2
    ;;
esac
if [ ! -f "$app_dir/tidemark.classlist" ]; then
  echo "tidemark-cds: no tidemark.classlist; Tidemark starts without a class-data archive" >&2
  exit 0
fi
# the class path exactly as the launcher builds it from Tidemark.cfg
class_path=$(sed -n 's|^app\.classpath=\$APPDIR|'"$app_dir"'|p' "$app_dir/Tidemark.cfg" | paste -sd: -)
rm -f "$archive"
if ! "$java" -Xshare:dump -Xlog:cds=off -Xlog:cds+dynamic=off -XX:SharedClassListFile="$app_dir/tidemark.classlist" \
      -XX:SharedArchiveFile="$archive" -cp "$class_path" >/dev/null 2>&1; then
  echo "tidemark-cds: could not make the class-data archive; Tidemark starts without one" >&2
  rm -f "$archive"
  exit 0
fi
# -Xshare:on refuses an archive that does not fit this runtime and class path
if ! "$java" -Xshare:on -XX:SharedArchiveFile="$archive" -cp "$class_path" dev.tidemark.app.Launcher --version >/dev/null 2>&1; then
  echo "tidemark-cds: the class-data archive does not fit; removed, Tidemark starts without one" >&2
  rm -f "$archive"
  exit 0
fi
chmod 644 "$archive"
echo "tidemark-cds: class-data archive $archive ($(du -k "$archive" | cut -f1) KiB)"
