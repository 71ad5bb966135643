#!/usr/bin/env bash
# Installs the system programs the build and tests need, when they are missing:
#   graphviz (dot)      flowcharts                       -> always
#   pango (libpango)    WeasyPrint's text layout         -> always
#   chromium            browser tests (Playwright)       -> with --browser
#   default-jre         the Nu HTML checker (vnu.jar)    -> with --browser
# Uses apt-get (Debian/Ubuntu). Elsewhere it says what to install and exits non-zero.
set -euo pipefail

want=()
command -v dot >/dev/null 2>&1 || want+=(graphviz)
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || want+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || want+=(fonts-dejavu-core)
if [ "${1:-}" = "--browser" ]; then
  command -v chromium >/dev/null 2>&1 || want+=(chromium)
  command -v java >/dev/null 2>&1 || want+=(default-jre-headless)
  command -v pdftoppm >/dev/null 2>&1 || want+=(poppler-utils)
fi
[ ${#want[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${want[*]}" >&2
  echo "Install them with your package manager (macOS: brew install graphviz pango chromium)," >&2
  echo "then run the make command again." >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing system packages: ${want[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
