#!/usr/bin/env bash
# Builds the self-contained LatentLab app image with the JDK's jpackage (run by `mvn -Pinstaller package`
# after target/latentlab.jar and target/lib/ exist; or by hand: tools/installer/jpackage.sh target 0.1.0).
#   TARGET/installer/LatentLab/         the app image: bin/LatentLab (launcher), lib/runtime (a jlinked
#                                       Java 17), lib/app (latentlab.jar, lib/*.jar, models/, assets/)
#   TARGET/installer/latentlab_*.deb    on Linux, when dpkg-deb and fakeroot are installed
# The launcher passes the JVM options of pom.xml's latentlab.jvm and points latentlab.root at lib/app, so
# the app finds its shipped models wherever the image is unpacked. Set LATENTLAB_NO_DEB=1 to skip the .deb.
set -euo pipefail
target=$(cd "${1:?usage: jpackage.sh TARGET_DIR VERSION}" && pwd)
version=${2:?usage: jpackage.sh TARGET_DIR VERSION}
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$target/installer"
input="$out/input"

for f in "$target/latentlab.jar" "$target/lib"; do
    [[ -e $f ]] || { echo "error: $f is missing; build it first (mvn -q package -DskipTests)" >&2; exit 1; }
done
command -v jpackage >/dev/null || { echo "error: jpackage not found; it comes with a full JDK 17+" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$input/lib"
cp "$target/latentlab.jar" "$input/"
cp "$target"/lib/*.jar "$input/lib/"
# the shipped models, the built-in digits and the reference sets, as committed (not checkpoints or progress
# grids of local runs)
(cd "$root" && git ls-files -z models assets/digits assets/reference 2>/dev/null | xargs -0 -I{} cp --parents {} "$input/") \
    || (cd "$root" && cp -r models assets "$input/")

# the modules jdeps finds in the jar and its dependencies (JavaFX and DJL run from the class path)
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.sql,jdk.jfr,jdk.unsupported

common=(--name LatentLab --app-version "$version" --vendor LatentLab
    --description "Train a DCGAN and play with what it learned"
    --input "$input" --main-jar latentlab.jar --main-class dev.latentlab.Main
    --add-modules "$modules" --jlink-options "--strip-debug --no-header-files --no-man-pages"
    --java-options -Dai.djl.offline=true --java-options -Dai.djl.pytorch.num_interop_threads=1
    --java-options -Xss4m --java-options '-Dlatentlab.root=$APPDIR')

jpackage --type app-image --dest "$out" "${common[@]}"
echo "app image: $out/LatentLab ($(du -sh "$out/LatentLab" | cut -f1))"

if [[ $(uname -s) == Linux && -z ${LATENTLAB_NO_DEB:-} ]] && command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
    jpackage --type deb --dest "$out" --linux-package-name latentlab --linux-shortcut --linux-menu-group Education \
        "${common[@]}"
    echo "package: $(ls "$out"/*.deb) ($(du -sh "$out"/*.deb | cut -f1))"
else
    echo "no .deb (needs Linux with dpkg-deb and fakeroot, and LATENTLAB_NO_DEB unset)"
fi
rm -rf "$input"
