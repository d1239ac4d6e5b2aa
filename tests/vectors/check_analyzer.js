// Runs the browser's analyzer (theme/static/js/search.js) on the shared vectors;
// prints the mismatches as JSON and exits 1 if there is any.
'use strict';
const path = require('path');
const fs = require('fs');
const analyzer = require(path.join(__dirname, '..', '..', 'theme', 'static', 'js', 'search.js'));
const data = JSON.parse(fs.readFileSync(path.join(__dirname, 'analyzer.json'), 'utf8'));
const problems = [];
for (const vector of data.vectors) {
  const phrases = analyzer.phraseForms(vector.input);
  const query = analyzer.queryTerms(vector.input, data.max_characters, data.max_terms);
  if (JSON.stringify(phrases) !== JSON.stringify(vector.phrases)) problems.push({ input: vector.input, phrases });
  if (JSON.stringify(query) !== JSON.stringify(vector.query)) problems.push({ input: vector.input, query });
}
console.log(JSON.stringify({ checked: data.vectors.length, problems }));
process.exit(problems.length ? 1 : 0);
