"""Conv and max-pool layers on a strided view of the input (numpy's as_strided; one of four independent styles)."""
import numpy as np
from numpy.lib.stride_tricks import as_strided


def _view(arr, height, width, jump):
    """A read-only (N, C, OH, OW, height, width) view of ``arr``'s windows: no copy."""
    n, c, h, w_ = arr.shape
    oh, ow = (h - height) // jump + 1, (w_ - width) // jump + 1
    sn, sc, sh, sw = arr.strides
    return as_strided(arr, shape=(n, c, oh, ow, height, width),
                      strides=(sn, sc, sh * jump, sw * jump, sh, sw), writeable=False)


def conv_forward_naive(x, w, b, conv_param):
    jump, extra = conv_param["stride"], conv_param["pad"]
    framed = np.pad(x, ((0, 0), (0, 0), (extra, extra), (extra, extra)))
    view = _view(framed, w.shape[2], w.shape[3], jump)
    result = np.einsum("ncyxhw,fchw->nfyx", view, w, optimize=True) + b.reshape(1, -1, 1, 1)
    return result, (x, w, b, conv_param)


def conv_backward_naive(dout, cache):
    x, w, b, conv_param = cache
    jump, extra = conv_param["stride"], conv_param["pad"]
    framed = np.pad(x, ((0, 0), (0, 0), (extra, extra), (extra, extra)))
    view = _view(framed, w.shape[2], w.shape[3], jump)
    dw = np.einsum("nfyx,ncyxhw->fchw", dout, view, optimize=True)
    db = dout.sum(axis=0).sum(axis=-1).sum(axis=-1)
    contrib = np.einsum("nfyx,fchw->ncyxhw", dout, w, optimize=True)
    dframed = np.zeros(framed.shape)
    for y in range(dout.shape[2]):
        for z in range(dout.shape[3]):
            dframed[:, :, y * jump:y * jump + w.shape[2], z * jump:z * jump + w.shape[3]] += contrib[:, :, y, z]
    dx = dframed[:, :, extra:extra + x.shape[2], extra:extra + x.shape[3]]
    return dx, dw, db


def max_pool_forward_naive(x, pool_param):
    view = _view(np.ascontiguousarray(x), pool_param["pool_height"], pool_param["pool_width"],
                 pool_param["stride"])
    return view.max(axis=(4, 5)), (x, pool_param)


def max_pool_backward_naive(dout, cache):
    x, pool_param = cache
    height, width, jump = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    view = _view(np.ascontiguousarray(x), height, width, jump)
    n, c, oh, ow = view.shape[:4]
    picks = view.reshape(n, c, oh, ow, -1).argmax(axis=-1)
    rows, cols = np.divmod(picks, width)
    nn, cc, yy, zz = np.indices((n, c, oh, ow))
    dx = np.zeros(x.shape)
    np.add.at(dx, (nn, cc, yy * jump + rows, zz * jump + cols), dout)
    return dx
