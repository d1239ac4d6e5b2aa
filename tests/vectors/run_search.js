/* Runs theme/static/js/search.js's Index in Node.js on an exported index folder, as the page
   runs it: node run_search.js FOLDER QUERIES_JSON. QUERIES_JSON is a list of
   [text, category, year, how many ids]; prints, for each, {total, ids} (ids best first). */
'use strict';
const fs = require('fs');
const path = require('path');
const { Index } = require('../../theme/static/js/search.js');

const [folder, queriesFile] = process.argv.slice(2);
// The page fetches index files over HTTP; here they are read from the folder.
global.fetch = async (url) => {
  const file = path.join(folder, url.replace(/^idx:\/\//, '').replace(/\?.*$/, ''));
  if (!fs.existsSync(file)) return new Response(null, { status: 404 });
  return new Response(fs.readFileSync(file));
};

(async () => {
  const index = new Index('idx://', fs.readFileSync(path.join(folder, 'index.json'), 'utf8'));
  const out = [];
  for (const [text, category, year, count] of JSON.parse(fs.readFileSync(queriesFile, 'utf8'))) {
    const found = await index.search(text, { category, year });
    out.push({ total: found.total, ids: found.ids.slice(0, count) });
  }
  process.stdout.write(JSON.stringify(out));
})().catch((error) => { console.error(error); process.exit(1); });
