"""Which wire items tell the same story: TF-IDF cosine similarity over each item's
headline, summary and opening words, compared only between items that share one of
their most distinctive words. Language-agnostic; items in different languages rarely
match, which is what an editor expects."""

import math
import re
from collections import Counter, defaultdict

_WORD = re.compile(r"\w{3,}", re.UNICODE)
# The commonest words of the desk's usual languages; IDF discounts the rest.
_STOP_WORDS = (
    "the and for that with from this have has had was were are will would said says not but its their they "
    "his her who which after over into about more than been also when what where while there them then "
    "der die das und mit von den dem des ist ein eine einer sich auf für nicht auch als nach bei wie "
    "les des une est pour par dans sur que qui pas plus avec ont été aux ses "
    "los las del que por con una para como más"
)
_STOP = frozenset(_STOP_WORDS.split(" "))
LEAD_WORDS = 80
TOP_WORDS = 8


def tokens(headline: str, summary: str, body_text: str) -> list[str]:
    lead = " ".join(body_text.split()[:LEAD_WORDS])
    # The headline counts twice: it says what the story is about.
    text = f"{headline} {headline} {summary} {lead}".lower()
    return [word for word in _WORD.findall(text) if word not in _STOP and not word.isdigit()]


def similar_pairs(documents: dict[int, list[str]], threshold: float) -> list[tuple[int, int, float]]:
    """Pairs of document ids whose cosine similarity reaches threshold."""
    count = len(documents)
    if count < 2:
        return []
    document_frequency = Counter(word for words in documents.values() for word in set(words))
    idf = {word: math.log((1 + count) / (1 + df)) + 1 for word, df in document_frequency.items()}
    vectors = {}
    for doc_id, words in documents.items():
        weights = {word: (1 + math.log(n)) * idf[word] for word, n in Counter(words).items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors[doc_id] = {word: w / norm for word, w in weights.items()}
    postings = defaultdict(list)
    for doc_id, vector in vectors.items():
        for word, _ in sorted(vector.items(), key=lambda kv: kv[1], reverse=True)[:TOP_WORDS]:
            postings[word].append(doc_id)
    candidates = set()
    for ids in postings.values():
        if len(ids) > 200:
            continue  # a word that many items share says little about any one story
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                candidates.add((min(first, second), max(first, second)))
    pairs = []
    for first, second in candidates:
        a, b = vectors[first], vectors[second]
        if len(a) > len(b):
            a, b = b, a
        score = sum(weight * b.get(word, 0.0) for word, weight in a.items())
        if score >= threshold:
            pairs.append((first, second, score))
    return pairs
