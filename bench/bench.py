#!/usr/bin/env python3
"""hanidx against the peers, side by side (driven by bench/run; see bench/README.md).

usage: bench.py --hanidx BIN --out DIR [--queries FILE]... [--peers LIST] [--reuse-peers]
                [--repeat N] [--scale] [--readme FILE] [--label TEXT] CORPUS_DIR

hanidx is measured with the peers harness's own helpers (../shared/peers/harness.py:
/usr/bin/time -v, allocated blocks, one process per query, median of REPEAT runs),
the peers through ../shared/peers/run.sh into the same OUT_DIR, so that score.py
scores hanidx.hits.tsv with the peers' hits against the same truth.
"""
import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS_DIR = os.path.join(ROOT, "..", "shared", "peers")
sys.path.insert(0, PEERS_DIR)
import harness  # noqa: E402  (timed, disk_usage, pct, list_txt: the peers' own measurement)

DEFAULT_PEERS = "groonga,sqlite-trigram,xapian-omega,recoll,ripgrep"


def log(msg):
    print("[bench] " + msg, file=sys.stderr, flush=True)


def read_queries(paths):
    seen, out = set(), []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                q = line.rstrip("\r\n").replace("\t", " ")
                if q.strip() and q not in seen:
                    seen.add(q)
                    out.append(q)
    return out


def index_flags(binary):
    """Options of `hanidx index` that the benchmark wants when this build has them."""
    helptext = subprocess.run([binary, "index", "--help"], capture_output=True, text=True).stdout
    flags = ["--quiet"]
    if "--compact" in helptext:
        flags.append("--compact")
    return flags + os.environ.get("HANIDX_INDEX_ARGS", "").split()


def cpu_seconds(timefile):
    """User + system seconds from a /usr/bin/time -v report, or None."""
    try:
        with open(timefile, encoding="utf-8", errors="replace") as f:
            t = {k.strip(): v.strip() for k, _, v in (l.partition(": ") for l in f)}
        return float(t["User time (seconds)"]) + float(t["System time (seconds)"])
    except (OSError, KeyError, ValueError):
        return None


def link_subset(corpus, dst, keep):
    """Hard-link (else copy) the .txt files for which keep(i, rel) holds into dst."""
    shutil.rmtree(dst, ignore_errors=True)
    files = harness.list_txt(corpus)
    for i, rel in enumerate(files):
        if not keep(i, rel):
            continue
        a, b = os.path.join(corpus, rel), os.path.join(dst, rel)
        os.makedirs(os.path.dirname(b), exist_ok=True)
        try:
            os.link(a, b)
        except OSError:
            shutil.copyfile(a, b)
    return dst


