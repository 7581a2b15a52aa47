#!/usr/bin/env bash
# Regenerates every icon file from the one drawing, icons/tidemark.svg:
#   icons/png/tidemark-<N>.png for N in 16 24 32 48 64 128 256 512 1024,
#   icons/tidemark.ico   (Windows: 16-256 px, from the PNGs, with ImageMagick),
#   icons/tidemark.icns  (macOS: 16-1024 px, PNG payloads, written by the few lines of Python below),
#   src/main/resources/dev/tidemark/icons/tidemark-256.png (the window icon),
#   packaging/linux/tidemark.png, packaging/windows/Tidemark.ico, packaging/macos/Tidemark.icns
#     (the copies jpackage takes through --icon / --resource-dir).
# Needs (Debian): apt-get install librsvg2-bin imagemagick (and python3)
# ImageMagick's own SVG reader drops the gradients, so the drawing is rendered by rsvg-convert only.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in rsvg-convert convert python3; do
  command -v "$tool" >/dev/null || { echo "icons/generate.sh: $tool is missing (apt-get install librsvg2-bin imagemagick python3)" >&2; exit 1; }
done

svg=icons/tidemark.svg
mkdir -p icons/png
for size in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$size" -h "$size" "$svg" -o "icons/png/tidemark-$size.png"
done

# Windows: one .ico holding every size Explorer and the task bar ask for (256 is stored as PNG).
convert icons/png/tidemark-{16,24,32,48,64,128,256}.png icons/tidemark.ico

# macOS: an icns file is "icns" + total length, then one (type, length, PNG bytes) element per size,
# lengths big-endian and counting their 8-byte headers. The types are Apple's PNG-bearing ones
# (icp4/icp5 16/32, ic07-ic10 128-1024, ic11-ic14 the @2x renditions). Debian's png2icns would store
# the large sizes as JPEG 2000; PNG is what Xcode's iconutil writes.
python3 - <<'PY'
import struct
elements = [("icp4", 16), ("icp5", 32), ("ic11", 32), ("ic07", 128), ("ic12", 64), ("ic08", 256),
            ("ic13", 256), ("ic09", 512), ("ic14", 512), ("ic10", 1024)]
body = b""
for kind, size in elements:
    png = open(f"icons/png/tidemark-{size}.png", "rb").read()
    body += kind.encode("ascii") + struct.pack(">I", 8 + len(png)) + png
with open("icons/tidemark.icns", "wb") as out:
    out.write(b"icns" + struct.pack(">I", 8 + len(body)) + body)
PY

cp icons/png/tidemark-256.png src/main/resources/dev/tidemark/icons/tidemark-256.png
mkdir -p packaging/linux packaging/windows packaging/macos
cp icons/png/tidemark-256.png packaging/linux/tidemark.png
cp icons/tidemark.ico packaging/windows/Tidemark.ico
cp icons/tidemark.icns packaging/macos/Tidemark.icns
echo "icons regenerated from $svg"
