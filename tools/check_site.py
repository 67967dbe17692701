#!/usr/bin/env python3
"""Opens a site made by `cairn publish` in headless Chromium (Debian's
`chromium` package) and checks it as a person's browser would run it:

- screenshots of the index and of a lesson page at phone (390 px) and
  desktop (1280 px) widths, to look at;
- the page loads from file:// with no script error and no Content-
  Security-Policy violation, and asks for nothing outside file://;
- the search box narrows the list as a word is typed, and each keystroke
  (the filter's work plus the layout it causes) stays under 50 ms;
- with --axe, the index and a lesson page pass axe-core's accessibility
  rules (`npm install axe-core` somewhere, then give its axe.min.js).

    python3 tools/check_site.py                 # 10,000 synthetic lessons
    python3 tools/check_site.py 1000 --keep /tmp/site-check
    python3 tools/check_site.py --axe /tmp/axe/node_modules/axe-core/axe.min.js

The timing is measured in the page: a probe script, allowed by its own
digest in a copy of index.html (removed afterwards), types a word into the
search box one character at a time and writes what it saw into the page,
which Chromium prints (--dump-dom). The published files are not changed.
Exits with status 1 when a check fails.
"""

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUDGET_MS = 50.0

PROBE = r"""
window.__check = { errors: [], violations: [] };
addEventListener("error", function (e) { __check.errors.push(String(e.message)); });
addEventListener("unhandledrejection", function (e) { __check.errors.push(String(e.reason)); });
document.addEventListener("securitypolicyviolation", function (e) {
  __check.violations.push(e.violatedDirective + " " + e.blockedURI);
});
addEventListener("load", function () {
  var q = document.getElementById("q");
  var items = document.getElementById("lessons").children;
  function visible() {
    var n = 0;
    for (var i = 0; i < items.length; i++) if (!items[i].hidden) n++;
    return n;
  }
  var res = { total: items.length, formShown: !document.getElementById("filters").hidden };
  res.shownAtFirst = visible();
  var status = document.getElementById("count");
  function matches() {
    var text = status.textContent.replace(/,/g, "");
    if (text.indexOf("No lesson") === 0) return 0;
    if (text.indexOf("Showing") === 0) return res.total;
    return parseInt(text, 10);
  }
  function type(word) {
    var times = [], counts = [], shown = [], typed = "";
    for (var i = 0; i < word.length; i++) {
      typed += word[i];
      q.value = typed;
      var t = performance.now();
      q.dispatchEvent(new Event("input"));
      void document.body.offsetHeight;
      times.push(performance.now() - t);
      counts.push(matches());
      shown.push(visible());
    }
    q.value = "";
    q.dispatchEvent(new Event("input"));
    return { times: times, counts: counts, shown: shown };
  }
  res.word = type("procurement pilot");
  res.nothing = type("zzqx");
  res.cleared = matches();
  var more = document.getElementById("more");
  more.click();
  res.afterMore = visible();
  res.errors = __check.errors;
  res.violations = __check.violations;
  res.requests = performance.getEntriesByType("resource")
    .map(function (r) { return r.name; })
    .filter(function (u) { return u.indexOf("file:") !== 0; });
  var pre = document.createElement("pre");
  pre.id = "check-result";
  pre.textContent = JSON.stringify(res);
  document.body.appendChild(pre);
});
"""


AXE_RUNNER = r"""
addEventListener("load", function () {
  function report(list) {
    var pre = document.createElement("pre");
    pre.id = "axe-result";
    pre.textContent = JSON.stringify(list);
    document.body.appendChild(pre);
  }
  axe.run(document, { resultTypes: ["violations"] }).then(function (r) {
    report(r.violations.map(function (v) {
      return { id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.slice(0, 3).map(function (n) { return n.html; }) };
    }));
  }, function (e) { report([{ id: "axe-failed", help: String(e) }]); });
});
"""


def digest(text):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def with_scripts(page, scripts):
    """The page with `scripts` run first, each allowed by its digest."""
    allowed = " ".join(digest(s) for s in scripts)
    if "script-src " in page:
        page = page.replace("script-src ", "script-src %s " % allowed, 1)
    else:
        page = page.replace("base-uri", "script-src %s; base-uri" % allowed, 1)
    tags = "".join("<script>%s</script>\n" % s for s in scripts)
    return page.replace("</title>\n", "</title>\n" + tags, 1)


def axe_violations(page_path, axe_source):
    """axe-core's violations on a copy of a page beside it."""
    with open(page_path, encoding="utf-8") as f:
        page = with_scripts(f.read(), [axe_source, AXE_RUNNER])
    copy = os.path.join(os.path.dirname(page_path), "axe-check.html")
    with open(copy, "w", encoding="utf-8") as f:
        f.write(page)
    try:
        dom = run(chromium("--virtual-time-budget=60000", "--dump-dom", "file://" + copy),
                  capture_output=True, text=True).stdout
    finally:
        os.remove(copy)
    found = re.search(r'<pre id="axe-result">(.*?)</pre>', dom, re.S)
    if not found:
        return [{"id": "axe-no-result", "help": "axe did not report"}]
    return json.loads(unescape(found.group(1)))


