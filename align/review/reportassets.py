"""The constant style sheet and script of the HTML report (:mod:`align.review.report`).

Neither holds user text: the script reads ``data-*`` attributes and text content only, and the
page's Content Security Policy allows exactly these two by their SHA-256 hashes (CSP Level 3,
W3C, "hash-source"), so nothing else can run or style the page.
"""

from __future__ import annotations

_FONTS = (
    'system-ui, -apple-system, "Segoe UI", "Noto Sans CJK KR", "Noto Sans KR", '
    '"Apple SD Gothic Neo", "Malgun Gothic", "NanumGothic", "Noto Sans", sans-serif'
)

STYLE = """
:root { --line: #d0d7de; --muted: #57606a; --bad: #cf222e; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font-family: @FONTS@; margin: 0; color: #1f2328; line-height: 1.5;
       word-break: keep-all; overflow-wrap: anywhere; }
header { padding: 1rem 1.5rem; border-bottom: 1px solid var(--line); background: #f6f8fa; }
h1 { font-size: 1.25rem; margin: 0 0 .25rem; }
h2 { font-size: 1rem; margin: 1rem 0 .5rem; }
.subtitle { margin: 0 0 .25rem; color: var(--muted); }
.files { margin: 0 0 .5rem; font-size: .8rem; color: var(--muted); }
.summary { margin: 0; padding: 0; list-style: none; font-size: .9rem; }
.summary li { white-space: pre-wrap; }
.legend { font-size: .8rem; margin: .5rem 0 0; padding: 0; list-style: none;
          display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
main { display: grid; grid-template-columns: minmax(16rem, 24rem) minmax(0, 1fr); }
#panel { border-right: 1px solid var(--line); padding: 0 1rem 1rem; position: sticky;
         top: 0; align-self: start; max-height: 100vh; overflow: auto; }
.filters label { display: block; font-size: .85rem; margin: .25rem 0; }
.filters select { width: 100%; }
.filters input[type=number] { width: 5rem; }
.exports button, .decide button { font: inherit; font-size: .75rem; padding: .1rem .4rem;
  border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
.exports { margin: .5rem 0; display: flex; flex-wrap: wrap; gap: .25rem; }
#export-text { width: 100%; height: 8rem; font: .75rem ui-monospace, monospace; }
#findings { padding-left: 1.2rem; font-size: .85rem; }
#findings li { margin: .35rem 0; }
#findings a { color: inherit; text-decoration: none; display: block; }
#findings a:hover { text-decoration: underline; }
#findings li.accepted, #findings li.ignored { opacity: .55; }
#findings li.accepted .decide .accept, #findings li.ignored .decide .ignore {
  background: #1f2328; color: #fff; }
.rule { font-family: ui-monospace, monospace; font-size: .8rem; }
.sev-error .rule { color: var(--bad); } .sev-warning .rule { color: #9a6700; }
.sev-info .rule { color: var(--muted); }
.where { color: var(--muted); font-size: .75rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border-bottom: 1px solid var(--line); padding: .4rem .6rem; vertical-align: top;
         text-align: left; }
th { position: sticky; top: 0; background: #fff; z-index: 1; }
th.link, td.link { width: 6.5rem; }
td.link { font-variant-numeric: tabular-nums; color: var(--muted); font-size: .8rem; }
td.link .score { display: block; }
td.link .type { display: block; font-family: ui-monospace, monospace; }
tr.low td.link .score { color: var(--bad); font-weight: 600; }
tr.low { background: #fff8f0; }
tr.highlight { background: #fff3b0 !important; outline: 3px solid #d4a72c; }
.dot { color: var(--bad); }
td p { margin: 0 0 .3rem; }
.loc { font-size: .7rem; color: var(--muted); font-variant-numeric: tabular-nums;
       margin-right: .35rem; white-space: nowrap; }
mark { border-radius: 3px; padding: 0 .1em; background: #ddf4ff; color: inherit; }
mark.preferred { background: #dafbe1; } mark.admitted { background: #ddf4ff; }
mark.deprecated { background: #fff1c2; } mark.forbidden { background: #ffd8d3; }
mark.flag { background: #ffd8d3; }
mark.flagged { outline: 2px solid var(--bad); }
.gap { margin: .2rem 0; padding: .1rem .4rem; border-left: 3px solid var(--bad);
       background: #fff0ee; font-size: .85rem; }
.tag { font: .7rem ui-monospace, monospace; color: #6e40c9; background: #f3eefc;
       border: 1px solid #d8c8f5; border-radius: 3px; padding: 0 .15em; margin: 0 .05em; }
.side-label { display: none; }
.hidden { display: none !important; }
@media (max-width: 800px) {
  header { padding: .75rem; }
  main { display: block; }
  #panel { position: static; max-height: none; border-right: 0;
           border-bottom: 1px solid var(--line); }
  table, thead, tbody, tr, td { display: block; width: auto; }
  thead { display: none; }
  tr { border-bottom: 2px solid var(--line); padding: .25rem 0; }
  td { border: 0; padding: .2rem .75rem; }
  th.link, td.link { width: auto; }
  td.link .score, td.link .type { display: inline; margin-right: .5rem; }
  .side-label { display: inline; font-size: .7rem; font-weight: 600; color: var(--muted);
                margin-right: .35rem; }
}
@media print {
  #panel .filters, .exports, #export-text, .decide { display: none !important; }
  main { display: block; }
  #panel { position: static; max-height: none; overflow: visible; border: 0; }
  th { position: static; }
  tr { break-inside: avoid; }
  tr.hidden { display: table-row !important; }
  tr.highlight { outline: 0; }
  header { background: none; }
  body { font-size: 10pt; }
}
""".replace("@FONTS@", _FONTS)

