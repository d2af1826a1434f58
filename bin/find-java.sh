#!/usr/bin/env bash
# Sourced by bin/dev, bin/test and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if it is new enough, then the JVMs installed in the usual system folders, then `java` on PATH.
_energymon_java_major() { # prints the feature version of the java binary given, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1
}
_energymon_find_java() {
  local c major
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* \
           "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(_energymon_java_major "$c/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then echo "$c"; return 0; fi
  done
  return 1
}
if found=$(_energymon_find_java); then
  export JAVA_HOME="$found"
  export PATH="$JAVA_HOME/bin:$PATH"
else
  echo "No JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm, /usr/java, /opt, macOS JavaVirtualMachines, SDKMAN, PATH)." >&2
  echo "Install one, e.g. 'apt-get install temurin-21-jdk' (Adoptium repo), 'sdk install java 21-tem', or a JDK from https://adoptium.net," >&2
  echo "then set JAVA_HOME to it." >&2
  return 1 2>/dev/null || exit 1
fi