def unescape(text):
    return (text.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
            .replace("&amp;", "&"))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def chromium(*args):
    return [
        "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-extensions",
        *args,
    ]


def instrumented(site):
    """A copy of index.html beside it that runs the probe first."""
    with open(os.path.join(site, "index.html"), encoding="utf-8") as f:
        page = f.read()
    assert "script-src " in page, "the index page has no script-src in its CSP"
    path = os.path.join(site, "probe-check.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(with_scripts(page, [PROBE]))
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("lessons", nargs="?", type=int, default=10000)
    ap.add_argument("--keep", help="make everything in this folder and keep it")
    ap.add_argument("--axe", help="axe.min.js from npm's axe-core: check accessibility too")
    args = ap.parse_args()
    if shutil.which("chromium") is None:
        sys.exit("chromium is not installed (apt-get install chromium)")
    work = args.keep or tempfile.mkdtemp(prefix="cairn-site-check-")
    if args.keep:
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
    run(["cargo", "build", "--release", "--quiet", "--bin", "cairn", "--example", "gen_pack"], cwd=ROOT)
    pack = os.path.join(work, "pack.json")
    with open(pack, "wb") as f:
        run([os.path.join(ROOT, "target/release/examples/gen_pack"), str(args.lessons)], stdout=f)
    site = os.path.join(work, "site")
    env = dict(os.environ, CAIRN_HOME=os.path.join(work, "home"))
    run([os.path.join(ROOT, "target/release/cairn"), "publish", "--network", "ukgovcamp",
         "--title", "UKGovCamp", pack, "-o", site], env=env)

    index = os.path.join(site, "index.html")
    lesson = os.path.join(site, "lessons", sorted(os.listdir(os.path.join(site, "lessons")))[0])
    for name, page in [("index", index), ("lesson", lesson)]:
        for width, height, label in [(390, 844, "phone"), (1280, 900, "desktop")]:
            shot = os.path.join(work, "%s-%s.png" % (name, label))
            run(chromium("--window-size=%d,%d" % (width, height), "--screenshot=" + shot,
                         "file://" + page), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print("screenshot:", shot)

    probe = instrumented(site)
    try:
        # No virtual time: it would make the keystroke timings virtual too.
        dom = run(chromium("--dump-dom", "file://" + probe), capture_output=True, text=True).stdout
    finally:
        os.remove(probe)
    found = re.search(r'<pre id="check-result">(.*?)</pre>', dom, re.S)
    if not found:
        sys.exit("the probe did not report: the page did not load or a script failed")
    res = json.loads(unescape(found.group(1)))
    times = res["word"]["times"] + res["nothing"]["times"]
    times_sorted = sorted(times)
    median = times_sorted[len(times_sorted) // 2]
    print("lessons: %d (%d shown at first); typing \"procurement pilot\" matched %s"
          % (res["total"], res["shownAtFirst"], res["word"]["counts"]))
    print("per keystroke: median %.1f ms, slowest %.1f ms (budget %.0f ms)" % (median, max(times), BUDGET_MS))
    problems = []
    if not res["formShown"]:
        problems.append("the search form stayed hidden (did the filter script run?)")
    counts = res["word"]["counts"]
    if not (0 < counts[-1] < res["total"]):
        problems.append("search did not narrow the list: %s" % counts)
    if any(b > a for a, b in zip(counts, counts[1:])):
        problems.append("typing more letters widened the list: %s" % counts)
    if res["nothing"]["counts"][-1] != 0:
        problems.append("a word in no lesson still showed %d" % res["nothing"]["counts"][-1])
    if res["cleared"] != res["total"]:
        problems.append("clearing the search matched %d of %d" % (res["cleared"], res["total"]))
    if res["total"] > 100 and res["afterMore"] != res["shownAtFirst"] + 100:
        problems.append("Show more went from %d to %d rows" % (res["shownAtFirst"], res["afterMore"]))
    if max(times) > BUDGET_MS:
        problems.append("a keystroke took %.1f ms" % max(times))
    for key in ["errors", "violations", "requests"]:
        if res[key]:
            problems.append("%s: %s" % (key, res[key]))
    if args.axe:
        with open(args.axe, encoding="utf-8") as f:
            axe_source = f.read()
        for page in [index, lesson]:
            found = axe_violations(page, axe_source)
            print("axe-core on %s: %d violation(s)" % (os.path.relpath(page, site), len(found)))
            for v in found:
                problems.append("axe %s (%s): %s %s" % (v["id"], v.get("impact"), v["help"],
                                                        v.get("nodes", [])))
    for p in problems:
        print("FAIL:", p)
    if not problems:
        print("ok: loads from file:// with no error, no violation and no request; search narrows the list")
    if not args.keep:
        print("(made in %s; --keep DIR keeps it somewhere chosen)" % work)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