# Constant script: reads data-* attributes and text content, never user text as code.
SCRIPT = """
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var ruleFilter = $("rule-filter"), conceptFilter = $("concept-filter");
  var onlyFindings = $("only-findings"), scoreBelow = $("score-below");
  var storeKey = "align-report:" + document.body.dataset.key;
  var decisions = {};
  try { decisions = JSON.parse(localStorage.getItem(storeKey) || "{}") || {}; }
  catch (e) { decisions = {}; }
  function save() {
    try { localStorage.setItem(storeKey, JSON.stringify(decisions)); } catch (e) { /* none */ }
  }
  function items() { return document.querySelectorAll("#findings li"); }
  function pick(id) {
    var previous = document.querySelectorAll("tr.highlight");
    for (var i = 0; i < previous.length; i++) { previous[i].classList.remove("highlight"); }
    var row = $(id);
    if (!row) { return; }
    row.classList.add("highlight");
    row.scrollIntoView({block: "center"});
  }
  function apply() {
    var rule = ruleFilter.value, concept = conceptFilter.value;
    var list = items();
    for (var i = 0; i < list.length; i++) {
      var item = list[i];
      var show = (!rule || item.dataset.rule === rule) &&
                 (!concept || item.dataset.concept === concept);
      item.classList.toggle("hidden", !show);
    }
    var below = parseFloat(scoreBelow.value);
    var rows = document.querySelectorAll("#pairs tbody tr");
    for (var j = 0; j < rows.length; j++) {
      var row = rows[j];
      var concepts = (row.dataset.concepts || "").split(" ");
      var rules = (row.dataset.rules || "").split(" ");
      var hide = (!!concept && concepts.indexOf(concept) < 0) ||
                 (!!rule && rules.indexOf(rule) < 0) ||
                 (onlyFindings.checked && !row.dataset.rules) ||
                 (!isNaN(below) && !(parseFloat(row.dataset.score) < below));
      row.classList.toggle("hidden", hide);
    }
  }
  function show(item) {
    var state = decisions[item.dataset.key] || "";
    item.classList.toggle("accepted", state === "accepted");
    item.classList.toggle("ignored", state === "ignored");
  }
  function field(value) {
    var text = String(value == null ? "" : value);
    return /[",\\r\\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function record(item) {
    var d = item.dataset;
    return {rule: d.rule, severity: d.severity, path: d.path, line: +d.line,
            column: +d.column, concept: d.concept, found: d.found,
            suggestion: d.suggestion, message: item.querySelector(".message").textContent,
            decision: decisions[d.key] || ""};
  }
  function exported(kind) {
    var list = items(), lines = [], chosen = [];
    for (var i = 0; i < list.length; i++) { chosen.push(record(list[i])); }
    if (kind === "csv") {
      var names = ["rule", "severity", "path", "line", "column", "concept", "found",
                   "suggestion", "message", "decision"];
      lines.push(names.join(","));
      chosen.forEach(function (r) {
        lines.push(names.map(function (n) { return field(r[n]); }).join(","));
      });
      return {name: "findings.csv", type: "text/csv", text: lines.join("\\r\\n") + "\\r\\n"};
    }
    var decided = chosen.filter(function (r) { return r.decision; });
    if (kind === "json") {
      return {name: "decisions.json", type: "application/json",
              text: JSON.stringify(decided, null, 2) + "\\n"};
    }
    decided.filter(function (r) { return r.decision === "ignored"; }).forEach(function (r) {
      lines.push(r.path + ":" + r.line + ": <!-- align: ignore " +
                 (r.concept || r.rule) + " -->");
    });
    return {name: "suppressions.txt", type: "text/plain", text: lines.join("\\n") + "\\n"};
  }
  function download(kind) {
    var out = exported(kind);
    var box = $("export-text");
    box.value = out.text;
    box.classList.remove("hidden");
    var link = document.createElement("a");
    link.download = out.name;
    link.href = URL.createObjectURL(new Blob([out.text], {type: out.type}));
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  $("findings").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-decision]");
    if (button) {
      var item = button.closest("li");
      var key = item.dataset.key, choice = button.dataset.decision;
      if (decisions[key] === choice) { delete decisions[key]; } else { decisions[key] = choice; }
      save();
      show(item);
      return;
    }
    var link = event.target.closest("a[data-target]");
    if (!link) { return; }
    event.preventDefault();
    pick(link.dataset.target);
    if (history.replaceState) { history.replaceState(null, "", "#" + link.dataset.target); }
  });
  document.querySelector(".exports").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-export]");
    if (button) { download(button.dataset.export); }
  });
  ruleFilter.addEventListener("change", apply);
  conceptFilter.addEventListener("change", apply);
  onlyFindings.addEventListener("change", apply);
  scoreBelow.addEventListener("input", apply);
  var list = items();
  for (var i = 0; i < list.length; i++) { show(list[i]); }
  if (location.hash.length > 1) { pick(location.hash.slice(1)); }
})();
"""
