#!/usr/bin/env python3
"""Titles and dates against what the publisher says (issue 13).

Usage: bench/eval_titles_dates.py HANIDX [LIVEDOOR_DIR] [NEWS_SAMPLE_DIR]
  (defaults: ../shared/data/formats/livedoor and ../shared/data/news-sample)

- livedoor layout (line 1 URL, line 2 timestamp, line 3 title): the title must
  be line 3 and the date line 2's date.
- news-sample (MANIFEST.tsv: title_present, no dates): where the manifest says
  the file has its title, the title must be its first non-empty line; no file
  carries a publication date (the sources kept none), so a date is a date
  taken from the body: the fraction left undated is the score.
Reads the data at run time; nothing of it is copied.
"""
import json
import os
import subprocess
import sys


def detect(hanidx, paths):
    out = subprocess.run([hanidx, "detect", "--format", "json", *paths], capture_output=True, text=True).stdout
    return {o["path"]: o for o in map(json.loads, out.splitlines())}


def first_line(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip().lstrip("\ufeff").strip("\u3000 ")
            if line:
                return line
    return ""


def main():
    hanidx = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    livedoor = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "../../shared/data/formats/livedoor")
    sample = sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, "../../shared/data/news-sample")

    files = sorted(os.path.join(livedoor, f) for f in os.listdir(livedoor) if f.endswith(".txt") and f != "LICENSE.txt")
    got = detect(hanidx, files)
    titles = dates = 0
    for f in files:
        lines = open(f, encoding="utf-8").read().split("\n")
        o = got.get(f, {})
        titles += o.get("title") == lines[2].strip()
        dates += o.get("date") == lines[1][:10]
    print(f"livedoor: {len(files)} articles, title == line 3: {titles}/{len(files)}, date == line 2: {dates}/{len(files)}")

    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(sample, "MANIFEST.tsv"), encoding="utf-8")][1:]
    paths = [os.path.join(sample, r[1]) for r in rows]
    got = detect(hanidx, paths)
    by_lang = {}
    for r, p in zip(rows, paths):
        lang, present = r[0], r[6] == "1"
        s = by_lang.setdefault(lang, [0, 0, 0, 0])  # titled files, titles right, files, undated
        o = got.get(p, {})
        s[2] += 1
        s[3] += o.get("date") is None
        if present:
            s[0] += 1
            s[1] += o.get("title") == first_line(p)
    tt = sum(s[0] for s in by_lang.values())
    tr = sum(s[1] for s in by_lang.values())
    n = sum(s[2] for s in by_lang.values())
    und = sum(s[3] for s in by_lang.values())
    for lang, s in sorted(by_lang.items()):
        print(f"news-sample {lang}: title == first line {s[1]}/{s[0]}, undated {s[3]}/{s[2]}")
    print(f"news-sample: title == first line {tr}/{tt} ({tr / tt:.1%}), no date from the body {und}/{n} ({und / n:.1%})")


main()
