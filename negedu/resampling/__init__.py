"""Resampling: every under-sampler, over-sampler and combination, from scratch.

Each sampler is a public function holding the algorithm (``tomek_links(X, y)``) and a class
with imbalanced-learn's name, parameters and ``fit_resample`` (``TomekLinks().fit_resample``).
For the same integer ``random_state`` both return the same rows as imbalanced-learn 0.14 on
continuous data.

Three kernels that the samplers call are public too, so that the chapters show the samplers'
own arithmetic: ``smote_interpolate`` (the step from a sample towards its neighbour),
``borderline_danger`` (Borderline-SMOTE's safe / danger / noise test) and
``adasyn_allocation`` (ADASYN's share of the new points per sample).
"""

from negedu.resampling._base import BaseSampler
from negedu.resampling._strategy import check_sampling_strategy

# Under-samplers and cleaners (worker A)
from negedu.resampling._random_under import RandomUnderSampler, random_under_sample
from negedu.resampling._tomek import TomekLinks, find_tomek_links, tomek_links
from negedu.resampling._nearmiss import NearMiss, near_miss
from negedu.resampling._enn import EditedNearestNeighbours, edited_nearest_neighbours

# Over-samplers and combinations (worker B)
from negedu.resampling._random_over import RandomOverSampler, random_over_sample
from negedu.resampling._smote import SMOTE, smote, smote_interpolate
from negedu.resampling._borderline import BorderlineSMOTE, borderline_danger, borderline_smote
from negedu.resampling._adasyn import ADASYN, adasyn, adasyn_allocation
from negedu.resampling._combine import SMOTEENN, SMOTETomek, smote_enn, smote_tomek

# Probabilities after resampling (chapter 7)
from negedu.resampling._prior import prior_correction, resampling_beta

__all__ = [
    "BaseSampler",
    "check_sampling_strategy",
    # under-samplers and cleaners
    "RandomUnderSampler",
    "random_under_sample",
    "TomekLinks",
    "tomek_links",
    "find_tomek_links",
    "NearMiss",
    "near_miss",
    "EditedNearestNeighbours",
    "edited_nearest_neighbours",
    # over-samplers and combinations
    "RandomOverSampler",
    "random_over_sample",
    "SMOTE",
    "smote",
    "smote_interpolate",
    "BorderlineSMOTE",
    "borderline_smote",
    "borderline_danger",
    "ADASYN",
    "adasyn",
    "adasyn_allocation",
    "SMOTETomek",
    "smote_tomek",
    "SMOTEENN",
    "smote_enn",
    # probabilities after resampling
    "resampling_beta",
    "prior_correction",
]
