#!/usr/bin/env python3
"""Multi-article files on the published samples in ../shared/data/formats: for the
Reuters-21578 .sgm and the SogouCS .dat file, how many articles the file has (counted
here with regular expressions, independently of hanidx), how many documents hanidx
indexes, how many titles equal <TITLE> / <contenttitle>, how many dates equal <DATE> /
the date in <url>, and how many articles their quoted title finds (FILE#N among the hits,
or a duplicate of it, which search shows once).

Usage: bench/eval_dumps.py [HANIDX] [DATA_DIR]   (defaults: build/cli/hanidx, ../shared/data/formats)
"""
import datetime, html, json, os, re, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
H = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build/cli/hanidx")
data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "..", "shared", "data", "formats")
reuters = os.path.realpath(os.path.join(data, "reuters/reut2-021.sgm"))
sogou = os.path.realpath(os.path.join(data, "sogou/news_tensite_xml.smarty.dat"))


def run(*args):
    return subprocess.run([H, *args], capture_output=True, text=True)


def detect(path):
    return {int(r["path"].rsplit("#", 1)[1]): r
            for r in map(json.loads, run("detect", "--format", "json", path).stdout.splitlines())}


def spaces(s):  # ASCII white space only: U+3000 belongs to SogouCS titles
    return re.sub(r"[ \t\r\n]+", " ", s).strip()


def title_search(db, recs):
    found = dup = titled = 0
    for r in recs.values():
        if not r["title"]:
            continue
        titled += 1
        hits = run("search", "--db", db, "--format", "paths", "--limit", "0", "--",
                   '"' + r["title"].replace('"', " ") + '"').stdout.split("\n")
        if r["path"] in hits:
            found += 1
        else:
            shown = run("show", "--no-text", "--format", "json", "--db", db, r["path"]).stdout
            if shown and any(p in hits for p in json.loads(shown)["duplicates"]):
                dup += 1
    return titled, found, dup


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "db")
    print(run("index", "--db", db, reuters, sogou).stderr.strip())

    raw = open(reuters, encoding="latin-1").read()
    arts = re.findall(r"<REUTERS.*?</REUTERS>", raw, re.S)
    recs = detect(reuters)
    with_title = same_title = same_date = 0
    for i, a in enumerate(arts, 1):
        r = recs.get(i)
        t = re.search(r"<TITLE>(.*?)</TITLE>", a, re.S)
        if t:
            with_title += 1
            want = " ".join(html.unescape(re.sub(r"&#\d+;", "", t.group(1))).split())
            same_title += bool(r and r["title"] == want)
        d = re.search(r"<DATE>\s*(\d+)-(\w+)-(\d{4})", a)
        if d and r:
            day = datetime.datetime.strptime(f"{d.group(1)}-{d.group(2).title()}-{d.group(3)}", "%d-%b-%Y")
            same_date += r["date"] == day.date().isoformat()
    titled, found, dup = title_search(db, recs)
    print(f"{reuters}: {len(arts)} <REUTERS> articles, {len(recs)} documents; "
          f"{same_title}/{with_title} titles equal <TITLE>; {same_date}/{len(arts)} dates equal <DATE>; "
          f"quoted title finds FILE#N: {found}/{titled} (+{dup} found as a duplicate shown once)")

    raw = open(sogou, "rb").read().decode("gb18030", errors="replace")
    docs = re.findall(r"<doc>.*?</doc>", raw, re.S)
    recs = detect(sogou)
    with_title = same_title = url_dates = same_date = 0
    for i, a in enumerate(docs, 1):
        r = recs.get(i)
        t = re.search(r"<contenttitle>(.*?)</contenttitle>", a, re.S)
        if t and t.group(1).strip():
            with_title += 1
            same_title += bool(r and r["title"] == spaces(t.group(1)))
        u = re.search(r"<url>(.*?)</url>", a, re.S).group(1)
        m = re.search(r"/(\d{4})(\d{2})(\d{2})/", u) or re.search(r"/(\d{4})-(\d{2})-(\d{2})/", u)
        if m:
            url_dates += 1
            same_date += bool(r and r["date"] == "-".join(m.groups()))
    titled, found, dup = title_search(db, recs)
    print(f"{sogou}: {len(docs)} <doc> articles, {len(recs)} documents; "
          f"{same_title}/{with_title} titles equal <contenttitle>; {same_date}/{url_dates} dates equal the "
          f"date in <url> ({len(docs) - url_dates} urls have none); "
          f"quoted title finds FILE#N: {found}/{titled} (+{dup} found as a duplicate shown once)")
