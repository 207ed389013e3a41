#!/usr/bin/env python3
"""Assemble the benchmark corpus and its query file from ../shared/data.

usage: make_corpus.py DATA_DIR OUT_DIR [--min-mb N] [--only zh|news]

One repetition (base/) holds:
  news/{zh,ja,en}/NNNNNN.txt   the news sample, byte for byte
  sighan/{pku,msr,as,cityu}/NNNN.txt
                               the SIGHAN 2005 raw UTF-8 test text cut at line
                               ends into article-sized files (~2.5 kB, CRLF and
                               the cityu BOM kept)
  ud/{zh,ja}/NNNN.txt          the UD dev raw text, 20 sentences a file
The corpus is that repetition copied (hard links) into rep01/, rep02/, ...
until it holds at least --min-mb MB (10^6 bytes): REPEATED TEXT, said so in
OUT_DIR/README (no .txt extension, so no tool indexes it).

--only zh    keeps the Chinese parts only (news/zh, sighan, ud/zh): the
             second corpus of bench/run --corpus zh.
Also writes OUT_DIR.queries.txt: queries drawn from the text (zh, ja, en),
deterministically, one a line.
"""
import os
import random
import re
import shutil
import sys

ARTICLE_BYTES = 2500


def cut_lines(path, size):
    """Split a file at line ends into chunks of at least size bytes."""
    with open(path, "rb") as f:
        data = f.read()
    lines = data.splitlines(keepends=True)
    chunk, n = [], 0
    for line in lines:
        chunk.append(line)
        n += len(line)
        if n >= size:
            yield b"".join(chunk)
            chunk, n = [], 0
    if chunk:
        yield b"".join(chunk)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def build_base(data, base, only):
    langs = ["zh"] if only else ["zh", "ja", "en"]
    for lang in langs:
        src = os.path.join(data, "news-sample", lang)
        for name in sorted(os.listdir(src)):
            if name.endswith(".txt"):
                with open(os.path.join(src, name), "rb") as f:
                    write(os.path.join(base, "news", lang, name), f.read())
    for corpus in ("pku", "msr", "as", "cityu"):
        src = os.path.join(data, "sighan2005", "testing", corpus + "_test.utf8")
        for i, chunk in enumerate(cut_lines(src, ARTICLE_BYTES)):
            write(os.path.join(base, "sighan", corpus, "%04d.txt" % i), chunk)
    for lang, name in (("zh", "zh_gsdsimp-dev.raw.txt"), ("ja", "ja_gsd-dev.raw.txt")):
        if lang not in langs:
            continue
        with open(os.path.join(data, "ud", name), "rb") as f:
            lines = f.read().splitlines(keepends=True)
        for i in range(0, len(lines), 20):
            write(os.path.join(base, "ud", lang, "%04d.txt" % (i // 20)), b"".join(lines[i:i + 20]))


def tree_bytes(top):
    n = 0
    for d, _, files in os.walk(top):
        for f in files:
            n += os.path.getsize(os.path.join(d, f))
    return n


def link_tree(src, dst):
    for d, _, files in os.walk(src):
        rel = os.path.relpath(d, src)
        os.makedirs(os.path.join(dst, rel), exist_ok=True)
        for f in files:
            a, b = os.path.join(d, f), os.path.join(dst, rel, f)
            try:
                os.link(a, b)
            except OSError:
                shutil.copyfile(a, b)


HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
KANA_WORD = re.compile(r"[\u30a1-\u30fa\u30fc]{3,}|[\u4e00-\u9fff]{2,}[\u3040-\u309f]{1,2}")
EN_WORD = re.compile(r"\b[A-Za-z][a-z]{3,}\b")


def draw_queries(data, only, rng):
    """Queries drawn from the text: words and substrings that cross word
    boundaries (zh, ja), words and two-word phrases (en)."""
    out = []

    def sample(pool, k):
        pool = sorted(set(pool))
        return rng.sample(pool, min(k, len(pool)))

    def read(p):
        with open(os.path.join(data, p), encoding="utf-8-sig") as f:
            return f.read()

    zh_seg = read("ud/zh_gsdsimp-dev.seg.txt").split()
    out += sample([w for w in zh_seg if HAN.fullmatch(w) and len(w) >= 2], 8)
    zh_raw = read("sighan2005/testing/msr_test.utf8")
    runs = [m.group(0) for m in HAN.finditer(zh_raw) if len(m.group(0)) >= 6]
    out += [r[1:4] for r in sample(runs, 6)]       # 3 chars across word boundaries
    as_raw = read("sighan2005/testing/as_test.utf8")   # traditional
    runs = [m.group(0) for m in HAN.finditer(as_raw) if len(m.group(0)) >= 5]
    out += [r[1:3] for r in sample(runs, 3)] + [r[:4] for r in sample(runs, 3)]
    if not only:
        ja_seg = read("ud/ja_gsd-dev.seg.txt").split()
        out += sample([w for w in ja_seg if KANA_WORD.fullmatch(w)], 8)
        ja_news = "".join(read(os.path.join("news-sample/ja", n))
                          for n in sorted(os.listdir(os.path.join(data, "news-sample/ja")))[:40])
        out += sample(KANA_WORD.findall(ja_news), 6)
        en = "".join(read(os.path.join("news-sample/en", n))
                     for n in sorted(os.listdir(os.path.join(data, "news-sample/en")))[:60])
        words = EN_WORD.findall(en)
        out += sample(words, 8)
        out += sample(re.findall(r"\b[a-z]{4,} [a-z]{4,}\b", en), 4)
    seen, res = set(), []
    for q in out:
        if q not in seen:
            seen.add(q)
            res.append(q)
    return res


def main():
    args = sys.argv[1:]
    min_mb, only = 50.0, None
    if "--min-mb" in args:
        i = args.index("--min-mb")
        min_mb = float(args[i + 1])
        del args[i:i + 2]
    if "--only" in args:
        i = args.index("--only")
        only = args[i + 1]
        del args[i:i + 2]
        if only != "zh":
            sys.exit("make_corpus: --only takes zh")
    if len(args) != 2:
        sys.exit(__doc__)
    data, out = args
    base = out + ".base"
    shutil.rmtree(base, ignore_errors=True)
    build_base(data, base, only)
    per = tree_bytes(base)
    reps = max(1, -(-int(min_mb * 1e6) // per))
    readme = ("REPEATED TEXT. Benchmark corpus made by hanidx bench/make_corpus.py from %s%s:\n"
              "one repetition of %d bytes (news sample; SIGHAN 2005 raw test text and UD dev raw\n"
              "text cut into article-sized files), copied %d times as rep01/ .. rep%02d/.\n"
              "Every article therefore occurs %d times.\n"
              % (data, " (Chinese only)" if only else "", per, reps, reps, reps))
    try:
        with open(os.path.join(out, "README"), encoding="utf-8") as f:
            same = f.read() == readme and tree_bytes(out) == per * reps + len(readme.encode())
    except OSError:
        same = False
    if same:  # keep the files (and their mtimes) of the last run
        shutil.rmtree(base)
    else:
        shutil.rmtree(out, ignore_errors=True)
        for r in range(1, reps + 1):
            link_tree(base, os.path.join(out, "rep%02d" % r))
        shutil.rmtree(base)
        with open(os.path.join(out, "README"), "w", encoding="utf-8") as f:
            f.write(readme)
    rng = random.Random(5)
    with open(out + ".queries.txt", "w", encoding="utf-8") as f:
        for q in draw_queries(data, only, rng):
            f.write(q + "\n")
    print("%s: %d repetitions of %d bytes = %.1f MB" % (out, reps, per, reps * per / 1e6))


if __name__ == "__main__":
    main()
