#!/usr/bin/env python3
"""Writes the winget and Scoop manifests for a release dist has published.

dist builds the archives, the installers, the Homebrew formula and
`sha256.sum`; winget and Scoop want manifests in their own repositories.
This reads the release's `sha256.sum` (downloaded, or from
target/distrib after `dist build`) and writes:

  OUT/scoop/cairn.json                       (a Scoop bucket's manifest, with autoupdate)
  OUT/winget/manifests/c/Cairn/Cairn/VERSION/Cairn.Cairn*.yaml
                                             (version, installer, en-US locale)

Both install per user, with no admin rights: Scoop into the user's scoop
folder, winget as a portable command from the zip.

    python3 tools/package_manifests.py --version 0.2.0 --sums sha256.sum --out pkg
"""

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOWS_ZIP = "cairn-x86_64-pc-windows-msvc.zip"


def package():
    with open(ROOT / "Cargo.toml", "rb") as f:
        return tomllib.load(f)["package"]


def read_sums(path):
    sums = {}
    for line in Path(path).read_text().splitlines():
        m = re.match(r"^([0-9a-fA-F]{64})\s+\*?(\S+)$", line.strip())
        if m:
            sums[m.group(2)] = m.group(1).lower()
    return sums


def scoop(pkg, version, url, sha):
    base = pkg["repository"].rstrip("/")
    return {
        "version": version,
        "description": pkg["description"],
        "homepage": pkg.get("homepage", base),
        "license": pkg["license"],
        "architecture": {"64bit": {"url": url, "hash": sha}},
        "bin": "cairn.exe",
        "checkver": {"github": base},
        "autoupdate": {
            "architecture": {
                "64bit": {"url": f"{base}/releases/download/v$version/{WINDOWS_ZIP}"}
            },
            "hash": {"url": "$url.sha256"},
        },
    }


def winget(pkg, version, url, sha):
    ident = "Cairn.Cairn"
    head = f"PackageIdentifier: {ident}\nPackageVersion: {version}\n"
    tail = "ManifestVersion: 1.6.0\n"
    version_yaml = f"{head}DefaultLocale: en-US\nManifestType: version\n{tail}"
    installer_yaml = (
        f"{head}InstallerType: zip\nNestedInstallerType: portable\n"
        "NestedInstallerFiles:\n  - RelativeFilePath: cairn.exe\n    PortableCommandAlias: cairn\n"
        "Scope: user\nInstallModes:\n  - silent\nUpgradeBehavior: uninstallPrevious\n"
        "Installers:\n"
        f"  - Architecture: x64\n    InstallerUrl: {url}\n    InstallerSha256: {sha.upper()}\n"
        f"ManifestType: installer\n{tail}"
    )
    locale_yaml = (
        f"{head}PackageLocale: en-US\nPublisher: cairn contributors\nPackageName: cairn\n"
        f"License: {pkg['license']}\nShortDescription: {pkg['description']}\n"
        f"PackageUrl: {pkg.get('homepage', pkg['repository'])}\n"
        "Tags:\n  - public-sector\n  - innovation\n  - journal\n  - terminal\n"
        f"ManifestType: defaultLocale\n{tail}"
    )
    return {
        f"{ident}.yaml": version_yaml,
        f"{ident}.installer.yaml": installer_yaml,
        f"{ident}.locale.en-US.yaml": locale_yaml,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", required=True, help="the released version, such as 0.2.0")
    parser.add_argument("--sums", required=True, help="the release's sha256.sum")
    parser.add_argument("--out", default="pkg", help="where to write the manifests")
    args = parser.parse_args()
    version = args.version.lstrip("v")
    if not re.fullmatch(r"\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?", version):
        sys.exit(f"{args.version!r} is not a version such as 0.2.0")
    sums = read_sums(args.sums)
    if WINDOWS_ZIP not in sums:
        sys.exit(f"{args.sums} has no line for {WINDOWS_ZIP}: is it the release's sha256.sum?")
    pkg = package()
    url = f"{pkg['repository'].rstrip('/')}/releases/download/v{version}/{WINDOWS_ZIP}"
    sha = sums[WINDOWS_ZIP]
    out = Path(args.out)
    (out / "scoop").mkdir(parents=True, exist_ok=True)
    (out / "scoop" / "cairn.json").write_text(
        json.dumps(scoop(pkg, version, url, sha), indent=2) + "\n"
    )
    wdir = out / "winget" / "manifests" / "c" / "Cairn" / "Cairn" / version
    wdir.mkdir(parents=True, exist_ok=True)
    for name, text in winget(pkg, version, url, sha).items():
        (wdir / name).write_text(text)
    print(f"wrote {out / 'scoop' / 'cairn.json'} and {wdir}/ (3 files)")


if __name__ == "__main__":
    main()
