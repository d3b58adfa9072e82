"""Translations: Indonesian source text -> English.

    python scripts/build_translations.py update   # pyside6-lupdate over ui/ and desktop/, fill
    python scripts/build_translations.py release  # pyside6-lrelease -> simpul_en.qm (generated)
    python scripts/build_translations.py          # both

`update` keeps every translation already in the .ts file and fills the unfinished ones from
resources/translations/en_glossary.json (source text -> English), the list the team maintains.
pyside6-lupdate's Python parser puts calls through a module's `_tr` helper in an empty context
and mislabels `self.tr(text, "", n)`; both are corrected here from the source file, so the
contexts match what the code asks for at run time.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "simpul_en.ts"
QM = TS.with_suffix(".qm")
GLOSSARY = ROOT / "resources" / "translations" / "en_glossary.json"
SOURCES = ("ui", "desktop")
BIN = Path(sys.executable).parent


def python_sources() -> list[str]:
    files = sorted(p for d in SOURCES for p in (ROOT / d).rglob("*.py"))
    return [str(p.relative_to(ROOT)) for p in files]


def update() -> None:
    # Locations are needed to fix the contexts; `fill` drops them afterwards, so the file
    # does not churn with every edit of a source line.
    cmd = [str(BIN / "pyside6-lupdate"), "-tr-function-alias", "tr+=_tr", "-locations", "absolute"]
    cmd += ["-source-language", "id", "-target-language", "en", *python_sources(), "-ts", str(TS)]
    subprocess.run(cmd, cwd=ROOT, check=True)
    tree = ET.parse(TS)
    fix_contexts(tree.getroot())
    filled, missing = fill(tree.getroot(), json.loads(GLOSSARY.read_text(encoding="utf-8")))
    ET.indent(tree)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    print(f"{TS.name}: {filled} filled from the glossary, {len(missing)} without English")
    for text in missing:
        print(f"  missing: {text!r}")


@cache
def _lines(filename: str) -> list[str]:
    # lupdate writes locations relative to the .ts file.
    return (TS.parent / filename).resolve().read_text(encoding="utf-8").splitlines()


def _right_context(filename: str, line: int) -> str | None:
    lines = _lines(filename)
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "self.tr(" in text:
        for previous in reversed(lines[: line - 1]):
            m = re.match(r"class (\w+)", previous)
            if m:
                return m.group(1)
    source = "\n".join(lines)
    m = re.search(r"def _tr\(.*?\n(?:.*\n){0,3}?.*translate\(\s*\"([^\"]+)\"", source)
    return m.group(1) if m else None


def fix_contexts(root: ET.Element) -> None:
    """Move each message to the context the code uses at run time."""
    by_name = {c.findtext("name") or "": c for c in root.findall("context")}
    for context in list(root.findall("context")):
        name = context.findtext("name") or ""
        if name and not name.endswith(".self"):
            continue
        for message in list(context.findall("message")):
            loc = message.find("location")
            if loc is None:
                continue
            right = _right_context(loc.get("filename", ""), int(loc.get("line", "0")))
            if not right or right == name:
                continue
            target = by_name.get(right)
            if target is None:
                target = ET.SubElement(root, "context")
                ET.SubElement(target, "name").text = right
                by_name[right] = target
            context.remove(message)
            existing = _find(target, message.findtext("source") or "")
            if existing is None:
                target.append(message)
            else:
                _revive(existing)
        if not context.findall("message"):
            root.remove(context)


def _find(context: ET.Element, source: str) -> ET.Element | None:
    return next((m for m in context.findall("message") if m.findtext("source") == source), None)


def _revive(message: ET.Element) -> None:
    """lupdate marked it vanished only because it looked in the wrong context."""
    tr = message.find("translation")
    if tr is not None and tr.get("type") in ("vanished", "obsolete"):
        if tr.text or list(tr):
            tr.attrib.pop("type", None)
        else:
            tr.set("type", "unfinished")


def fill(root: ET.Element, glossary: dict[str, str]) -> tuple[int, list[str]]:
    filled, missing = 0, []
    for message in root.iter("message"):
        for loc in message.findall("location"):
            message.remove(loc)
        source = message.findtext("source") or ""
        tr = message.find("translation")
        assert tr is not None
        if tr.get("type") != "unfinished":
            continue  # translated (or vanished) already: the .ts file wins over the glossary
        english = glossary.get(source)
        if english is None:
            missing.append(source)
            continue
        _set_translation(message, tr, english)
        filled += 1
    return filled, missing


def _set_translation(message: ET.Element, tr: ET.Element, english: str) -> None:
    """`a|b` in the glossary = singular|plural. lupdate misses the count passed through a
    `_tr(text, n)` helper, so any source with %n is made a plural message here."""
    tr.attrib.pop("type", None)
    for child in list(tr):
        tr.remove(child)
    tr.text = None
    source = message.findtext("source") or ""
    if "%n" not in source:
        tr.text = english
        return
    message.set("numerus", "yes")
    singular, _, plural = english.partition("|")
    for form in (singular, plural or singular):
        ET.SubElement(tr, "numerusform").text = form


def release() -> None:
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(QM)], cwd=ROOT, check=True)


def main(argv: list[str]) -> int:
    steps = argv[1:] or ["update", "release"]
    for step in steps:
        {"update": update, "release": release}[step]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
