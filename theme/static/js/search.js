/* Offline search of the portal (the /tim-kiem/ page). No server: the index is
   static files written by the build (plugins/offline_search). The analyzer and
   the ranking are ports of plugins/vietnamese/analyzer.py and
   plugins/offline_search/ranking.py + static.py; tests/vectors/analyzer.json
   checks the analyzer in Python and in Node.js. Visible strings come from the
   page's data-text-* attributes, never from here. */
(function (global) {
  'use strict';

  /* ---------------------------------------------------------------- analyzer */
  var TONES = { '\u0301': '1', '\u0300': '2', '\u0309': '3', '\u0303': '4', '\u0323': '5' };
  var PHRASE_SPLIT = /[^\p{L}\p{N}\s]+/u;  // Python: [^\w\s]+|_+
  var TOKEN = /[\p{L}\p{N}]+/gu;          // Python: [^\W_]+
  var MARK = /\p{M}/u;
  var formsCache = new Map();

  function syllableForms(token) {
    var hit = formsCache.get(token);
    if (hit) return hit;
    var tone = '';
    var kept = '';
    var decomposed = token.normalize('NFD');
    for (var i = 0; i < decomposed.length; i++) {
      var ch = decomposed[i];
      if (TONES[ch]) { if (!tone) tone = TONES[ch]; } else kept += ch;
    }
    var folded = '';
    var base = kept.replace(/đ/g, 'd');
    for (var j = 0; j < base.length; j++) if (!MARK.test(base[j])) folded += base[j];
    var forms = [kept.normalize('NFC') + tone, folded.normalize('NFC')];
    if (formsCache.size < 50000) formsCache.set(token, forms);
    return forms;
  }

  /* The (exact, folded) forms of a text's syllables, phrase by phrase. */
  function phraseForms(text) {
    var phrases = [];
    String(text || '').normalize('NFC').toLowerCase().split(PHRASE_SPLIT).forEach(function (part) {
      var tokens = part.match(TOKEN);
      if (tokens) phrases.push(tokens.map(syllableForms));
    });
    return phrases;
  }

  function unique(items) { return Array.from(new Set(items)); }

  var QUOTES = '"\u201c\u201d\u201e\u00ab\u00bb';

  /* What a query asks for: ranking.query_terms in Python. */
  function queryTerms(text, maxCharacters, maxTerms) {
    var terms = [];
    text = String(text || '').slice(0, maxCharacters);
    var stripped = text.trim();
    var quoted = stripped.length > 2 && QUOTES.indexOf(stripped[0]) >= 0 && QUOTES.indexOf(stripped[stripped.length - 1]) >= 0;
    phraseForms(text).forEach(function (phrase, p) {
      phrase.forEach(function (forms) { terms.push({ exact: forms[0], folded: forms[1], phrase: p }); });
    });
    terms = terms.slice(0, maxTerms);
    var phrases = [];
    for (var i = 1; i < terms.length; i++) {
      if (terms[i].phrase === terms[i - 1].phrase) phrases.push(terms[i - 1].folded + ' ' + terms[i].folded);
    }
    return {
      words: unique(terms.map(function (t) { return t.folded; })),
      phrases: unique(phrases),
      exact: unique(terms.filter(function (t) { return t.exact !== t.folded; }).map(function (t) { return t.exact; })),
      quoted: quoted
    };
  }

  /* A term's key in the shards: export.term_key in Python. */
  function exactKey(exact) { return syllableForms(exact.replace(/[1-5]$/, ''))[1] + '\u0001' + exact; }

  var inNode = typeof module !== 'undefined' && module.exports;

  /* ------------------------------------------------------------------- index */
  function readVarint(bytes, state) {
    var value = 0, shift = 0, byte;
    do {
      byte = bytes[state.offset++];
      value += (byte & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (byte >= 0x80);
    return value;
  }

  var utf8 = new TextDecoder('utf-8');
  var PAGE_SIZE = 10;  // results shown at once

  function Index(base, inline) {
    this.base = base;
    this.inline = inline;   // <script type="application/json" data-search-manifest>, when the build filled it
    this.manifest = null;
    this.shards = new Map();   // number -> Promise of {bytes, view, entries: Map key -> [offset, best]}
    this.chunks = new Map();   // number -> Promise of rows
    this.categories = null;    // Promise of Uint8Array
  }

  Index.prototype.fetchBytes = function (path) {
    var url = this.base + path + (this.manifest ? '?v=' + this.manifest.version : '');
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
      var inflated = response.body.pipeThrough(new DecompressionStream('gzip'));
      return new Response(inflated).arrayBuffer();
    }).then(function (buffer) { return new Uint8Array(buffer); });
  };

  Index.prototype.load = function () {
    var self = this;
    if (!this.loading && this.inline) {
      try {  // the manifest the build wrote into the page: no round trip
        var inline = JSON.parse(this.inline.textContent);
        if (inline && inline.shards) {
          this.manifest = inline;
          this.loading = Promise.resolve(inline);
        }
      } catch (error) { /* not filled in: fetch index.json */ }
      this.inline = null;
    }
    if (!this.loading) {
      this.loading = fetch(this.base + 'index.json', { cache: 'no-cache' }).then(function (response) {
        if (!response.ok) throw new Error('index.json: HTTP ' + response.status);
        return response.json();
      }).then(function (manifest) { self.manifest = manifest; return manifest; });
      this.loading.catch(function () { self.loading = null; });  // a later query tries again
    }
    return this.loading;
  };

  Index.prototype.shardOf = function (key) {
    var firsts = this.manifest.shards, low = 0, high = firsts.length - 1;
    while (low < high) {  // the last shard whose first key is <= key
      var middle = (low + high + 1) >> 1;
      if (firsts[middle] <= key) low = middle; else high = middle - 1;
    }
    return low;
  };

  Index.prototype.shard = function (number) {
    var self = this;
    if (!this.shards.has(number)) {
      var promise = this.fetchBytes(number === 'delta' ? 'delta.bin' : 't/' + number + '.bin').then(function (bytes) {
        var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        // Only the entries' offsets are read here; a key is decoded when a lookup compares it.
        var starts = [], state = { offset: 0 };
        while (state.offset < bytes.length) {
          var entry = state.offset;
          var length = readVarint(bytes, state);
          state.offset += length;
          var body = readVarint(bytes, state);
          starts.push(entry);
          state.offset += body;
        }
        return { bytes: bytes, view: view, starts: starts };
      });
      promise.catch(function () { self.shards.delete(number); });
      this.shards.set(number, promise);
    }
    return this.shards.get(number);
  };

  /* The key and body offset of a shard's entry number `i`. */
  function entryAt(shard, i) {
    var state = { offset: shard.starts[i] };
    var length = readVarint(shard.bytes, state);
    var key = utf8.decode(shard.bytes.subarray(state.offset, state.offset + length));
    state.offset += length;
    readVarint(shard.bytes, state);
    return [key, state.offset];
  }

  var NO_POSTINGS = { ids: new Int32Array(0), scores: new Float64Array(0) };

  /* A term's postings ({ids, scores}, ids ascending) by key ("chu", "chu ky"); empty when absent:
     the main index's, less its deleted ids, then the delta's (ids after the main ones). */
  Index.prototype.postings = function (key) {
    var manifest = this.manifest, delta = manifest.delta, deleted = manifest.deleted;
    var main = this.postingsIn(this.shardOf(key), key);
    if (!delta && !deleted) return main;
    return Promise.all([main, delta ? this.postingsIn('delta', key) : NO_POSTINGS]).then(function (found) {
      var ids = [], scores = [], gone = deleted ? new Set(deleted) : null;
      for (var i = 0; i < found[0].ids.length; i++) {
        if (gone && gone.has(found[0].ids[i])) continue;
        ids.push(found[0].ids[i]);
        scores.push(found[0].scores[i]);
      }
      for (var j = 0; j < found[1].ids.length; j++) {
        ids.push(delta.first + found[1].ids[j]);
        scores.push(found[1].scores[j]);
      }
      return { ids: Int32Array.from(ids), scores: Float64Array.from(scores) };
    });
  };

  Index.prototype.postingsIn = function (number, key) {
    return this.shard(number).then(function (shard) {
      var low = 0, high = shard.starts.length - 1, found = -1;
      while (low <= high) {  // entries are sorted by key, as export.py sorted them
        var middle = (low + high) >> 1, entry = entryAt(shard, middle);
        if (entry[0] === key) { found = entry[1]; break; }
        if (entry[0] < key) low = middle + 1; else high = middle - 1;
      }
      if (found < 0) return NO_POSTINGS;
      var bytes = shard.bytes, best = shard.view.getFloat32(found, true), offset = found + 4;
      var count = 0, shift = 0, byte;
      do { byte = bytes[offset++]; count |= (byte & 0x7f) << shift; shift += 7; } while (byte >= 0x80);
      var ids = new Int32Array(count), scores = new Float64Array(count), id = 0;
      for (var i = 0; i < count; i++) {
        var gap = 0;
        shift = 0;
        do { byte = bytes[offset++]; gap |= (byte & 0x7f) << shift; shift += 7; } while (byte >= 0x80);
        id += gap;
        ids[i] = id;
      }
      for (var j = 0; j < count; j++) scores[j] = bytes[offset + j] / 255 * best;  // as static.py computes it
      return { ids: ids, scores: scores };
    });
  };

  /* visit(i, score) for each of the first n candidate ids (ascending) that `postings` holds, with
     its score there: a merge of two sorted lists. */
  function shared(ids, n, postings, visit) {
    var other = postings.ids, scores = postings.scores, j = 0;
    for (var i = 0; i < n; i++) {
      while (j < other.length && other[j] < ids[i]) j++;
      if (j < other.length && other[j] === ids[i]) visit(i, scores[j]);
    }
  }

  /* Matching ids best first (score descending, then id), sorted only as far as asked: the first
     page is a pass over the scores; the whole order is sorted when a later page is asked for. */
  function Ranked(ids, scores) {
    this.ids = ids;
    this.scores = scores;
    this.length = ids.length;
    this.order = null;  // every position, once a later page is asked for
    this.first = null;  // the first page's positions (asked for twice: the rows fetched early, then shown)
  }

  Ranked.prototype.before = function (a, b) {
    return this.scores[a] > this.scores[b] || (this.scores[a] === this.scores[b] && this.ids[a] < this.ids[b]);
  };

  /* The ids ranked start..end-1, as an Array. */
  Ranked.prototype.slice = function (start, end) {
    var self = this;
    end = Math.min(end === undefined ? this.length : end, this.length);
    if (!this.order && end > PAGE_SIZE) {
      var all = this.order = new Array(this.length);
      for (var i = 0; i < all.length; i++) all[i] = i;
      all.sort(function (a, b) { return self.before(a, b) ? -1 : self.before(b, a) ? 1 : 0; });
    }
    var order = this.order || this.first || (this.first = this.best());
    return order.slice(start, end).map(function (index) { return self.ids[index]; });
  };

  /* The best PAGE_SIZE positions in order, kept sorted while the scores are read once. */
  Ranked.prototype.best = function () {
    var order = [];
    for (var k = 0; k < this.length; k++) {
      if (order.length === PAGE_SIZE && !this.before(k, order[order.length - 1])) continue;
      var at = order.length === PAGE_SIZE ? PAGE_SIZE - 1 : order.length;
      while (at > 0 && this.before(k, order[at - 1])) { order[at] = order[at - 1]; at--; }
      order[at] = k;
    }
    return order;
  };

  Index.prototype.categoryOf = function () {
    if (!this.categories) this.categories = this.fetchBytes('c.bin');
    return this.categories;
  };

  /* Every matching document id, best first: static.StaticIndex.search in Python. */
  Index.prototype.search = function (text, filters) {
    var self = this;
    return this.load().then(function (manifest) {
      var ranking = manifest.ranking;
      var terms = queryTerms(text, ranking.max_characters, ranking.max_terms);
      if (!terms.words.length) return { total: 0, ids: [], terms: terms };
      var wanted = terms.words.map(function (w) { return self.postings(w); });
      var phraseLists = terms.phrases.map(function (p) { return self.postings(p); });
      var exactLists = terms.exact.map(function (e) { return self.postings(exactKey(e)); });
      var needsCategories = filters.category ? self.categoryOf() : Promise.resolve(null);
      performance.mark('vnp-search:manifest');
      return Promise.all([Promise.all(wanted), Promise.all(phraseLists), Promise.all(exactLists), needsCategories])
        .then(function (loaded) {
          performance.mark('vnp-search:postings');
          var required = loaded[0], phrases = loaded[1], exacts = loaded[2], perDoc = loaded[3];
          if (terms.quoted) {
            required = required.concat(phrases.map(function (postings) {
              var scaled = new Float64Array(postings.scores.length);
              for (var i = 0; i < scaled.length; i++) scaled[i] = ranking.phrase * postings.scores[i];
              return { ids: postings.ids, scores: scaled };
            }));
          }
          if (required.some(function (p) { return p.ids.length === 0; })) return { total: 0, ids: [], terms: terms };
          var smallest = required.reduce(function (a, b) { return a.ids.length <= b.ids.length ? a : b; });
          var span = filters.year ? (manifest.years[filters.year] || [1, 0]) : null;
          var delta = manifest.delta || { first: manifest.documents, count: 0 };
          var categoryNumber = -1;  // a slug the index does not know matches nothing (0 is "no category")
          if (filters.category) {
            manifest.categories.forEach(function (c, i) { if (c[0] === filters.category) categoryNumber = i + 1; });
          }
          // Candidates: the ids of the shortest required list that pass the filters; then each
          // required list (that one too) keeps the ids it has and adds its scores, in place.
          var ids = new Int32Array(smallest.ids.length), sums = new Float64Array(smallest.ids.length), n = 0;
          for (var c = 0; c < smallest.ids.length; c++) {
            var id = smallest.ids[c], inDelta = id >= delta.first;
            if (span && (inDelta ? delta.years[id - delta.first] !== Number(filters.year) : (id < span[0] || id > span[1]))) continue;
            if (perDoc && (inDelta ? delta.categories[id - delta.first] : perDoc[id]) !== categoryNumber) continue;
            ids[n++] = id;
          }
          required.forEach(function (postings) {
            var kept = 0;
            shared(ids, n, postings, function (i, score) {  // i ascending, kept <= i: in place
              ids[kept] = ids[i];
              sums[kept++] = sums[i] + score;
            });
            n = kept;
          });
          var phraseCount = new Int32Array(n);
          phrases.forEach(function (postings) {
            shared(ids, n, postings, function (i, score) {
              phraseCount[i]++;
              if (!terms.quoted) sums[i] += ranking.phrase * score;
            });
          });
          exacts.forEach(function (postings) {
            shared(ids, n, postings, function (i, score) { sums[i] += ranking.exact * score; });
          });
          var total = manifest.documents, finals = new Float64Array(n);
          for (var k = 0; k < n; k++) {
            var complete = phrases.length && phraseCount[k] === phrases.length;
            var recency = ids[k] < delta.first ? 1 - ids[k] / total : delta.recency[ids[k] - delta.first];
            finals[k] = (complete ? sums[k] * (1 + ranking.complete) : sums[k]) + ranking.recency * recency;
          }
          performance.mark('vnp-search:ranked');
          return { total: n, ids: new Ranked(ids.subarray(0, n), finals), terms: terms };
        });
    });
  };

  /* The result rows (title, url, date, category, snippet) of some ids, in their order. */
  Index.prototype.rows = function (ids) {
    var self = this, size = this.manifest.chunk, delta = this.manifest.delta;
    function fileOf(id) { return delta && id >= delta.first ? 'delta' : Math.floor(id / size); }
    function rowOf(rows, id) { return delta && id >= delta.first ? rows[id - delta.first] : rows[id % size]; }
    var numbers = unique(ids.map(fileOf));
    return Promise.all(numbers.map(function (n) {
      if (!self.chunks.has(n)) {
        var promise = self.fetchBytes(n === 'delta' ? 'delta.json' : 'd/' + n + '.json')
          .then(function (bytes) { return JSON.parse(utf8.decode(bytes)); });
        promise.catch(function () { self.chunks.delete(n); });
        self.chunks.set(n, promise);
      }
      return self.chunks.get(n);
    })).then(function () {
      return Promise.all(ids.map(function (id) {
        return self.chunks.get(fileOf(id)).then(function (rows) { return rowOf(rows, id); });
      }));
    });
  };

  /* Node.js (the tests): the analyzer and the index, without the page. */
  if (inNode) {
    module.exports = { syllableForms: syllableForms, phraseForms: phraseForms, queryTerms: queryTerms, Index: Index };
    return;
  }
  if (typeof document === 'undefined') return;

  /* ---------------------------------------------------------------- the page */
  var DEBOUNCE_MS = 200;

  /* The search page loads this script in its <head>, after the manifest: the query of the URL is
     searched at once, its shards and its first result rows fetched while the page is still parsed,
     and start() picks the result up. */
  var early = null;

  function sameFilters(a, b) { return a.category === b.category && a.year === b.year; }

  /* The search state a URL carries (?q=&chuyen-muc=&nam=), the inverse of urlFor() in start(). */
  function urlState(search) {
    var params = new URLSearchParams(search);
    return { q: params.get('q') || '', category: params.get('chuyen-muc') || '', year: params.get('nam') || '' };
  }

  function searchEarly() {
    var script = document.currentScript;
    var base = script && script.getAttribute('data-search-index');
    var inline = document.querySelector('script[data-search-manifest]');
    if (!base || !inline) return;
    early = { base: base, index: new Index(base, inline) };
    var s = urlState(window.location.search);
    var query = s.q;
    if (!query.trim()) return;
    var filters = { category: s.category, year: s.year };
    var found = early.index.search(query, filters);
    early.search = { q: query, filters: filters, found: found };
    found.then(function (result) { return early.index.rows(result.ids.slice(0, PAGE_SIZE)); })
      .catch(function () { /* start() searches again and reports the failure */ });
  }

  function text(node, name, values) {
    var template = node.getAttribute('data-text-' + name) || '';
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values && key in values ? values[key] : ''; });
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  /* `value` as text nodes, its syllables whose folded form the query has inside <mark>. */
  function highlighted(value, words) {
    var fragment = document.createDocumentFragment();
    var source = String(value || ''), last = 0, match;
    var pattern = /[\p{L}\p{N}]+/gu;
    while ((match = pattern.exec(source))) {
      var forms = syllableForms(match[0].normalize('NFC').toLowerCase());
      if (words.has(forms[1])) {
        if (match.index > last) fragment.appendChild(document.createTextNode(source.slice(last, match.index)));
        fragment.appendChild(element('mark', 'vnp-result__match', match[0]));
        last = match.index + match[0].length;
      }
    }
    if (last < source.length) fragment.appendChild(document.createTextNode(source.slice(last)));
    return fragment;
  }

  /* 5091 -> "5.091", as vi-VN writes it (toLocaleString loads locale data: tens of ms on a fresh page). */
  function thousands(n) { return String(n).replace(/\B(?=(\d{3})+$)/g, '.'); }

  function shortDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
    return m ? m[3] + '/' + m[2] + '/' + m[1] : '';
  }

  function start(root) {
    var form = root.querySelector('form');
    var input = form.elements.q;
    var categorySelect = form.elements['chuyen-muc'];
    var yearSelect = form.elements.nam;
    var status = root.querySelector('[data-search-status]');
    var list = root.querySelector('[data-search-results]');
    var more = root.querySelector('[data-search-more]');
    var suggestions = root.querySelector('[data-search-suggestions]');
    var help = root.querySelector('[data-search-help]');
    var base = root.getAttribute('data-search-index');
    var index = early && early.base === base ? early.index : new Index(base, document.querySelector('[data-search-manifest]'));
    var siteUrl = root.getAttribute('data-site-url') || '';
    var current = { ids: [], shown: 0, words: new Set(), run: 0 };
    var timer = null;

    root.classList.add('vnp-search-app--ready');

    function state() {
      return {
        q: input.value,
        category: categorySelect ? categorySelect.value : '',
        year: yearSelect ? yearSelect.value : ''
      };
    }

    function urlFor(s) {
      var params = new URLSearchParams();
      if (s.q) params.set('q', s.q);
      if (s.category) params.set('chuyen-muc', s.category);
      if (s.year) params.set('nam', s.year);
      var query = params.toString();
      return window.location.pathname + (query ? '?' + query : '');
    }

    function fromUrl() {
      var s = urlState(window.location.search);
      input.value = s.q;
      if (categorySelect) categorySelect.value = s.category;
      if (yearSelect) yearSelect.value = s.year;
    }

    function setState(name, query) {
      list.setAttribute('data-search-state', name);
      list.setAttribute('data-search-query', query);
    }

    function suggestionLink(label, s) {
      var item = element('li');
      var link = element('a', null, label);
      link.href = urlFor(s);
      link.addEventListener('click', function (event) {
        event.preventDefault();
        input.value = s.q;
        if (categorySelect) categorySelect.value = s.category;
        if (yearSelect) yearSelect.value = s.year;
        go(true);
      });
      item.appendChild(link);
      return item;
    }

    function showSuggestions(s) {
      suggestions.textContent = '';
      var items = [];
      var folded = [];
      phraseForms(s.q).forEach(function (phrase) { phrase.forEach(function (f) { folded.push(f[1]); }); });
      var plain = folded.join(' ');
      if (plain && plain !== s.q.trim().toLowerCase()) {
        items.push(suggestionLink(text(root, 'try-plain', { q: plain }), { q: plain, category: s.category, year: s.year }));
      }
      if (s.category || s.year) {
        items.push(suggestionLink(text(root, 'try-everywhere', { q: s.q }), { q: s.q, category: '', year: '' }));
      }
      if (folded.length > 1) {
        items.push(suggestionLink(text(root, 'try-shorter', { q: folded.slice(0, -1).join(' ') }),
          { q: folded.slice(0, -1).join(' '), category: s.category, year: s.year }));
      }
      items.forEach(function (item) { suggestions.appendChild(item); });
      suggestions.hidden = items.length === 0;
    }

    function renderRows(rows, ids) {
      rows.forEach(function (row, i) {
        if (!row) return;
        var item = element('li', 'vnp-result');
        item.setAttribute('data-id', ids[i]);
        var heading = element('h2', 'vnp-result__title');
        var link = element('a', 'vnp-result__link');
        link.href = siteUrl + '/' + row[1];
        link.appendChild(highlighted(row[0], current.words));
        heading.appendChild(link);
        item.appendChild(heading);
        var meta = element('p', 'vnp-result__meta');
        if (row[2]) {
          var time = element('time', null, shortDate(row[2]));
          time.setAttribute('datetime', row[2]);
          meta.appendChild(time);
        }
        if (row[3]) {
          if (row[2]) meta.appendChild(document.createTextNode(' · '));
          meta.appendChild(document.createTextNode(row[3]));
        }
        item.appendChild(meta);
        if (row[4]) {
          var snippet = element('p', 'vnp-result__snippet');
          snippet.appendChild(highlighted(row[4], current.words));
          item.appendChild(snippet);
        }
        list.appendChild(item);
      });
    }

    function showMore(run) {
      var ids = current.ids.slice(current.shown, current.shown + PAGE_SIZE);
      return index.rows(ids).then(function (rows) {
        if (run !== current.run) return;
        renderRows(rows, ids);
        current.shown += ids.length;
        more.hidden = current.shown >= current.ids.length;
      });
    }

    function fail(query, error) {
      setState('error', query);
      status.textContent = text(root, 'error');
      if (window.console) window.console.error('search.js', error);
    }

    function run() {
      var s = state();
      var query = s.q;
      var runId = ++current.run;
      var started = performance.now();
      performance.mark('vnp-search:start');
      list.textContent = '';
      more.hidden = true;
      suggestions.hidden = true;
      if (!query.trim()) {
        setState('done', query);
        status.textContent = '';
        help.hidden = false;
        return Promise.resolve();
      }
      setState('loading', query);
      var filters = { category: s.category, year: s.year };
      var searched = early && early.search;
      if (searched) early.search = null;  // the URL's query, searched from <head>: once
      var found = searched && searched.q === query && sameFilters(searched.filters, filters)
        ? searched.found.catch(function () { return index.search(query, filters); })
        : index.search(query, filters);
      return found.then(function (found) {
        if (runId !== current.run) return;
        current.ids = found.ids;
        current.shown = 0;
        current.words = new Set(found.terms.words);
        help.hidden = found.total > 0;
        if (!found.terms.words.length) {
          status.textContent = text(root, 'no-words');
          setState('done', query);
          return;
        }
        if (!found.total) {
          status.textContent = text(root, 'none', { q: query.trim() });
          showSuggestions(s);
          setState('done', query);
          return;
        }
        status.textContent = text(root, 'found', { n: thousands(found.total), q: query.trim() });
        return showMore(runId).then(function () {
          if (runId !== current.run) return;
          list.setAttribute('data-search-ms', String(Math.round(performance.now() - started)));
          setState('done', query);
        });
      }).catch(function (error) { if (runId === current.run) fail(query, error); });
    }

    function go(push) {
      window.clearTimeout(timer);
      var url = urlFor(state());
      if (url !== window.location.pathname + window.location.search) {
        if (push) window.history.pushState(null, '', url); else window.history.replaceState(null, '', url);
      }
      return run();
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      go(true);
    });
    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { go(false); }, DEBOUNCE_MS);
    });
    [categorySelect, yearSelect].forEach(function (select) {
      if (select) select.addEventListener('change', function () { go(true); });
    });
    more.addEventListener('click', function () {
      var first = current.shown;
      showMore(current.run).then(function () {
        var next = list.children[first] && list.children[first].querySelector('a');
        if (next) next.focus();
      }).catch(function (error) { fail(input.value, error); });
    });
    window.addEventListener('popstate', function () { fromUrl(); run(); });

    fromUrl();
    run();
  }

  function startAll() {
    var roots = document.querySelectorAll('[data-search-app]');
    for (var i = 0; i < roots.length; i++) {
      try { start(roots[i]); } catch (error) { if (global.console) global.console.error('search.js', error); }
    }
  }

  if (document.readyState === 'loading') {
    try { searchEarly(); } catch (error) { early = null; }
    document.addEventListener('DOMContentLoaded', startAll);
  } else {
    startAll();
  }
})(typeof window !== 'undefined' ? window : globalThis);
