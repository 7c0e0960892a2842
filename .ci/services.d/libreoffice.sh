# Sourced by .ci/run: make sure LibreOffice Calc is installed (headless, no
# GUI) for report's TestOfficeReadsNumbersAndDates, which opens the XLSX
# and CSV exports with soffice. Fails the run if soffice does not start.
# shellcheck shell=bash
if ! command -v soffice >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -q >/dev/null &&
    { apt-get install -y -q --no-install-recommends libreoffice-calc-nogui ||
      apt-get install -y -q --no-install-recommends libreoffice-calc; }; } >/tmp/ci-libreoffice-apt.log 2>&1 ||
    { tail -30 /tmp/ci-libreoffice-apt.log >&2; echo "libreoffice: apt-get could not install libreoffice-calc" >&2; return 1 2>/dev/null || exit 1; }
fi
__lo_profile="$(mktemp -d)"
if ! __lo_version="$(timeout 120 soffice -env:UserInstallation="file://$__lo_profile" --headless --version 2>&1)"; then
  echo "libreoffice: soffice does not run: $__lo_version" >&2
  rm -rf "$__lo_profile"
  return 1 2>/dev/null || exit 1
fi
rm -rf "$__lo_profile"
echo "libreoffice: $__lo_version"
unset __lo_profile __lo_version
