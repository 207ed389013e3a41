#!/usr/bin/env python3
"""Generate N distinct news articles for scale measurements (bench/scale).

usage: gen_articles.py DATA_DIR OUT_DIR N [--seed S] [--layout files|jsonl]
                       [--per-file K]

DATA_DIR is ../shared/data. Each article is new text assembled from sentences
of different real articles of DATA_DIR/news-sample (zh, ja and en in the
sample's own proportions), so term frequencies follow real news, while no two
articles are the same (no duplicate collapsing skews the figures). Each has a
title (a sentence of its language), a date spread uniformly over 2000-2024,
and a body of 4-30 sentences; one article in ten mixes in a paragraph of
another language, as bilingual bulletins do.

--layout files (default): OUT_DIR/NNNN/NNNNNNN.txt, 1,000 files a directory,
    each "URL / timestamp / title / body" as livedoor publishes them.
--layout jsonl: OUT_DIR/NNNNNN.jsonl with --per-file articles a file (default
    1,000), one JSON object a line: url, date, title, body.
Deterministic for a given DATA_DIR, N and seed.
"""
import argparse
import json
import os
import random
import re
import sys

SENTENCE_END = {
    "zh": re.compile(r"(?<=[。！？])"),
    "ja": re.compile(r"(?<=[。！？])"),
    "en": re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])"),
}


def sentences(data_dir):
    """Sentences per language, from the news sample's articles (header lines dropped)."""
    out = {"zh": [], "ja": [], "en": []}
    for lang in out:
        folder = os.path.join(data_dir, "news-sample", lang)
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                lines = [l.strip() for l in f.read().splitlines()]
            # Skip the livedoor-style header (URL, timestamp) if present.
            lines = [l for l in lines if l and not l.startswith("http") and not re.match(r"^\d{4}-\d\d-\d\dT", l)]
            for line in lines[1:]:
                for s in SENTENCE_END[lang].split(line):
                    s = s.strip()
                    if 8 <= len(s) <= 400:
                        out[lang].append(s)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir")
    ap.add_argument("out_dir")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--layout", choices=["files", "jsonl"], default="files")
    ap.add_argument("--per-file", type=int, default=1000)
    args = ap.parse_args()

    pool = sentences(args.data_dir)
    # The sample's language proportions, by article count.
    weights = {lang: len(os.listdir(os.path.join(args.data_dir, "news-sample", lang))) for lang in pool}
    langs = [l for l in ("zh", "ja", "en") if pool[l]]
    lang_weights = [weights[l] for l in langs]
    rng = random.Random(args.seed)
    os.makedirs(args.out_dir, exist_ok=True)
    total_bytes = 0
    sink = None
    for i in range(args.n):
        lang = rng.choices(langs, lang_weights)[0]
        title = rng.choice(pool[lang]).rstrip("。.!?！？")[:80]
        body = []
        for _ in range(rng.randint(4, 30)):
            body.append(rng.choice(pool[lang]))
        paragraphs = []
        sep = "" if lang in ("zh", "ja") else " "
        while body:
            k = rng.randint(1, 5)
            paragraphs.append(sep.join(body[:k]))
            body = body[k:]
        if rng.random() < 0.1:
            other = rng.choice([l for l in langs if l != lang])
            paragraphs.insert(rng.randint(0, len(paragraphs)), rng.choice(pool[other]))
        # A unique marker keeps every article distinct even where sentences repeat.
        paragraphs.append(f"[{lang}-{args.seed}-{i}]")
        day = rng.randrange(0, 25 * 365)
        year, rest = 2000 + day // 365, day % 365
        month, mday = 1 + rest // 31 % 12, 1 + rest % 28
        date = f"{year:04d}-{month:02d}-{mday:02d}"
        url = f"https://news.example.org/{lang}/{year:04d}{month:02d}{mday:02d}/{i}.html"
        if args.layout == "files":
            path = os.path.join(args.out_dir, f"{i // 1000:04d}", f"{i:07d}.txt")
            if i % 1000 == 0:
                os.makedirs(os.path.dirname(path), exist_ok=True)
            text = f"{url}\n{date}T{rng.randrange(24):02d}:00:00+0900\n{title}\n\n" + "\n\n".join(paragraphs) + "\n"
            data = text.encode("utf-8")
            with open(path, "wb") as f:
                f.write(data)
        else:
            if i % args.per_file == 0:
                if sink:
                    sink.close()
                sink = open(os.path.join(args.out_dir, f"{i // args.per_file:06d}.jsonl"), "wb")
            data = (json.dumps({"url": url, "date": date, "title": title, "body": "\n\n".join(paragraphs)},
                               ensure_ascii=False) + "\n").encode("utf-8")
            sink.write(data)
        total_bytes += len(data)
    if sink:
        sink.close()
    print(f"gen_articles: {args.n} articles, {total_bytes / 1e6:.1f} MB in {args.out_dir} ({args.layout})",
          file=sys.stderr)


if __name__ == "__main__":
    main()