class Hanidx:
    def __init__(self, binary, corpus, out, repeat):
        self.bin = binary
        self.corpus = corpus
        self.real = os.path.realpath(corpus)
        self.out = out
        self.repeat = repeat
        self.logdir = os.path.join(out, "logs")
        self.db = os.path.join(out, "index", "hanidx", "db")
        self.flags = index_flags(binary)
        self.env = dict(os.environ, LC_ALL="C.UTF-8")

    def index(self, db, paths, tag):
        cmd = [self.bin, "index", "--db", db] + self.flags + paths
        wall, rss, rc = harness.timed(cmd, env=self.env, logpath=os.path.join(self.logdir, "hanidx.%s.log" % tag))
        if rc not in (0, 1):
            log("hanidx index (%s) exited %d, see logs/hanidx.%s.log" % (tag, rc, tag))
        return wall, (rss or 0) * 1024 / 1e6

    def search(self, q, db=None):
        phrase = '"' + q.replace('"', " ") + '"'
        return [self.bin, "search", "--db", db or self.db, "--format", "paths", "--limit", "0", "--all-duplicates", phrase]

    def run_queries(self, queries):
        hits, lat = {}, {q: [] for q in queries}
        for r in range(self.repeat):
            for q in queries:
                t0 = time.perf_counter()
                pr = subprocess.run(self.search(q), env=self.env, stdin=subprocess.DEVNULL, capture_output=True)
                lat[q].append((time.perf_counter() - t0) * 1000.0)
                if r == 0:
                    if pr.returncode not in (0, 1):
                        log("hanidx: query %r rc=%d: %s" % (q, pr.returncode, pr.stderr.decode("utf-8", "replace")[:200]))
                    rels = set()
                    for line in pr.stdout.decode("utf-8", "surrogateescape").splitlines():
                        rels.add(os.path.relpath(line, self.real) if line.startswith("/") else line)
                    hits[q] = sorted(rels)
        with open(os.path.join(self.out, "hanidx.hits.tsv"), "w", encoding="utf-8") as f:
            for q in queries:
                for p in hits[q]:
                    f.write("%s\t%s\n" % (q, p))
        med = {q: statistics.median(v) for q, v in lat.items()}
        with open(os.path.join(self.out, "hanidx.latency.tsv"), "w", encoding="utf-8") as f:
            f.write("query\tmedian_ms\tmin_ms\thits\n")
            for q in queries:
                f.write("%s\t%.2f\t%.2f\t%d\n" % (q, med[q], min(lat[q]), len(hits[q])))
        vals = list(med.values())
        return harness.pct(vals, 50), harness.pct(vals, 95)

    def startup(self, runs=30):
        """Process time of a one-term search on a one-document database, and of
        `hanidx --version`: the cost of starting, not of searching."""
        tiny = os.path.join(self.out, "index", "hanidx-tiny")
        shutil.rmtree(tiny, ignore_errors=True)
        os.makedirs(os.path.join(tiny, "doc"))
        with open(os.path.join(tiny, "doc", "a.txt"), "w", encoding="utf-8") as f:
            f.write("医院\n\n病院の様子。The hospital.\n")
        subprocess.run([self.bin, "index", "--quiet", "--db", os.path.join(tiny, "db"), os.path.join(tiny, "doc")],
                       env=self.env, check=True)
        res = {}
        for name, cmd in (("version", [self.bin, "--version"]),
                          ("search_tiny", self.search("医院", os.path.join(tiny, "db")))):
            ts = []
            for _ in range(runs):
                t0 = time.perf_counter()
                subprocess.run(cmd, env=self.env, stdin=subprocess.DEVNULL, capture_output=True)
                ts.append((time.perf_counter() - t0) * 1000.0)
            res[name] = statistics.median(ts)
        return res


def interleaved(h, corpus, out, queries, repeat):
    """hanidx search and omega's quest on each query back to back, so that the
    load of a shared machine weighs on both alike: (hanidx median, p95, quest
    median, p95) over the queries' medians, or None without omega's index."""
    idx = os.path.join(out, "index", "xapian-omega")
    if not os.path.isdir(os.path.join(idx, "db")):
        return None
    omega = harness.PEER_CLASSES["xapian-omega"](corpus, idx, os.path.join(out, "logs"))
    lat = {"hanidx": {q: [] for q in queries}, "quest": {q: [] for q in queries}}
    cpu = {"hanidx": {q: [] for q in queries}, "quest": {q: [] for q in queries}}
    for _ in range(repeat):
        for q in queries:
            for name, cmd, env in (("hanidx", h.search(q), h.env), ("quest", omega.query_cmd(q)[0], omega.env)):
                r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.perf_counter()
                subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True)
                lat[name][q].append((time.perf_counter() - t0) * 1000.0)
                r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name][q].append((r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) * 1000.0)
    res = []
    for d in (lat, cpu):
        for name in ("hanidx", "quest"):
            meds = [statistics.median(v) for v in d[name].values()]
            res += [harness.pct(meds, 50), harness.pct(meds, 95)]
    log("interleaved search: hanidx median %.2f p95 %.2f ms, quest median %.2f p95 %.2f ms; "
        "CPU ms: hanidx median %.2f p95 %.2f, quest median %.2f p95 %.2f" % tuple(res))
    return tuple(res)


