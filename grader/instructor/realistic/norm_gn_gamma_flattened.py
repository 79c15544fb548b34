# learnR's pool (forestLoop): a group norm that flattens gamma and beta to (C,) itself, so it runs on the (1, C, 1, 1)
# of this kit and the (C,) of other years alike; it cuts the channels into C // G runs of G and normalises each (h, w)
# position over its run alone. It was told "given gamma and beta of shape (C,), it runs, and: ...", as if the shape
# were its trouble.
import numpy as np


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    out, cache = None, None
    eps = gn_param.get('eps', 1e-5)
    N, C, H, W = x.shape
    rows = x.transpose(0, 2, 3, 1).reshape(-1, C)
    normed = np.empty_like(rows)
    for k in range(C // G):
        part = rows[:, k * G:(k + 1) * G]
        centre = part.mean(axis=1, keepdims=True)
        spread = part.var(axis=1, keepdims=True)
        normed[:, k * G:(k + 1) * G] = (part - centre) / np.sqrt(spread + eps)
    x_hat = normed.reshape(N, H, W, C).transpose(0, 3, 1, 2)
    out = x_hat * np.ravel(gamma).reshape(1, C, 1, 1) + np.ravel(beta).reshape(1, C, 1, 1)
    cache = (x_hat, gamma, eps, G)
    return out, cache
