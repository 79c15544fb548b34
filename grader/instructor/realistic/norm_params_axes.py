# dgamma and dbeta summed over the wrong axes (per sample): a layer-norm backward that runs (its two parameter
# gradients fail on their shape and were told nothing), and a group-norm backward whose NameError hid the same slip
# in its dbeta; our own code, written to show what the sums' axes say.
import numpy as np


def layernorm_backward(dout, cache):
    x_hat, gamma, std = cache
    D = dout.shape[1]
    dbeta = dout.sum(axis=1)
    dgamma = (dout * x_hat).sum(axis=1)
    dx_hat = dout * gamma
    dx = (D * dx_hat - dx_hat.sum(axis=1, keepdims=True)
          - x_hat * (dx_hat * x_hat).sum(axis=1, keepdims=True)) / (D * std)
    return dx, dgamma, dbeta


def spatial_groupnorm_backward(dout, cache):
    x_hat, gamma, std, G = cache
    N, C, H, W = dout.shape
    dbeta = np.sum(dout, axis=(2, 3), keepdims=True)
    dgamma = np.sum(dout * x_hat, axis=(2, 3), keepdims=True)
    dxg_hat = (dout * gamma).reshape(N, G, -1)
    xg_hat = x_hat.reshape(N, G, -1)
    M = xg_hat.shape[2]
    dxg = (M * dxg_hat - dxg_hat.sum(axis=2, keepdims=True)
           - xg_hat * (dxg_hat * xg_hat).sum(axis=2, keepdims=True)) / (M * sigma.reshape(N, G, 1))
    dx = dxg.reshape(N, C, H, W)
    return dx, dgamma, dbeta
