"""Why a candidate pair of claims was joined into one incident or kept apart.

The vocabulary matching records per pair (as small integer codes) and
``--explain`` prints; :data:`FORCED` reasons join whatever the guard says.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: why a candidate pair was joined or kept apart (codes keep the pair frame small).
REASONS = {
    "joined": "joined",
    "label": "same incident label",
    "event": "parts of one event of one source (same event id)",
    "link_same": "linked by --links",
    "link_different": "kept apart by --links",
    "labels_differ": "different incident labels",
    "places": "places do not match",
    "score": "too little evidence: the score is below the threshold",
    "actors": "perpetrators differ",
    "dates": "periods do not overlap",
    "same_source": "same source, periods do not overlap (separate reports)",
    "long": "periods too different (a long toll and a shorter event)",
    "chain": "chaining guard: the incident would stretch beyond its longest claim",
    "bridge": "the two incidents these claims belong to hold places that cannot be one place",
    "vague": "no known place, and too many claims in its days it could belong to "
             "(blaming the same perpetrator, or unattributed like it) to choose one",
}


REASON_KEYS = list(REASONS)
FORCED = ("label", "event", "link_same")
JOINING = ("joined", *FORCED)


def reasons(codes) -> pd.Categorical:
    """Reason codes (positions in :data:`REASON_KEYS`) as a categorical column."""
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int8), categories=REASON_KEYS)