def read_summary(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        for line in f:
            vals = line.rstrip("\n").split("\t")
            rows[vals[0]] = dict(zip(head, vals))
    return rows


def num(x):
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v


def fmt(v, digits=2):
    if v is None:
        return "NA"
    if abs(v) >= 100:
        return "%.0f" % v
    return ("%." + str(digits) + "f") % v


def machine():
    lines = ["nproc: " + subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()]
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
    lines += [l.strip() for l in lscpu[:10]]
    for l in open("/proc/meminfo"):
        if l.startswith("MemTotal"):
            lines.append("memory: %.1f GB" % (int(l.split()[1]) / 1e6))
    lines.append("load average before the run: " + " ".join("%.2f" % x for x in os.getloadavg()))
    lines.append("kernel: " + platform.release())
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--hanidx", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--queries", action="append", default=[])
    ap.add_argument("--peers", default=os.environ.get("PEERS", DEFAULT_PEERS))
    ap.add_argument("--reuse-peers", action="store_true")
    ap.add_argument("--repeat", type=int, default=int(os.environ.get("REPEAT", "3")))
    ap.add_argument("--scale", action="store_true")
    ap.add_argument("--table-only", action="store_true")
    ap.add_argument("--readme")
    ap.add_argument("--section", default="")
    ap.add_argument("--label", default="")
    a = ap.parse_args()

    corpus = os.path.abspath(a.corpus)
    out = os.path.abspath(a.out)
    os.makedirs(os.path.join(out, "logs"), exist_ok=True)
    qfile = os.path.join(out, "queries.txt")
    queries = read_queries(a.queries)
    with open(qfile, "w", encoding="utf-8") as f:
        f.write("".join(q + "\n" for q in queries))
    files = harness.list_txt(corpus)
    corpus_bytes = sum(os.path.getsize(os.path.join(corpus, r)) for r in files)
    mach = machine()
    log("corpus %s: %d files, %.1f MB; %d queries; hanidx %s" % (corpus, len(files), corpus_bytes / 1e6,
                                                                 len(queries), a.hanidx))
    t_start = time.perf_counter()

    # --- hanidx (measured, or with --table-only read back from hanidx.json)
    h = Hanidx(a.hanidx, corpus, out, a.repeat)
    saved = os.path.join(out, "hanidx.json")
    if a.table_only:
        with open(saved, encoding="utf-8") as f:
            m = json.load(f)
        docs, wall, rss, alloc, rerun = m["docs"], m["wall"], m["rss"], m["alloc"], m["rerun"]
        rss_1x, rss_4x, scale_desc, med, p95, start = (m["rss_1x"], m["rss_4x"], m["scale_desc"], m["med"],
                                                       m["p95"], m["start"])
        h.flags = m["flags"]
    else:
        shutil.rmtree(os.path.dirname(h.db), ignore_errors=True)
        os.makedirs(os.path.dirname(h.db))
        log("hanidx index %s" % " ".join(h.flags))
        wall, rss = h.index(h.db, [corpus], "index")
        alloc, appar = harness.disk_usage([h.db])
        docs = int(subprocess.run(["xapian-delve", h.db], capture_output=True, text=True).stdout
                   .split("number of documents = ")[1].split()[0]) if shutil.which("xapian-delve") else -1
        log("hanidx: %d docs in %.2f s (%.2f MB/s), peak RSS %.1f MB, index %.1f MB"
            % (docs, wall, corpus_bytes / 1e6 / wall, rss, alloc / 1e6))
        rerun, _ = h.index(h.db, [corpus], "rerun")
        log("hanidx: re-run with nothing changed %.2f s" % rerun)
        # Peak RSS at two corpus sizes, 4x apart.
        if a.scale:
            big = os.path.join(out, "scale4x")
            shutil.rmtree(big, ignore_errors=True)
            for k in range(4):
                link_subset(corpus, os.path.join(big, "x%d" % (k + 1)), lambda i, rel: True)
            sdb = os.path.join(out, "index", "hanidx-scale", "db")
            shutil.rmtree(os.path.dirname(sdb), ignore_errors=True)
            s_wall, s_rss = h.index(sdb, [big], "scale")
            shutil.rmtree(big, ignore_errors=True)
            shutil.rmtree(os.path.dirname(sdb), ignore_errors=True)
            rss_1x, rss_4x, scale_desc = rss, s_rss, "corpus (1x) vs 4 copies of it (4x, %.1f s)" % s_wall
        else:
            quarter = link_subset(corpus, os.path.join(out, "quarter"), lambda i, rel: i % 4 == 0)
            qdb = os.path.join(out, "index", "hanidx-quarter", "db")
            shutil.rmtree(os.path.dirname(qdb), ignore_errors=True)
            q_wall, q_rss = h.index(qdb, [quarter], "quarter")
            shutil.rmtree(quarter, ignore_errors=True)
            shutil.rmtree(os.path.dirname(qdb), ignore_errors=True)
            rss_1x, rss_4x, scale_desc = q_rss, rss, "every 4th file (1x, %.1f s) vs the corpus (4x)" % q_wall
        log("hanidx: peak RSS 1x %.1f MB, 4x %.1f MB" % (rss_1x, rss_4x))
        med, p95 = h.run_queries(queries)
        log("hanidx: queries median %.2f ms p95 %.2f ms" % (med, p95))
        start = h.startup()
        log("hanidx: start-up: --version %.2f ms, one-term search on a 1-document db %.2f ms"
            % (start["version"], start["search_tiny"]))
        with open(os.path.join(out, "hanidx.summary.tsv"), "w", encoding="utf-8") as f:
            f.write("peer\tdocs\tcorpus_bytes\tindex_s\tMB_per_s\tpeak_rss_MB\tindex_bytes\tmedian_query_ms\tp95_query_ms\n")
            f.write("hanidx\t%d\t%d\t%.3f\t%.3f\t%.1f\t%d\t%.2f\t%.2f\n"
                    % (docs, corpus_bytes, wall, corpus_bytes / 1e6 / wall, rss, alloc, med, p95))

        with open(saved, "w", encoding="utf-8") as f:
            json.dump(dict(docs=docs, wall=wall, rss=rss, alloc=alloc, rerun=rerun, rss_1x=rss_1x,
                           rss_4x=rss_4x, scale_desc=scale_desc, med=med, p95=p95, start=start,
                           flags=h.flags), f)

    # --- peers (and truth + scores for everyone, hanidx included)
    peers = [p for p in a.peers.split(",") if p]
    summary_path = os.path.join(out, "summary.tsv")
    reused = None
    peers_q = os.path.join(out, "peers.queries.txt")
    same_queries = os.path.exists(peers_q) and open(peers_q, encoding="utf-8").read() == "".join(q + "\n" for q in queries)
    if not peers:
        log("no peers: truth and scores only")
        if not os.path.exists(os.path.join(out, "truth.tsv")) or not same_queries:
            subprocess.run([os.path.join(PEERS_DIR, "truth.py"), corpus, qfile, os.path.join(out, "truth.tsv")],
                           check=True)
            shutil.copyfile(qfile, peers_q)
        subprocess.run([os.path.join(PEERS_DIR, "score.py"), os.path.join(out, "truth.tsv"), out, qfile],
                       stdout=open(os.path.join(out, "score.txt"), "w"), check=True)
        open(summary_path, "a").close()
        if not os.path.getsize(summary_path):
            with open(summary_path, "w", encoding="utf-8") as f:
                f.write("peer\tdocs\n")
        if not os.path.exists(os.path.join(out, "extra.tsv")):
            with open(os.path.join(out, "extra.tsv"), "w", encoding="utf-8") as f:
                f.write("peer\tmetric\tvalue\n")
    elif (a.reuse_peers or a.table_only) and same_queries and os.path.exists(summary_path) and \
            set(peers) <= set(read_summary(summary_path)):
        log("reusing the peers' results in %s" % out)
        reused = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(os.path.getmtime(summary_path)))
        subprocess.run([os.path.join(PEERS_DIR, "score.py"), os.path.join(out, "truth.tsv"), out, qfile],
                       stdout=open(os.path.join(out, "score.txt"), "w"), check=True)
    else:
        if a.reuse_peers:
            log("no earlier peers' results for these peers and queries: running them")
        if not shutil.which("groonga") or not shutil.which("omindex") or not shutil.which("recollindex"):
            subprocess.run([os.path.join(PEERS_DIR, "install.sh")], check=True)
        env = dict(os.environ, PEERS=",".join(peers), REPEAT=str(a.repeat))
        log("peers %s through run.sh" % ",".join(peers))
        subprocess.run([os.path.join(PEERS_DIR, "run.sh"), corpus, qfile, out], env=env, check=True,
                       stdout=open(os.path.join(out, "logs", "run.sh.log"), "w"))
        shutil.copyfile(qfile, peers_q)
        for p in peers:  # the peers' indexes are big; omega's serves the interleaved latencies
            if p != "xapian-omega":
                shutil.rmtree(os.path.join(out, "index", p), ignore_errors=True)
    inter = interleaved(h, corpus, out, queries, a.repeat) if "xapian-omega" in peers else None
    if a.table_only and not inter and os.path.exists(saved):
        inter = json.load(open(saved, encoding="utf-8")).get("inter")
    elif inter and os.path.exists(saved):
        m = json.load(open(saved, encoding="utf-8"))
        m["inter"] = inter
        json.dump(m, open(saved, "w", encoding="utf-8"))
    total = time.perf_counter() - t_start

    rows = read_summary(summary_path)
    rows.update(read_summary(os.path.join(out, "hanidx.summary.tsv")))
    scores = read_summary(os.path.join(out, "score.tsv"))
    extra = {}
    with open(os.path.join(out, "extra.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            p, k, v = line.rstrip("\n").split("\t")
            extra[(p, k)] = v

    def fig(peer, key):
        r = rows.get(peer, {})
        if key == "docs_per_s":
            d, s = num(r.get("docs")), num(r.get("index_s"))
            return d / s if d and s else None
        if key == "index_MB":
            b = num(r.get("index_bytes"))
            return b / 1e6 if b else None
        if key in ("recall", "precision"):
            return num(scores.get(peer, {}).get("macro_" + key))
        if key == "cpu_s":
            return cpu.get(peer)
        if key == "cpu_MB_per_s":
            c = cpu.get(peer)
            return corpus_bytes / 1e6 / c if c else None
        if key == "rerun_s":
            return rerun if peer == "hanidx" else None
        return num(r.get(key))

    cpu = {p: cpu_seconds(os.path.join(out, "logs", p + ".index.log.time")) for p in peers}
    cpu["hanidx"] = cpu_seconds(os.path.join(out, "logs", "hanidx.index.log.time"))
    figures = [("index wall s", "index_s", "lower"), ("MB/s", "MB_per_s", "higher"),
               ("index CPU s (user+sys)", "cpu_s", "lower"), ("MB per CPU s", "cpu_MB_per_s", "higher"),
               ("documents/s", "docs_per_s", "higher"), ("peak RSS MB", "peak_rss_MB", "lower"),
               ("index size MB", "index_MB", "lower"), ("re-run unchanged s", "rerun_s", "lower"),
               ("search median ms", "median_query_ms", "lower"), ("search p95 ms", "p95_query_ms", "lower"),
               ("recall (macro)", "recall", "higher"), ("precision (macro)", "precision", "higher")]
    tools = ["hanidx"] + [p for p in peers if p in rows]
    lines = []
    lines.append("corpus: %s (%d files, %.1f MB%s); %d queries, each a fresh process, median of %d runs"
                 % (a.label or corpus, len(files), corpus_bytes / 1e6,
                    ", repeated text: see its README" if os.path.exists(os.path.join(corpus, "README")) else "",
                    len(queries), a.repeat))
    if reused:
        lines.append("the peers' figures are from an earlier run on the same corpus and queries (%s); "
                     "hanidx's from %s" % (reused, "this one" if not a.table_only else "the run of " +
                     time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(os.path.getmtime(saved))) +
                     " (--table-only; the interleaved search figures are measured now)"))
    lines.append("")
    lines.append("| figure | " + " | ".join(tools) + " |")
    lines.append("|---|" + "---:|" * len(tools))
    for label, key, _ in figures:
        lines.append("| %s | " % label + " | ".join(fmt(fig(t, key), 3 if key in ("recall", "precision") else 2)
                                                     for t in tools) + " |")
    lines.append("")
    lines.append("ratio hanidx/peer (for time, RSS and size lower is better; for rates, recall, precision higher)")
    lines.append("")
    lines.append("| figure | " + " | ".join(tools[1:]) + " |")
    lines.append("|---|" + "---:|" * (len(tools) - 1))
    for label, key, _ in figures:
        cells = []
        for t in tools[1:]:
            hv, pv = fig("hanidx", key), fig(t, key)
            cells.append("%.2fx" % (hv / pv) if hv is not None and pv else "NA")
        lines.append("| %s | " % label + " | ".join(cells) + " |")
    lines.append("")
    lines.append("MB/s is wall-clock, as the floors are; MB per CPU second is less sensitive to the load of a "
                 "shared machine (but does not credit a second core).")
    lines.append("hanidx index flags: %s; start-up: `hanidx --version` %.2f ms, one-term search on a "
                 "1-document database %.2f ms (median of 30)" % (" ".join(h.flags), start["version"],
                                                                start["search_tiny"]))
    lines.append("peak RSS while indexing, %s: %.1f MB vs %.1f MB" % (scale_desc, rss_1x, rss_4x))
    if ("xapian-omega", "compacted_index_bytes") in extra:
        lines.append("omindex index after xapian-compact: %.1f MB" % (int(extra[("xapian-omega", "compacted_index_bytes")]) / 1e6))
    lines.append("")

    floors = []

    def floor(name, ok, detail):
        floors.append("%s  %s  (%s)" % ("PASS" if ok else "FAIL", name, detail))

    def ratio(key, peer):
        hv, pv = fig("hanidx", key), fig(peer, key)
        return hv / pv if hv is not None and pv else None

    r = ratio("MB_per_s", "groonga")
    floor("index throughput >= 1.0x Groonga's", r is not None and r >= 1.0, "%s" % ("%.2fx" % r if r else "NA"))
    r = ratio("MB_per_s", "xapian-omega")
    floor("index throughput >= 5x omindex's", r is not None and r >= 5.0, "%s" % ("%.2fx" % r if r else "NA"))
    peak = max(rss, rss_1x, rss_4x)  # with --scale, the 4x corpus's is the largest
    floor("peak RSS while indexing <= 256 MB", peak <= 256, "%.1f MB" % peak)
    floor("peak RSS the same at 1x and 4x (within 20%)", rss_4x <= rss_1x * 1.2,
          "%.1f MB vs %.1f MB" % (rss_1x, rss_4x))
    r = ratio("index_MB", "groonga")
    floor("index size on disk <= Groonga's", r is not None and r <= 1.0, "%s" % ("%.2fx" % r if r else "NA"))
    if inter and len(inter) == 8:
        lines.append("search, interleaved with quest, CPU ms per process (user+sys): hanidx median %.2f, p95 %.2f; "
                     "quest median %.2f, p95 %.2f" % inter[4:8])
    if inter:
        floor("search median process time <= omindex's quest (interleaved)", inter[0] <= inter[2],
              "%.2f ms vs %.2f ms; in the table, measured apart: %.2f ms vs %s ms"
              % (inter[0], inter[2], med, fmt(fig("xapian-omega", "median_query_ms"))))
    else:
        r = ratio("median_query_ms", "xapian-omega")
        floor("search median process time <= omindex's quest", r is not None and r <= 1.0,
              "%.2f ms vs %s ms" % (med, fmt(fig("xapian-omega", "median_query_ms"))))
    floor("search p95 <= 15 ms", p95 <= 15.0,
          "%.2f ms%s" % (p95, "; interleaved with quest: %.2f ms" % inter[1] if inter else ""))
    floor("re-index of an unchanged corpus < 5% of the first run", rerun < 0.05 * wall,
          "%.2f s = %.1f%%" % (rerun, 100 * rerun / wall))
    rec, prec = fig("hanidx", "recall"), fig("hanidx", "precision")
    lines += floors
    lines.append("recall %s, precision %s (macro, against the peers' truth; no floor here: bench/recall checks them)"
                 % (fmt(rec, 3), fmt(prec, 3)))
    lines.append("")
    lines.append("run took %.0f s" % total)
    table = "\n".join(lines)
    print(table)
    with open(os.path.join(out, "table.md"), "w", encoding="utf-8") as f:
        f.write(table + "\n\nmachine:\n" + "\n".join("    " + m for m in mach) + "\n")
    if a.readme:
        update_readme(a.readme, table, mach, out, a.section)
    return 0 if all(f.startswith("PASS") for f in floors) else 1


def update_readme(path, table, mach, out, section=""):
    tag = " " + section if section else ""
    begin, end = "<!-- bench/run: latest table%s begin -->" % tag, "<!-- bench/run: latest table%s end -->" % tag
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if begin not in text or end not in text:
        log("%s has no table markers; not updated" % path)
        return
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    body = "%s\n\nLatest run, %s (`bench/run`, output in `%s`):\n\n%s\n\nMachine:\n\n```\n%s\n```\n%s" % (
        begin, when, os.path.relpath(out, os.path.dirname(os.path.dirname(os.path.abspath(path)))),
        table, "\n".join(mach), end)
    text = text[:text.index(begin)] + body + text[text.index(end) + len(end):]
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    log("table copied into %s" % path)


if __name__ == "__main__":
    sys.exit(main())
