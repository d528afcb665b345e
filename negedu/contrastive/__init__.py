"""Negatives we construct: word2vec's negative sampling, InfoNCE / SimCLR / MoCo, and triplets with mining.

In these methods the negative class is not a category of the data: it is built by the
algorithm, from random vocabulary draws (word2vec), from the other examples of a batch
(SimCLR), from a queue of recent keys (MoCo) or from the other identities of a batch
(FaceNet's triplets). Every loss is computed stably and ships its analytic gradient, checked
by finite differences in the tests. No reference implementation (gensim, torch,
TensorFlow) is installed, so the tests compare with formulas and loops written in the test.

word2vec (skip-gram with negative sampling):
    tokenize, noise_distribution, sample_negatives, skipgram_pairs, sgns_loss, sgns_loss_grad,
    train_sgns, most_similar (a corpus: negedu.datasets.load_pydoc_corpus)

InfoNCE, SimCLR, MoCo:
    info_nce_loss, info_nce_loss_grad, nt_xent_logits, nt_xent_loss, nt_xent_loss_grad,
    nt_xent_backward, MoCoQueue, momentum_update, train_linear_moco

False negatives (Chuang et al. 2020):
    debiased_nt_xent_loss, debiased_nt_xent_loss_grad

Training an encoder (a negedu.nn network, passed in):
    shift_images, augment_images, train_simclr, train_moco, train_triplet

Triplets and mining:
    pairwise_distances, triplet_loss, triplet_loss_grad, negative_difficulty,
    batch_all_triplets, batch_hard_triplets, semi_hard_triplets, batch_all_triplet_loss,
    batch_hard_triplet_loss, semi_hard_triplet_loss, batch_triplet_loss_grad

A batch with no valid pair or triplet: the pair losses (sgns, InfoNCE, NT-Xent, triplet_loss)
take their pairs explicitly, so an empty batch is a ``ValueError``. The batch triplet losses
mine the triplets from the labels; when the labels allow none (a single class, or no class
with two examples) they return 0.0 (``reduction="none"``: an empty array; the gradient: zeros)
with a ``UserWarning`` that says how to build a batch, so a training loop keeps running and
the user is told. The miners themselves return empty index arrays without a warning.
"""

from negedu.contrastive import _debiased, _infonce, _training, _triplet, _word2vec
from negedu.contrastive._word2vec import (
    most_similar,
    noise_distribution,
    sample_negatives,
    sgns_loss,
    sgns_loss_grad,
    skipgram_pairs,
    tokenize,
    train_sgns,
)
from negedu.contrastive._infonce import (
    MoCoQueue,
    info_nce_loss,
    info_nce_loss_grad,
    momentum_update,
    nt_xent_logits,
    nt_xent_loss,
    nt_xent_backward,
    nt_xent_loss_grad,
    train_linear_moco,
)
from negedu.contrastive._debiased import debiased_nt_xent_loss, debiased_nt_xent_loss_grad
from negedu.contrastive._training import augment_images, shift_images, train_moco, train_simclr, train_triplet
from negedu.contrastive._triplet import (
    batch_all_triplet_loss,
    batch_all_triplets,
    batch_hard_triplet_loss,
    batch_hard_triplets,
    batch_triplet_loss_grad,
    negative_difficulty,
    pairwise_distances,
    semi_hard_triplet_loss,
    semi_hard_triplets,
    triplet_loss,
    triplet_loss_grad,
)

# the three modules' own lists, in the order of the docstring above
__all__ = [*_word2vec.__all__, *_infonce.__all__, *_debiased.__all__, *_triplet.__all__, *_training.__all__]
