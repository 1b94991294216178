// Formats CSL-JSON items with citeproc-js, one item at a time as a document page shows it alone.
// Reads from standard input {"style": <path of a .csl file>, "locale": <path of a locales-xx-XX.xml file>,
// "items": [<CSL-JSON item>, ...]} and writes [{"id", "citation", "bibliography"}, ...] as HTML.
"use strict";
const fs = require("fs");
const CSL = require("citeproc");

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const locale = fs.readFileSync(request.locale, "utf8");
const style = fs.readFileSync(request.style, "utf8");
const items = new Map(request.items.map((item) => [String(item.id), item]));

const engine = new CSL.Engine(
  { retrieveLocale: () => locale, retrieveItem: (id) => items.get(String(id)) },
  style,
  "en-US",
  true,
);

function entryText(html) {
  // citeproc-js wraps each bibliography entry in <div class="csl-entry"> and ends it with a newline.
  return html.replace(/^\s*<div class="csl-entry">/, "").replace(/<\/div>\s*$/, "").trim();
}

const formatted = [];
for (const id of items.keys()) {
  engine.updateItems([id]);
  const citation = engine.makeCitationCluster([{ id }]);
  const [, entries] = engine.makeBibliography();
  formatted.push({ id, citation, bibliography: entryText(entries[0]) });
}
process.stdout.write(JSON.stringify(formatted));
