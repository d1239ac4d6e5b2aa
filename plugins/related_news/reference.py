"""The plain TF-IDF reference the related-news scoring is measured against.

What the corpus README's figure 0.708 means, rebuilt without scikit-learn:
title + lead + body as one text, NFC and lower case, syllable unigrams and
bigrams of adjacent syllables (a syllable is a run of letters and digits that
starts with a letter; numbers and punctuation are not terms and no bigram
spans them),
sublinear tf (1 + ln tf), smoothed idf ln((1+N)/(1+df)) + 1, min_df = 2,
L2-normalised rows, cosine similarity, every pair compared (dense N × N:
for benchmark corpora of a few thousand articles only).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from vietnamese.text import nfc

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")


def _terms(text: str) -> Counter:
    tokens = [t if t[0].isalpha() else None for t in _TOKEN.findall(nfc(text).lower())]
    counts = Counter(t for t in tokens if t)
    counts.update(a + " " + b for a, b in zip(tokens, tokens[1:]) if a and b)
    return counts


def tfidf_reference_lists(documents: Sequence, k: int = 5) -> dict[str, list[str]]:
    """key -> the k keys with the highest TF-IDF cosine (ties by key), never itself."""
    docs = sorted(documents, key=lambda d: d.key)
    keys = [d.key for d in docs]
    n = len(docs)
    counts = [_terms("\n".join((d.title, d.lead, d.body))) for d in docs]
    df = Counter(term for c in counts for term in c)
    vocab = {term: i for i, term in enumerate(sorted(t for t, f in df.items() if f >= 2))}
    rows, cols, vals = [], [], []
    for i, c in enumerate(counts):
        for term, tf in c.items():
            j = vocab.get(term)
            if j is not None:
                rows.append(i)
                cols.append(j)
                vals.append(1.0 + np.log(tf))
    X = sp.csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)), dtype=np.float64)
    dfv = np.zeros(len(vocab))
    for term, j in vocab.items():
        dfv[j] = df[term]
    X = X @ sp.diags(np.log((1.0 + n) / (1.0 + dfv)) + 1.0)
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    X = sp.diags(1.0 / norms) @ X
    S = (X @ X.T).toarray()
    np.fill_diagonal(S, -np.inf)
    result = {}
    for i, key in enumerate(keys):
        order = np.lexsort((np.arange(n), -S[i]))  # score desc, then key order
        result[key] = [keys[j] for j in order[:k] if j != i][:k]
    return result
