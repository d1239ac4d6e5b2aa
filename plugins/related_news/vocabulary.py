"""Vietnamese function words (hư từ) for the related-news scoring.

Syllables, lower case, NFC. They carry grammar rather than topic: relation
words, conjunctions, aspect and tense markers, quantifiers, classifiers,
pronouns and discourse particles. `scoring.py` multiplies their weight by
`RelatedConfig.function_word_weight` and never forms a bigram from two of
them ("của các", "đã được"), so they cannot dominate a similarity or its
explanation. Content syllables that merely look common in administrative
news ("tỉnh", "huyện", "năm", "công tác") are *not* listed here: the idf
weighting takes care of them, and they do carry some topic.
"""

from __future__ import annotations

import unicodedata

_WORDS = """
của và các được trong cho với là những đã này có không một để khi từ theo về đến tại
cũng như thì mà nhưng hay hoặc nên vì do bởi nếu rằng lại ra vào lên xuống
đó đây kia ấy nọ nào gì ai đâu sao bao
sẽ đang vẫn còn rất quá lắm nhiều ít mỗi mọi cả chỉ đều thêm nữa cùng nhau bị phải
thế vậy sau trước trên dưới ngoài giữa qua bằng hơn nhất tới
ông bà anh chị em tôi chúng họ mình nó ta
à ạ nhé ơi chưa đi sự cuộc điều cái chiếc việc
vừa luôn ngay hết đầu khác nhằm hiện nay thường
thì là mà dù tuy song hễ hầu như
""".split()

FUNCTION_WORDS: frozenset[str] = frozenset(unicodedata.normalize("NFC", word) for word in _WORDS)
